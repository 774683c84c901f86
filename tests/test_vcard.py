"""“Save contact”: the vCard 3.0 download and the pure builder behind it."""

from __future__ import annotations

import pytest

from partner_net.extensions import db
from partner_net.members.vcard import escape_text, fold_line, split_name, vcard_filename, vcard_for


def unfold(text: str) -> list[str]:
    return text.replace("\r\n ", "").split("\r\n")


def test_download_for_a_group_member(client, auth, world):
    bob = world.bob
    bob.phone = "+44 20 7946 0958"
    bob.website = "https://baker.example.com/a;b,c"
    bob.talkable_difference = "Cover, explained; simply.\nNo small print \\ ever."
    db.session.commit()
    auth.login(world.alice)
    response = client.get(f"/g/{world.group.slug}/members/{bob.id}.vcf")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/vcard; charset=utf-8"
    assert response.headers["Content-Disposition"] == 'attachment; filename="bob-baker.vcf"'
    text = response.get_data(as_text=True)
    assert text.startswith("BEGIN:VCARD\r\nVERSION:3.0\r\n")
    assert text.endswith("END:VCARD\r\n")
    lines = unfold(text)
    assert "N:Baker;Bob;;;" in lines
    assert "FN:Bob Baker" in lines
    assert "ORG:Baker Cover" in lines
    assert "TITLE:Commercial insurance" in lines
    assert "TEL;TYPE=WORK,VOICE:+44 20 7946 0958" in lines
    assert f"EMAIL;TYPE=INTERNET:{bob.email}" in lines
    assert "URL:https://baker.example.com/a;b,c" in lines
    assert "NOTE:Cover\\, explained\\; simply.\\nNo small print \\\\ ever." in lines


def test_organizer_downloads_too(client, auth, world):
    auth.login(world.organizer)
    response = client.get(f"/g/{world.group.slug}/members/{world.alice.id}.vcf")
    assert response.status_code == 200
    assert "FN:Alice Archer" in response.get_data(as_text=True)


def test_empty_fields_are_left_out(client, auth, world):
    auth.login(world.alice)
    text = client.get(f"/g/{world.group.slug}/members/{world.alice.id}.vcf").get_data(
        as_text=True)
    assert "TEL" not in text and "URL" not in text and "NOTE" not in text


@pytest.mark.parametrize(
    ("raw", "escaped"),
    [
        ("plain", "plain"),
        ("a,b", "a\\,b"),
        ("a;b", "a\\;b"),
        ("back\\slash", "back\\\\slash"),
        ("two\nlines", "two\\nlines"),
        ("windows\r\nline", "windows\\nline"),
        ("old\rmac", "old\\nmac"),
        ("\\,", "\\\\\\,"),
        (None, ""),
    ],
)
def test_escape_text(raw, escaped):
    assert escape_text(raw) == escaped


def test_structured_name_parts_are_escaped():
    class Person:
        name = "Jean; Luc, Picard"
        email = "jl@example.com"
        business = category = phone = website = talkable_difference = ""

    lines = unfold(vcard_for(Person()))
    assert "N:Picard;Jean\\; Luc\\,;;;" in lines
    assert "FN:Jean\\; Luc\\, Picard" in lines


def test_long_lines_fold_at_75_octets_without_splitting_characters():
    line = "NOTE:" + "é" * 100 + "x" * 50
    folded = fold_line(line)
    parts = folded.split("\r\n")
    assert len(parts) > 1
    assert all(len(p.encode("utf-8")) <= 75 for p in parts)
    assert all(p.startswith(" ") for p in parts[1:])
    assert folded.replace("\r\n ", "") == line


@pytest.mark.parametrize(
    ("name", "parts"),
    [("Alice Archer", ("Archer", "Alice")), ("Mary Ann de Vries", ("Vries", "Mary Ann de")),
     ("Cher", ("Cher", "")), ("", ("", ""))],
)
def test_split_name(name, parts):
    assert split_name(name) == parts


@pytest.mark.parametrize(
    ("name", "filename"),
    [
        ("Alice Archer", "alice-archer.vcf"),
        ("Zoë Ångström", "zoe-angstrom.vcf"),
        ('../../etc/"passwd"\r\n', "etc-passwd.vcf"),
        ("李小龍", "contact.vcf"),
        ("x" * 100, "x" * 60 + ".vcf"),
    ],
)
def test_filename_is_safe(name, filename):
    assert vcard_filename(name) == filename
