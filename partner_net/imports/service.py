"""Importing a spreadsheet into a group: checking every row against the group's members
(errors per row, nothing saved), and adding all of them in one transaction on confirm.

Members become invitations (emailed through the outbox); past referrals become referrals
with their history (created, and the final status) and no notification; attendance marks
go on the meetings of their dates (made as one-offs when the schedule had none).
"""

from __future__ import annotations

import secrets
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

import sqlalchemy as sa
from email_validator import EmailNotValidError, validate_email

from partner_net import clock
from partner_net.domain import table_import as reader
from partner_net.domain.attendance import LABELS as MARK_LABELS
from partner_net.domain.attendance import Mark
from partner_net.extensions import db
from partner_net.groups import service as groups
from partner_net.meetings.schedule import is_schedule_date
from partner_net.models import (
    Attendance,
    Group,
    ImportBatch,
    Invitation,
    Meeting,
    Member,
    Membership,
    Referral,
    ReferralEvent,
)
from partner_net.referrals.pipeline import LABELS as STATUS_LABELS
from partner_net.referrals.pipeline import Status

#: Rows the preview shows (all errors are listed besides, up to ERRORS_SHOWN).
PREVIEW_ROWS = 50
ERRORS_SHOWN = 200
#: Unconfirmed uploads are deleted after this long.
KEEP_UPLOADS = timedelta(days=1)
EARLIEST = date(2000, 1, 1)


@dataclass(frozen=True)
class RowError:
    line: int
    field: str
    message: str


@dataclass
class Checked:
    total: int
    valid: list[dict] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    preview: list[tuple[int, dict[str, str], list[RowError]]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


# --- uploads -------------------------------------------------------------------------------


def new_batch(group: Group, by: Member, kind: str, filename: str, text: str,
              table: reader.Table) -> ImportBatch:
    """Keep the upload (nothing imported yet) and forget old unconfirmed ones."""
    db.session.execute(sa.delete(ImportBatch).where(
        ImportBatch.status == "uploaded", ImportBatch.created_at < clock.now() - KEEP_UPLOADS))
    spec = reader.kinds()[kind]
    dates = [row[i] for row in table.rows
             for i in [reader.guess_mapping(spec, table.header).get("date")] if i is not None]
    batch = ImportBatch(group_id=group.id, member_id=by.id, kind=kind, filename=filename[:200],
                        content=text, mapping=reader.guess_mapping(spec, table.header),
                        date_order=reader.guess_date_order(dates), row_count=len(table.rows),
                        created_at=clock.now())
    db.session.add(batch)
    db.session.flush()
    return batch


def table_of(batch: ImportBatch) -> reader.Table:
    return reader.read_table(batch.content.encode("utf-8"), reader.kinds()[batch.kind].max_rows)


def mapping_of(batch: ImportBatch) -> dict[str, int | None]:
    raw = batch.mapping or {}
    return {k: (int(v) if isinstance(v, int) else None) for k, v in raw.items()}


# --- the group's members, by email and by name -----------------------------------------


@dataclass
class People:
    by_email: dict[str, int]
    by_name: dict[str, list[int]]
    names: dict[int, str]

    def find(self, text: str) -> tuple[int | None, str | None]:
        key = text.strip().lower()
        if not key:
            return None, "is empty"
        if "@" in key:
            found = self.by_email.get(key)
            return (found, None) if found else (None, f"no member of the group has the "
                                                      f"email {text.strip()}")
        ids = self.by_name.get(" ".join(key.split()), [])
        if len(ids) == 1:
            return ids[0], None
        if ids:
            return None, f"{len(ids)} members are called {text.strip()}; use their email"
        return None, f"no member of the group is called {text.strip()}"


def people_of(group: Group) -> People:
    """Every member the group has had (past members too: their history is the group's)."""
    rows = db.session.execute(
        sa.select(Member.id, Member.email, Member.name)
        .join(Membership, Membership.member_id == Member.id)
        .where(Membership.group_id == group.id))
    people = People({}, defaultdict(list), {})
    for member_id, email, name in rows:
        people.by_email[email.lower()] = member_id
        people.by_name[" ".join(name.lower().split())].append(member_id)
        people.names[member_id] = name
    return people


# --- checking ------------------------------------------------------------------------------

STATUS_WORDS = {**{s.value: s for s in Status}, **{v.lower(): k for k, v in STATUS_LABELS.items()},
                "not a fit": Status.NOT_A_FIT, "open": Status.GIVEN, "new": Status.GIVEN,
                "closed": Status.WON, "won business": Status.WON}
MARK_WORDS = {**{m.value: m for m in Mark}, **{v.lower(): k for k, v in MARK_LABELS.items()},
              "p": Mark.PRESENT, "a": Mark.ABSENT, "l": Mark.LATE, "m": Mark.MEDICAL,
              "s": Mark.SUBSTITUTE, "sub": Mark.SUBSTITUTE, "yes": Mark.PRESENT,
              "no": Mark.ABSENT, "1": Mark.PRESENT, "0": Mark.ABSENT}


def check(batch: ImportBatch, group: Group, table: reader.Table | None = None) -> Checked:
    table = table or table_of(batch)
    spec = reader.kinds()[batch.kind]
    mapping = mapping_of(batch)
    labels = {f.key: f.label for f in spec.fields}
    today = clock.local_today(group.timezone)
    checked = Checked(total=len(table.rows))
    row_check: Callable = {"members": _member_row, "referrals": _referral_row,
                           "attendance": _attendance_row}[batch.kind]
    context = _Context(group, people_of(group), batch.date_order, today)
    for line, row in zip(table.line_numbers, table.rows, strict=True):
        values = {key: (row[i] if i is not None and i < len(row) else "")
                  for key, i in mapping.items()}
        problems: list[tuple[str, str]] = []
        if row and row[-1] == "\x00extra":
            values = {k: v.replace("\x00extra", "") for k, v in values.items()}
            problems.append(("", "has more cells than the header row has columns"))
        for f in spec.fields:
            if f.required and not values.get(f.key, "").strip():
                problems.append((f.key, "is empty"))
        result = None
        if not problems:
            result = row_check(values, context, problems)
        errors = [RowError(line, labels.get(k, "Row"), m) for k, m in problems]
        checked.errors.extend(errors)
        if result is not None and not errors:
            result["_line"] = line
            checked.valid.append(result)
        if len(checked.preview) < PREVIEW_ROWS:
            checked.preview.append((line, values, errors))
    context.finish(checked, labels)
    by_line: dict[int, list[RowError]] = defaultdict(list)
    for error in checked.errors:
        by_line[error.line].append(error)
    checked.preview = [(line, values, by_line.get(line, [])) for line, values, _ in
                       checked.preview]
    return checked


@dataclass
class _Context:
    group: Group
    people: People
    date_order: str
    today: date
    seen: dict[tuple, int] = field(default_factory=dict)
    lines: dict[int, int] = field(default_factory=dict)

    def day(self, text: str, problems: list, key: str = "date") -> date | None:
        day = reader.parse_date(text, self.date_order)
        if day is None:
            problems.append((key, f"“{text[:40]}” is not a date like "
                                  f"{reader.DATE_ORDERS[self.date_order].split(' ')[0]}"))
        elif day > self.today:
            problems.append((key, f"{day:%-d %b %Y} is in the future"))
        elif day < EARLIEST:
            problems.append((key, f"{day:%-d %b %Y} is before {EARLIEST.year}"))
        return day

    def once(self, key: tuple, line_hint: int, problems: list, field_key: str,
             what: str) -> None:
        if key in self.seen:
            problems.append((field_key, f"{what} is also on an earlier row"))
        else:
            self.seen[key] = line_hint

    def finish(self, checked: Checked, labels: dict[str, str]) -> None:
        """Checks against what the database already holds, for all rows at once."""
        if not checked.valid:
            return
        kind_of_row = checked.valid[0]["_kind"]
        if kind_of_row == "members":
            emails = [r["email"] for r in checked.valid]
            members = set(db.session.scalars(
                sa.select(Member.email).join(Membership, Membership.member_id == Member.id)
                .where(Membership.group_id == self.group.id, Member.email.in_(emails))))
            invited = {i.email for i in db.session.scalars(sa.select(Invitation).where(
                Invitation.group_id == self.group.id, Invitation.email.in_(emails)))
                if i.is_usable}
            self._drop(checked, lambda r: r["email"] in members, "Email",
                       "is already a member of the group")
            self._drop(checked, lambda r: r["email"] in invited, "Email",
                       "has an invitation waiting already")
        elif kind_of_row == "attendance":
            days = {r["day"] for r in checked.valid}
            marked = set(db.session.execute(
                sa.select(Meeting.scheduled_on, Attendance.member_id)
                .join(Attendance, Attendance.meeting_id == Meeting.id)
                .where(Meeting.group_id == self.group.id, Meeting.scheduled_on.in_(days))
            ).all())
            self._drop(checked, lambda r: (r["day"], r["member_id"]) in marked, "Member",
                       "already has a mark at that meeting")

    @staticmethod
    def _drop(checked: Checked, bad: Callable[[dict], bool], label: str, message: str) -> None:
        keep = []
        for row in checked.valid:
            if bad(row):
                checked.errors.append(RowError(row["_line"], label, message))
            else:
                keep.append(row)
        checked.valid = keep
        checked.errors.sort(key=lambda e: e.line)


def _member_row(values: dict, ctx: _Context, problems: list) -> dict | None:
    text = values.get("email", "").strip()
    try:
        email = validate_email(text, check_deliverability=False).normalized.lower()
    except EmailNotValidError:
        problems.append(("email", f"“{text[:60]}” is not an email address"))
        return None
    ctx.once(("email", email), 0, problems, "email", email)
    return None if problems else {"_kind": "members", "_line": 0, "email": email,
                                  "name": values.get("name", "")[:120]}


def _referral_row(values: dict, ctx: _Context, problems: list) -> dict | None:
    day = ctx.day(values["date"], problems)
    giver, why = ctx.people.find(values["giver"])
    if why:
        problems.append(("giver", why))
    receiver, why = ctx.people.find(values["receiver"])
    if why:
        problems.append(("receiver", why))
    if giver and receiver and giver == receiver:
        problems.append(("receiver", "is the same member as the giver"))
    word = " ".join(values.get("status", "").lower().replace("_", " ").split())
    status = STATUS_WORDS.get(word) or STATUS_WORDS.get(word.replace(" ", "_"))
    if word and status is None:
        problems.append(("status", f"“{values['status'][:30]}” is not one of: "
                                   + ", ".join(STATUS_LABELS[s] for s in Status
                                               if s != Status.PASSED_ON)))
    if status == Status.PASSED_ON:
        problems.append(("status", "passed-on referrals cannot be imported: import the "
                                   "referral to the member who finally received it"))
    value = None
    if values.get("value", "").strip():
        value = reader.parse_amount(values["value"])
        if value is None or value < 0:
            problems.append(("value", f"“{values['value'][:30]}” is not an amount"))
        elif value and (status or Status.WON) != Status.WON:
            problems.append(("value", "a closed value needs the status Won"))
    if problems:
        return None
    if status is None:
        status = Status.WON if value else Status.GIVEN
    return {"_kind": "referrals", "_line": 0, "day": day, "giver_id": giver,
            "receiver_id": receiver, "status": status,
            "value": value.quantize(Decimal("0.01")) if value else None,
            "prospect": (values.get("prospect") or "Imported referral")[:160],
            "need": values.get("need", "")}


def _attendance_row(values: dict, ctx: _Context, problems: list) -> dict | None:
    day = ctx.day(values["date"], problems)
    member, why = ctx.people.find(values["member"])
    if why:
        problems.append(("member", why))
    word = values["status"].strip().lower()
    mark = MARK_WORDS.get(word)
    if mark is None:
        problems.append(("status", f"“{values['status'][:30]}” is not one of: "
                                   + ", ".join(MARK_LABELS.values())))
    if day and member:
        ctx.once(("mark", day, member), 0, problems, "member",
                 f"{ctx.people.names[member]} on {day:%-d %b %Y}")
    if problems:
        return None
    return {"_kind": "attendance", "_line": 0, "day": day, "member_id": member, "mark": mark}


# --- confirming ---------------------------------------------------------------------------


class AlreadyImported(Exception):
    pass


def confirm(batch: ImportBatch, group: Group, by: Member,
            on_invite: Callable[[Invitation, str], None], invitation_days: int) -> int:
    """Import every row, or none: the caller commits once (or rolls back). The batch moves
    from ``uploaded`` to ``imported`` first (compare-and-set), so confirming twice - two
    tabs, a double click - imports once."""
    done = db.session.execute(
        sa.update(ImportBatch).where(ImportBatch.id == batch.id,
                                     ImportBatch.status == "uploaded")
        .values(status="imported", imported_at=clock.now()))
    if done.rowcount != 1:
        raise AlreadyImported
    checked = check(batch, group)
    if not checked.ok:
        raise ValueError("rows with errors")  # the view checked; the file cannot change
    count = {"members": _import_members, "referrals": _import_referrals,
             "attendance": _import_attendance}[batch.kind](
        checked.valid, group, by, on_invite, invitation_days)
    db.session.execute(sa.update(ImportBatch).where(ImportBatch.id == batch.id)
                       .values(content="", imported_count=count))
    return count


def _import_members(rows, group, by, on_invite, days) -> int:
    outcome = groups.invite(group, by, [r["email"] for r in rows], days)
    for invitation, token in outcome.sent:
        on_invite(invitation, token)
    return len(outcome.sent)


def _noon_utc(day: date, group: Group) -> datetime:
    return datetime.combine(day, time(12), tzinfo=clock.zone(group.timezone)).astimezone(UTC)


def _import_referrals(rows, group, by, _on_invite, _days) -> int:
    now = clock.now()
    values = []
    for r in rows:
        moment = _noon_utc(r["day"], group)
        won = r["status"] == Status.WON
        values.append({
            "group_id": group.id, "giver_id": r["giver_id"], "receiver_id": r["receiver_id"],
            "created_at": moment, "updated_at": now, "prospect_name": r["prospect"],
            "prospect_company": "", "prospect_email": "", "prospect_phone": "",
            "need": r["need"], "temperature": 3, "expects_call": False,
            "status": str(r["status"]), "status_changed_at": moment,
            "receiver_acted_at": moment if r["status"] != Status.GIVEN else None,
            "closed_value": r["value"] if won else None,
            "closed_currency": group.currency if won and r["value"] is not None else None,
            "thank_you_note": "",
        })
    ids = db.session.scalars(
        sa.insert(Referral).returning(Referral.id, sort_by_parameter_order=True), values).all()
    events = []
    for referral_id, r, v in zip(ids, rows, values, strict=True):
        events.append({"referral_id": referral_id, "actor_id": r["giver_id"],
                       "created_at": v["created_at"], "kind": "created", "from_status": None,
                       "to_status": "given", "note": "Imported from a spreadsheet.",
                       "shared": True})
        if r["status"] != Status.GIVEN:
            events.append({"referral_id": referral_id, "actor_id": r["receiver_id"],
                           "created_at": v["created_at"], "kind": "status",
                           "from_status": "given", "to_status": str(r["status"]), "note": "",
                           "shared": True})
    if events:
        db.session.execute(sa.insert(ReferralEvent), events)
    db.session.execute(sa.update(Group).where(Group.id == group.id)
                       .values(referrals_version=Group.referrals_version + 1))
    return len(ids)


def _import_attendance(rows, group, by, _on_invite, _days) -> int:
    days = sorted({r["day"] for r in rows})
    meetings = dict(db.session.execute(
        sa.select(Meeting.scheduled_on, Meeting.id)
        .where(Meeting.group_id == group.id, Meeting.scheduled_on.in_(days))).all())
    missing = [d for d in days if d not in meetings]
    if missing:
        zone = clock.zone(group.timezone)
        new = [{"group_id": group.id, "scheduled_on": d,
                "starts_at": datetime.combine(d, group.meeting_time, tzinfo=zone
                                              ).astimezone(UTC),
                "place": group.meeting_place, "one_off": not is_schedule_date(group, d),
                "change_note": "", "registration_token": secrets.token_urlsafe(24),
                "speaker_topic": "", "education_topic": "", "highlights": "",
                "item_index": 0, "live_version": 0, "created_at": clock.now()}
               for d in missing]
        made = db.session.scalars(
            sa.insert(Meeting).returning(Meeting.id, sort_by_parameter_order=True), new).all()
        meetings.update(zip(missing, made, strict=True))
    now = clock.now()
    db.session.execute(sa.insert(Attendance), [
        {"meeting_id": meetings[r["day"]], "member_id": r["member_id"],
         "status": str(r["mark"]), "substitute_name": "", "substitute_business": "",
         "updated_at": now, "updated_by_id": by.id} for r in rows])
    return len(rows)
