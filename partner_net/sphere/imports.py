"""Reading contacts from a phone's export: vCard files (3.0 and 4.0, through ``vobject``)
and CSV files (Google, Outlook, a spreadsheet; UTF-8 with or without a BOM, comma,
semicolon or tab separated). Pure: bytes in, candidates out, nothing saved.

Photos, addresses and everything else a card carries are ignored: a contact of the sphere
keeps a name, a company, one email and one phone number.
"""

from __future__ import annotations

import csv
import io
from dataclasses import asdict, dataclass

import vobject

#: Largest file accepted, and the most contacts read from one.
MAX_BYTES = 512 * 1024
MAX_CONTACTS = 1000


class ImportProblem(ValueError):
    """A message for the member: why the file could not be read."""


@dataclass(frozen=True)
class Candidate:
    name: str
    email: str = ""
    phone: str = ""
    company: str = ""

    def as_dict(self) -> dict[str, str]:
        return asdict(self)


def read_contacts(filename: str, data: bytes) -> list[Candidate]:
    """The contacts in an uploaded file, by its content (a vCard begins ``BEGIN:VCARD``)."""
    if len(data) > MAX_BYTES:
        raise ImportProblem(f"That file is {len(data) // 1024:,} KB; the most we read is "
                            f"{MAX_BYTES // 1024} KB. Export fewer contacts at a time.")
    text = decode(data)
    if not text.strip():
        raise ImportProblem("That file is empty.")
    if text.lstrip().upper().startswith("BEGIN:VCARD"):
        found = parse_vcards(text)
    elif filename.lower().endswith((".vcf", ".vcard")):
        raise ImportProblem("That file does not look like a vCard (it should begin with "
                            "BEGIN:VCARD).")
    else:
        found = parse_csv(text)
    if not found:
        raise ImportProblem("No contacts with a name were found in that file.")
    if len(found) > MAX_CONTACTS:
        raise ImportProblem(f"That file has {len(found):,} contacts; import up to "
                            f"{MAX_CONTACTS:,} at a time.")
    return found


def decode(data: bytes) -> str:
    """UTF-8 (a BOM is dropped), UTF-16 with a BOM, else Windows-1252 as a last resort."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    return clean(text, keep_lines=True)


def clean(value: str | None, keep_lines: bool = False) -> str:
    """Drop control characters (NUL and friends); one line unless ``keep_lines``."""
    value = value or ""
    allowed = {"\n", "\r", "\t"} if keep_lines else set()
    value = "".join(ch for ch in value if ch >= " " and ch != "\x7f" or ch in allowed)
    return value if keep_lines else " ".join(value.split())


# --- vCard ------------------------------------------------------------------------------


def parse_vcards(text: str) -> list[Candidate]:
    try:
        cards = list(vobject.readComponents(text, ignoreUnreadable=True))
    except Exception as error:  # vobject raises its own ParseError and assorted others
        raise ImportProblem("That vCard file could not be read; export it again from your "
                            "phone's contacts app.") from error
    found = []
    for card in cards:
        if card.name != "VCARD":
            continue
        candidate = _from_vcard(card)
        if candidate is not None:
            found.append(candidate)
        if len(found) > MAX_CONTACTS:
            break
    return found


def _first(card, name: str) -> str:
    values = card.contents.get(name.lower()) or []
    preferred = sorted(values, key=lambda line: not _is_preferred(line))
    for line in preferred:
        value = line.value
        if isinstance(value, list):
            value = " ".join(str(v) for v in value if v)
        text = clean(str(value))
        if text:
            return text
    return ""


def _is_preferred(line) -> bool:
    types = [t.lower() for t in line.params.get("TYPE", [])]
    return "pref" in types or bool(line.params.get("PREF"))


def _from_vcard(card) -> Candidate | None:
    name = _first(card, "fn")
    if not name and "n" in card.contents:
        parts = card.n.value
        name = clean(" ".join(p for p in (parts.prefix, parts.given, parts.additional,
                                          parts.family, parts.suffix) if p and isinstance(p, str)))
    company = ""
    if "org" in card.contents:
        org = card.org.value
        company = clean(org[0] if isinstance(org, list) and org else str(org))
    email = _first(card, "email")
    phone = _first(card, "tel").removeprefix("tel:")
    if not name:
        name = company
    if not name:
        return None
    return Candidate(name[:160], email[:254], phone[:40], company[:160])


# --- CSV --------------------------------------------------------------------------------

#: Column headings, lower-cased, that each field is read from (the first one found wins).
NAME = ("name", "full name", "display name", "contact")
GIVEN = ("first name", "given name", "firstname", "prénom", "vorname")
FAMILY = ("last name", "family name", "surname", "lastname", "nom", "nom de famille",
          "nachname")
EMAIL = ("email", "e-mail", "email address", "e-mail address", "e-mail 1 - value",
         "email 1 - value", "primary email", "mail")
PHONE = ("phone", "mobile", "mobile phone", "telephone", "phone number", "phone 1 - value",
         "primary phone", "business phone", "home phone", "cell", "téléphone", "telefon")
COMPANY = ("company", "organization", "organisation", "organization name",
           "organization 1 - name", "business", "employer", "société", "firma")


def parse_csv(text: str) -> list[Candidate]:
    sample = text[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ";" if sample.count(";") > sample.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        header = [h.strip().lower() for h in next(reader)]
    except StopIteration:
        return []
    except csv.Error as error:
        raise ImportProblem("That CSV file could not be read.") from error
    columns = {key: _column(header, names) for key, names in (
        ("name", NAME), ("given", GIVEN), ("family", FAMILY), ("email", EMAIL),
        ("phone", PHONE), ("company", COMPANY))}
    if columns["name"] is None and columns["given"] is None and columns["family"] is None:
        raise ImportProblem("The first row of the CSV should name the columns, with one "
                            "called Name (or First name and Last name).")
    found = []
    try:
        for row in reader:
            candidate = _from_row(row, columns)
            if candidate is not None:
                found.append(candidate)
            if len(found) > MAX_CONTACTS:
                break
    except csv.Error as error:
        raise ImportProblem(f"That CSV file could not be read ({error}).") from error
    return found


def _column(header: list[str], names: tuple[str, ...]) -> int | None:
    for name in names:
        if name in header:
            return header.index(name)
    return None


def _cell(row: list[str], index: int | None) -> str:
    if index is None or index >= len(row):
        return ""
    return clean(row[index])


def _from_row(row: list[str], columns: dict[str, int | None]) -> Candidate | None:
    name = _cell(row, columns["name"]) or " ".join(
        p for p in (_cell(row, columns["given"]), _cell(row, columns["family"])) if p)
    company = _cell(row, columns["company"])
    name = name or company
    if not name:
        return None
    email = _cell(row, columns["email"]).split(" ::: ")[0]  # Google joins several so
    phone = _cell(row, columns["phone"]).split(" ::: ")[0]
    return Candidate(name[:160], email[:254], phone[:40], company[:160])
