"""Importing contacts: phone-shaped vCards (3.0, 4.0, 2.1, folded lines, UTF-8 names,
photos ignored), CSV exports (UTF-8 with a BOM, semicolons, Google's columns), the
preview with duplicates, nothing saved until confirmed, once, and bounded files."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
import sqlalchemy as sa

from partner_net.extensions import db
from partner_net.models import Contact
from partner_net.sphere import imports
from tests.sphere_factories import contact as make_contact

DATA = Path(__file__).parent / "data" / "sphere"


def read(name: str) -> list[imports.Candidate]:
    return imports.read_contacts(name, (DATA / name).read_bytes())


# --- reading files ----------------------------------------------------------------------


def test_an_iphone_export_vcard_3():
    found = read("iphone.vcf")
    assert found == [
        imports.Candidate("Jürgen Müller", "juergen@mueller-baeckerei.example",
                          "+49 151 2345 6789", "Müller Bäckerei GmbH"),
        imports.Candidate("Siobhán O’Brien", "", "07700 900123", ""),
        imports.Candidate("Harbour Plumbing Ltd", "office@harbourplumbing.example", "",
                          "Harbour Plumbing Ltd"),
    ]


def test_an_android_export_vcard_4_and_3():
    assert read("android.vcf") == [
        imports.Candidate("Zoë Ångström", "ZOE.ANGSTROM@Example.com", "+44-7700-900456",
                          "Ångström Design"),
        imports.Candidate("李小龍", "xiaolong@example.hk", "+852 9123 4567", ""),
    ]


def test_an_older_android_export_vcard_2_1_quoted_printable():
    assert read("android_21.vcf") == [imports.Candidate(
        "Jürgen Müller", "juergen@mueller-baeckerei.example", "+49 151 2345 6789", "")]


def test_a_semicolon_csv_with_a_bom_and_first_and_last_names():
    assert read("excel_semicolon.csv") == [
        imports.Candidate("Amélie Dubois", "amelie@dubois.example", "+33 6 12 34 56 78",
                          "Boulangerie Dubois"),
        imports.Candidate("Éric Lefèvre", "eric.lefevre@example.fr", "", ""),
        imports.Candidate("Zoé Garçon", "", "06 98 76 54 32", "Café Zoé"),
    ]


def test_a_google_contacts_csv_takes_the_first_of_several_emails():
    tom, ngozi = read("google.csv")
    assert (tom.name, tom.email, tom.company) == ("Tom Baker", "tom@bakercover.example",
                                                  "Baker Cover")
    assert ngozi.name == "Okafor, Ngozi"


@pytest.mark.parametrize(("name", "data", "message"), [
    ("big.vcf", b"BEGIN:VCARD\r\n" + b"x" * imports.MAX_BYTES, "the most we read is 512 KB"),
    ("empty.csv", b"", "That file is empty."),
    ("odd.vcf", b"hello", "does not look like a vCard"),
    ("nohead.csv", b"foo,bar\n1,2\n", "one called Name"),
    ("broken.vcf", b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Half a card\r\n", "could not be read"),
    ("names.csv", b"Name,Email\n,\n", "No contacts with a name"),
    ("nul.csv", b"Name\nA\x00B\n", None),
])
def test_files_that_cannot_be_read_say_why(name, data, message):
    if message is None:
        assert imports.read_contacts(name, data) == [imports.Candidate("AB")]
        return
    with pytest.raises(imports.ImportProblem, match=message):
        imports.read_contacts(name, data)


def test_too_many_contacts_are_refused():
    data = "Name\n" + "\n".join(f"Person {n}" for n in range(imports.MAX_CONTACTS + 1))
    with pytest.raises(imports.ImportProblem, match="import up to 1,000"):
        imports.read_contacts("many.csv", data.encode())


# --- the web: preview, confirm ----------------------------------------------------------


def url(world, suffix: str = "") -> str:
    return f"/g/{world.group.slug}/sphere{suffix}"


def upload(client, world, name: str, data: bytes | None = None):
    data = (DATA / name).read_bytes() if data is None else data
    return client.post(url(world, "/import"), data={"file": (io.BytesIO(data), name)},
                       content_type="multipart/form-data")


def contacts_of(member) -> list[Contact]:
    return list(db.session.scalars(sa.select(Contact).filter_by(owner_id=member.id)
                                   .order_by(Contact.id)))


def test_preview_then_confirm_imports_in_one_go_and_once(client, auth, world):
    make_contact(world.alice, "Jürgen M.", phone="0151 23456789")  # same mobile, no +49
    auth.login(world.alice)
    response = upload(client, world, "iphone.vcf")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "3 contacts found" in html and "Nothing is saved yet" in html
    assert "already in your sphere" in html
    assert len(contacts_of(world.alice)) == 1  # nothing saved by the preview
    payload = re.search(r'name="payload" type="hidden" value="([^"]+)"', html).group(1)
    picked = re.findall(r'name="pick" value="(\d+)" checked', html)
    assert picked == ["1", "2"]  # the duplicate is unticked
    data = {"payload": payload, "pick": picked, "rung": "customer"}
    first = client.post(url(world, "/import/confirm"), data=data)
    assert first.status_code == 302
    names = [c.name for c in contacts_of(world.alice)]
    assert names == ["Jürgen M.", "Siobhán O’Brien", "Harbour Plumbing Ltd"]
    assert {c.rung for c in contacts_of(world.alice)[1:]} == {"customer"}
    assert "2 contacts added to your sphere." in client.get(first.location).get_data(
        as_text=True)
    again = client.post(url(world, "/import/confirm"), data=data)
    assert again.status_code == 302
    assert "already imported" in client.get(again.location).get_data(as_text=True)
    assert len(contacts_of(world.alice)) == 3


def test_a_duplicate_within_the_file_is_flagged(client, auth, world):
    auth.login(world.alice)
    data = b"Name;Phone\nAnn One;07700 900123\nAnn Again;+44 7700 900123\n"
    html = upload(client, world, "twice.csv", data).get_data(as_text=True)
    assert "twice in this file" in html
    assert re.findall(r'name="pick" value="(\d+)" checked', html) == ["0"]


def test_a_tampered_or_empty_confirmation_saves_nothing(client, auth, world):
    auth.login(world.alice)
    html = upload(client, world, "google.csv").get_data(as_text=True)
    payload = re.search(r'name="payload" type="hidden" value="([^"]+)"', html).group(1)
    tampered = client.post(url(world, "/import/confirm"),
                           data={"payload": payload[:-3] + "abc", "pick": ["0"]})
    assert tampered.status_code == 302
    assert "expired" in client.get(tampered.location).get_data(as_text=True)
    none = client.post(url(world, "/import/confirm"), data={"payload": payload,
                                                            "rung": "suspect"})
    assert none.status_code == 400
    assert "Tick at least one contact" in none.get_data(as_text=True)
    odd = client.post(url(world, "/import/confirm"), data={"payload": payload,
                                                           "pick": ["x"], "rung": "suspect"})
    assert odd.status_code == 400
    assert contacts_of(world.alice) == []


def test_a_bad_file_shows_the_reason_next_to_the_field(client, auth, world):
    auth.login(world.alice)
    response = upload(client, world, "odd.vcf", b"hello")
    assert response.status_code == 400
    assert 'id="file-error"' in response.get_data(as_text=True)


def test_a_file_over_the_site_limit_gets_a_clear_message(client, auth, world, app):
    app.config["MAX_CONTENT_LENGTH"] = 100 * 1024  # small: no temporary file is spooled
    auth.login(world.alice)
    response = upload(client, world, "huge.vcf", b"x" * (200 * 1024))
    assert response.status_code == 413
    assert "That file is too large" in response.get_data(as_text=True)


@pytest.mark.parametrize("who", ["bob", "other_organizer"])
def test_an_import_preview_cannot_be_confirmed_into_someone_else_s_sphere(client, auth,
                                                                          world, who):
    auth.login(world.alice)
    html = upload(client, world, "google.csv").get_data(as_text=True)
    payload = re.search(r'name="payload" type="hidden" value="([^"]+)"', html).group(1)
    auth.logout()
    auth.login(getattr(world, who))
    response = client.post(url(world, "/import/confirm"), data={"payload": payload,
                                                                "pick": ["0"]})
    expected = 302 if who == "bob" else 404
    assert response.status_code == expected
    assert contacts_of(world.alice) == []
