"""CSV import: upload, map, preview, confirm in one transaction. Malformed files (wrong
encoding, missing columns, duplicate emails, unknown members, dates in three formats,
10 MB of garbage) each get a clear message and save nothing; a 5,000-row file imports in
seconds; confirming twice at once imports once; who may import."""

from __future__ import annotations

import html
import io
import re
import time
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
import sqlalchemy as sa

from partner_net import clock
from partner_net.domain import table_import as reader
from partner_net.extensions import db
from partner_net.models import (
    Attendance,
    ImportBatch,
    Invitation,
    Meeting,
    Membership,
    OutboxMessage,
    Referral,
    ReferralEvent,
)
from tests import factories
from tests.live import Browser, statuses_at_once

NOW = datetime(2030, 6, 12, 10, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def fixed_now(set_now):
    set_now(NOW)


def count(model) -> int:
    db.session.expire_all()
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def multipart(kind: str, content: bytes, name: str = "file.csv") -> tuple[bytes, str]:
    """The form's body, built here: the test client spools large bodies to temporary files
    it does not close."""
    boundary = "----partner-net-test"
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\n"
            f"{kind}\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; "
            f"filename=\"{name}\"\r\nContent-Type: text/csv\r\n\r\n").encode() + content + (
            f"\r\n--{boundary}--\r\n").encode()
    return body, f"multipart/form-data; boundary={boundary}"


def upload(client, world, kind: str, content: bytes, name: str = "file.csv"):
    body, content_type = multipart(kind, content, name)
    return client.post(f"/g/{world.group.slug}/import", input_stream=io.BytesIO(body),
                       content_type=content_type, content_length=len(body))


def batch_id(response) -> int:
    assert response.status_code == 302, response.status_code
    return int(re.search(r"/import/(\d+)/columns", response.location)[1])


def base(world, batch: int) -> str:
    return f"/g/{world.group.slug}/import/{batch}"


def text(response) -> str:
    """The page's words, without tags."""
    return html.unescape(re.sub(r"<[^>]+>", "", response.get_data(as_text=True)))


@pytest.fixture
def organizer(client, auth, world):
    auth.login(world.organizer)
    return world


# --- pure reading --------------------------------------------------------------------------


@pytest.mark.parametrize(("text_", "order", "expected"), [
    ("2025-03-04", "dmy", date(2025, 3, 4)),
    ("04/03/2025", "dmy", date(2025, 3, 4)),
    ("4.3.2025", "dmy", date(2025, 3, 4)),
    ("03/04/2025", "mdy", date(2025, 3, 4)),
    ("31/02/2025", "dmy", None), ("04/03/25", "dmy", None), ("yesterday", "dmy", None),
])
def test_dates_in_three_formats(text_, order, expected):
    assert reader.parse_date(text_, order) == expected


def test_the_date_order_is_guessed_from_the_values():
    assert reader.guess_date_order(["2025-01-02"]) == "ymd"
    assert reader.guess_date_order(["01/02/2025", "25/02/2025"]) == "dmy"
    assert reader.guess_date_order(["01/02/2025", "02/25/2025"]) == "mdy"


@pytest.mark.parametrize(("amount", "value"), [
    ("1,234.50", Decimal("1234.50")), ("1.234,50", Decimal("1234.50")),
    ("1250,00", Decimal("1250.00")), ("£1,200", Decimal("1200")), ("abc", None),
    ("1e999", None),
])
def test_amounts(amount, value):
    assert reader.parse_amount(amount) == value


# --- malformed files: a clear message, nothing saved -------------------------------------


@pytest.mark.parametrize(("content", "message"), [
    ("email,name\r\nrené@example.com,René\r\n".encode("cp1252"), "is not UTF-8 text"),
    (b"", "That file is empty."),
    (b"email,name\r\n", "a header row but no rows"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "does not look like a CSV file"),
    (("a," * 60 + "\r\n1\r\n").encode(), "columns; the most we read is 50"),
])
def test_unreadable_files_say_why_and_save_nothing(client, organizer, content, message):
    response = upload(client, organizer, "members", content)
    assert response.status_code == 400
    assert message in text(response)
    assert count(ImportBatch) == 0 and count(Invitation) == 0


def test_ten_megabytes_of_garbage_are_refused_with_a_message(client, organizer):
    garbage = bytes(range(256)) * (10 * 1024 * 1024 // 256)
    response = upload(client, organizer, "referrals", garbage)
    assert response.status_code == 413
    assert "larger than 4 MB" in text(response)
    assert count(ImportBatch) == 0


def test_missing_columns_are_named(client, organizer):
    response = upload(client, organizer, "referrals", b"date,giver,amount\r\n2025-01-02,a,b\r\n")
    page = client.get(response.location)
    assert "Given to (email or name) *" in text(page)
    mapping = client.post(response.location, data={
        "col_date": "1", "col_giver": "2", "col_receiver": "0", "col_status": "0",
        "col_value": "3", "col_prospect": "0", "col_need": "0", "date_order": "ymd"})
    assert mapping.status_code == 400
    assert "Choose the column for Given to (email or name)." in text(mapping)
    same = client.post(response.location, data={
        "col_date": "1", "col_giver": "2", "col_receiver": "2", "date_order": "ymd"})
    assert "use the same column" in text(same)
    assert count(Referral) == 0


def test_duplicate_emails_and_members_already_there_are_row_errors(client, organizer):
    w = organizer
    content = ("email,name\r\nnew@example.com,New\r\nNEW@example.com,Again\r\n"
               f"{w.alice.email},Alice\r\nnot-an-email,Nobody\r\n").encode()
    batch = batch_id(upload(client, w, "members", content))
    page = text(client.get(base(w, batch) + "/preview"))
    assert "3 problems in 4 rows" in page
    assert "Line 3, Email: new@example.com is also on an earlier row." in page
    assert "Line 4, Email: is already a member of the group." in page
    assert "is not an email address" in page
    response = client.post(base(w, batch) + "/confirm")
    assert response.status_code == 302 and "/preview" in response.location
    assert count(Invitation) == 0 and count(OutboxMessage) == 0


def test_unknown_members_and_bad_values_are_row_errors(client, organizer):
    w = organizer
    content = ("date;giver;receiver;status;value\r\n"
               f"2030-01-02;{w.alice.email};Zed Unknown;won;100\r\n"
               "2030-01-02;Alice Archer;Alice Archer;given;\r\n"
               "2031-01-01;Alice Archer;Bob Baker;maybe;10\r\n"
               "13/13/2030;Alice Archer;Bob Baker;given;lots\r\n").encode()
    batch = batch_id(upload(client, w, "referrals", content))
    page = text(client.get(base(w, batch) + "/preview"))
    assert "no member of the group is called Zed Unknown" in page
    assert "is the same member as the giver" in page
    assert "is in the future" in page
    assert "“maybe” is not one of" in page
    assert "“13/13/2030” is not a date" in page
    assert "“lots” is not an amount" in page
    client.post(base(w, batch) + "/confirm")
    assert count(Referral) == 0


# --- the happy paths -------------------------------------------------------------------------


def test_members_import_sends_invitations(client, organizer):
    w = organizer
    content = b"\xef\xbb\xbfEmail;Name\r\nana@example.com;Ana\r\nben@example.com;Ben\r\n"
    batch = batch_id(upload(client, w, "members", content))
    assert "/preview" in client.post(base(w, batch) + "/columns", data={
        "col_email": "1", "col_name": "2"}).location
    page = text(client.get(base(w, batch) + "/preview"))
    assert "All 2 rows are ready." in page
    assert count(Invitation) == 0  # nothing until confirmed
    response = client.post(base(w, batch) + "/confirm")
    assert response.status_code == 302 and response.location.endswith("/manage/invitations")
    assert sorted(db.session.scalars(sa.select(Invitation.email))) == [
        "ana@example.com", "ben@example.com"]
    assert count(OutboxMessage) == 2
    assert db.session.get(ImportBatch, batch).content == ""
    again = client.post(base(w, batch) + "/confirm")
    assert again.status_code == 303 and count(Invitation) == 2


def test_referrals_with_a_bom_semicolons_and_three_date_formats(client, organizer):
    w = organizer
    content = ("\ufeffDate;Giver;Receiver;Status;Value;Prospect;Need\r\n"
               f"2030-01-02;{w.alice.email};Bob Baker;Won;1.250,50;Café Nord;Espresso lease\r\n"
               "03/01/2030;Bob Baker;alice archer;Contacted;;Dock 7;Accounts\r\n"
               "4.1.2030;Olivia Organizer;Bob Baker;;;;\r\n").encode()
    batch = batch_id(upload(client, w, "referrals", content))
    columns = text(client.get(base(w, batch) + "/columns"))
    assert "semicolon separated" in columns
    assert db.session.get(ImportBatch, batch).date_order == "dmy"
    preview = client.get(base(w, batch) + "/preview")
    assert "All 3 rows are ready." in text(preview)
    assert client.post(base(w, batch) + "/confirm").status_code == 302
    rows = db.session.execute(sa.select(
        Referral.giver_id, Referral.receiver_id, Referral.status, Referral.closed_value,
        Referral.prospect_name, Referral.created_at).order_by(Referral.id)).all()
    assert [(r[0], r[1], r[2], r[3], r[4]) for r in rows] == [
        (w.alice.id, w.bob.id, "won", Decimal("1250.50"), "Café Nord"),
        (w.bob.id, w.alice.id, "contacted", None, "Dock 7"),
        (w.organizer.id, w.bob.id, "given", None, "Imported referral")]
    assert [r[5].date() for r in rows] == [date(2030, 1, 2), date(2030, 1, 3), date(2030, 1, 4)]
    assert count(ReferralEvent) == 5  # created x3, plus won and contacted
    assert w.group.referrals_version >= 1


def test_month_first_dates_when_the_organizer_says_so(client, organizer):
    w = organizer
    content = b"date,member,status\r\n01/02/2030,Alice Archer,present\r\n"
    batch = batch_id(upload(client, w, "attendance", content))
    client.post(base(w, batch) + "/columns", data={
        "col_date": "1", "col_member": "2", "col_status": "3", "date_order": "mdy"})
    client.post(base(w, batch) + "/confirm")
    assert db.session.scalar(sa.select(Meeting.scheduled_on)) == date(2030, 1, 2)


def test_attendance_marks_twice_or_already_there_are_errors(client, organizer):
    w = organizer
    content = (b"date,member,status\r\n2030-01-02,Alice Archer,present\r\n"
               b"2030-01-02,alice archer,late\r\n2030-01-02,Bob Baker,holiday\r\n")
    batch = batch_id(upload(client, w, "attendance", content))
    page = text(client.get(base(w, batch) + "/preview"))
    assert "Alice Archer on 2 Jan 2030 is also on an earlier row" in page
    assert "“holiday” is not one of: Present, Late, Absent, Medical, Substitute" in page


def test_five_thousand_rows_import_in_seconds(client, organizer):
    w = organizer
    people = [factories.make_member(f"Person {n}") for n in range(20)]
    for p in people:
        factories.join(w.group, p)
    db.session.commit()
    start_day = date(2025, 1, 6)
    lines = ["date,member,status"]
    for week in range(250):
        day = start_day + timedelta(days=7 * week)
        lines += [f"{day.isoformat()},{p.email},{'absent' if (week + n) % 9 == 0 else 'present'}"
                  for n, p in enumerate(people)]
    content = ("\r\n".join(lines) + "\r\n").encode()
    assert len(lines) == 5001
    started = time.perf_counter()
    batch = batch_id(upload(client, w, "attendance", content))
    assert "All 5,000 rows are ready." in text(client.get(base(w, batch) + "/preview"))
    assert client.post(base(w, batch) + "/confirm").status_code == 302
    elapsed = time.perf_counter() - started
    assert count(Attendance) == 5000 and count(Meeting) == 250
    assert elapsed < 20, elapsed  # seconds, on a shared 2-core machine


def test_too_many_rows_are_refused(client, organizer):
    content = ("email\r\n" + "".join(f"p{n}@example.com\r\n" for n in range(501))).encode()
    response = upload(client, organizer, "members", content)
    assert "more than 500 rows" in text(response)


def test_samples_download_and_import_cleanly(client, organizer):
    for kind in ("members", "referrals", "attendance"):
        response = client.get(f"/g/{organizer.group.slug}/import/samples/{kind}.csv")
        assert response.status_code == 200
        assert response.data.startswith(b"\xef\xbb\xbf")
        table = reader.read_table(response.data, 10)
        spec = reader.kinds()[kind]
        assert not reader.mapping_problems(spec, reader.guess_mapping(spec, table.header),
                                           len(table.header))
    assert client.get(f"/g/{organizer.group.slug}/import/samples/x.csv").status_code == 404


# --- who may import -------------------------------------------------------------------------


def test_who_may_import(client, auth, world):
    path = f"/g/{world.group.slug}/import"
    assert "/auth/signin" in client.get(path).location
    auth.login(world.alice)
    assert client.get(path).status_code == 403
    assert upload(client, world, "members", b"email\r\na@b.co\r\n").status_code == 403
    auth.logout()
    auth.login(world.organizer)
    batch = batch_id(upload(client, world, "members", b"email\r\na@example.com\r\n"))
    auth.logout()
    auth.login(world.other_organizer)
    for suffix in ("/columns", "/preview"):
        assert client.get(base(world, batch) + suffix).status_code == 404
    assert client.post(base(world, batch) + "/confirm").status_code == 404
    # Their own group cannot reach this group's batch either.
    other = f"/g/{world.other_group.slug}/import/{batch}/preview"
    assert client.get(other).status_code == 404
    assert count(Invitation) == 0


@pytest.mark.parametrize("app_config", [{"RATELIMIT_ENABLED": True,
                                         "IMPORT_RATE_LIMIT": "2 per hour"}])
def test_uploads_are_rate_limited(client, organizer, fresh_g):
    for _ in range(2):
        assert upload(client, organizer, "members", b"email\r\na@example.com\r\n"
                      ).status_code == 302
    assert upload(client, organizer, "members", b"email\r\na@example.com\r\n"
                  ).status_code == 429


def test_confirming_twice_at_once_imports_once(live, world, monkeypatch):  # noqa: F811
    monkeypatch.setattr(clock, "now", lambda: datetime.now(UTC))
    content = "email\r\n" + "".join(f"p{n}@example.com\r\n" for n in range(30))
    batch = ImportBatch(group_id=world.group.id, member_id=world.organizer.id, kind="members",
                        content=content, mapping={"email": 0, "name": None},
                        date_order="ymd", row_count=30)
    db.session.add(batch)
    db.session.commit()
    browsers = [Browser(live, world.organizer) for _ in range(5)]
    path = f"/g/{world.group.slug}/import/{batch.id}/confirm"
    statuses = statuses_at_once([lambda b=b: b.post(path, {}) for b in browsers])
    assert sorted(statuses) == [302] + [303] * 4, statuses
    assert count(Invitation) == 30
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Membership)) == 4


def test_a_file_over_the_sites_usual_upload_limit_is_accepted(client, organizer, app):
    """The site refuses bodies over MAX_CONTENT_LENGTH (1 MB); an import may be 4 MB."""
    w = organizer
    need = "x" * 400
    lines = ["date,giver,receiver,status,value,prospect,need"] + [
        f"2030-01-02,{w.alice.email},{w.bob.email},given,,Prospect {n},{need}"
        for n in range(4000)]
    content = ("\r\n".join(lines) + "\r\n").encode()
    assert app.config["MAX_CONTENT_LENGTH"] < len(content) < reader.MAX_BYTES
    batch = batch_id(upload(client, w, "referrals", content))
    assert "All 4,000 rows are ready." in text(client.get(base(w, batch) + "/preview"))
