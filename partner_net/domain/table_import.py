"""Reading a spreadsheet's CSV for import: encodings, separators, the header row, mapping
columns to fields, and dates in three formats. Pure: bytes in, rows out, nothing saved.

Accepted: UTF-8 with or without a BOM (what spreadsheet programs write as "CSV UTF-8"),
UTF-16 with a BOM; comma, semicolon (European locales) or tab separated. Anything else
gets a message saying what to do, never a guess that garbles names.
"""

from __future__ import annotations

import csv
import io
import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path

KINDS_FILE = Path(__file__).resolve().parent.parent / "imports" / "kinds.toml"
#: The most we read of one upload.
MAX_BYTES = 4 * 1024 * 1024
MAX_COLUMNS = 50
MAX_CELL = 2000
DATE_ORDERS = {"ymd": "2024-03-31 (year first)", "dmy": "31/03/2024 (day first)",
               "mdy": "03/31/2024 (month first)"}


class FileProblem(ValueError):
    """Why the file cannot be read at all: a message for the organizer."""


@dataclass(frozen=True)
class Field:
    key: str
    label: str
    required: bool
    guess: tuple[str, ...]


@dataclass(frozen=True)
class Kind:
    key: str
    label: str
    about: str
    max_rows: int
    fields: tuple[Field, ...]


@cache
def kinds() -> dict[str, Kind]:
    data = tomllib.loads(KINDS_FILE.read_text(encoding="utf-8"))
    return {key: Kind(key, spec["label"], spec["about"], int(spec["max_rows"]),
                      tuple(Field(f["key"], f["label"], bool(f["required"]),
                                  tuple(f["guess"])) for f in spec["fields"]))
            for key, spec in data.items()}


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]  # every row as long as the header
    line_numbers: tuple[int, ...]  # the file's line of each row (the header is line 1)
    delimiter: str


def decode(data: bytes) -> str:
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise FileProblem("This does not look like a CSV file (it holds binary data). "
                          "Export the sheet as CSV and upload that.")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise FileProblem("This file says it is UTF-16 but is not readable as such. "
                              "Save it again as CSV UTF-8.") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[:error.start].count(b"\n") + 1
        raise FileProblem(
            f"This file is not UTF-8 text (line {line} has a byte that is not). In Excel "
            "use File → Save As → \"CSV UTF-8\"; in LibreOffice tick \"Edit filter "
            "settings\" and choose Unicode (UTF-8).") from None
    if "\x00" in text:
        raise FileProblem("This does not look like a CSV file (it holds binary data). "
                          "Export the sheet as CSV and upload that.")
    return text


def sniff_delimiter(first_line: str) -> str:
    counts = {d: first_line.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean(cell: str) -> str:
    return " ".join(_CONTROL.sub("", cell).split())[:MAX_CELL]


def read_table(data: bytes, max_rows: int) -> Table:
    if len(data) > MAX_BYTES:
        raise FileProblem(f"That file is {len(data) / 1024 / 1024:.1f} MB; the most we read "
                          f"is {MAX_BYTES // 1024 // 1024} MB. Split it into smaller files.")
    text = decode(data)
    if not text.strip():
        raise FileProblem("That file is empty.")
    delimiter = sniff_delimiter(text.lstrip().split("\n", 1)[0])
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header: list[str] | None = None
    rows: list[tuple[str, ...]] = []
    lines: list[int] = []
    try:
        for raw in reader:
            if not any(c.strip() for c in raw):
                continue
            if header is None:
                header = _header([clean(c) for c in raw])
                continue
            if len(rows) >= max_rows:
                raise FileProblem(f"That file has more than {max_rows:,} rows; import up to "
                                  f"{max_rows:,} at a time (split the file).")
            cells = [clean(c) for c in raw[:len(header)]]
            if len(raw) > len(header) and any(c.strip() for c in raw[len(header):]):
                cells.append("\x00extra")  # flagged: more cells than headings
            rows.append(tuple(cells + [""] * (len(header) - len(cells))))
            lines.append(reader.line_num)
    except csv.Error as error:
        raise FileProblem(f"That CSV file could not be read near line {reader.line_num} "
                          f"({error}).") from None
    if header is None:
        raise FileProblem("That file is empty.")
    if not rows:
        raise FileProblem("That file has a header row but no rows under it.")
    return Table(tuple(header), tuple(rows), tuple(lines), delimiter)


def _header(cells: list[str]) -> list[str]:
    if len(cells) > MAX_COLUMNS:
        raise FileProblem(f"That file has {len(cells)} columns; the most we read is "
                          f"{MAX_COLUMNS}. Is it a CSV export of one sheet?")
    seen: dict[str, int] = {}
    header = []
    for n, cell in enumerate(cells, 1):
        name = cell or f"Column {n}"
        if name.lower() in seen:
            seen[name.lower()] += 1
            name = f"{name} ({seen[name.lower()]})"
        seen.setdefault(name.lower(), 1)
        header.append(name)
    return header


def guess_mapping(kind: Kind, header: Sequence[str]) -> dict[str, int | None]:
    """For each field, the column whose heading is one of its ``guess`` names."""
    lowered = [h.lower().strip() for h in header]
    mapping: dict[str, int | None] = {}
    taken: set[int] = set()
    for field in kind.fields:
        found = next((lowered.index(g) for g in field.guess
                      if g in lowered and lowered.index(g) not in taken), None)
        mapping[field.key] = found
        if found is not None:
            taken.add(found)
    return mapping


def mapping_problems(kind: Kind, mapping: Mapping[str, int | None], columns: int) -> list[str]:
    problems = []
    used: dict[int, str] = {}
    for field in kind.fields:
        index = mapping.get(field.key)
        if index is None:
            if field.required:
                problems.append(f"Choose the column for {field.label}.")
            continue
        if not 0 <= index < columns:
            problems.append(f"{field.label}: choose one of the file's columns.")
        elif index in used:
            problems.append(f"{field.label} and {used[index]} use the same column.")
        else:
            used[index] = field.label
    return problems


# --- dates -----------------------------------------------------------------------------

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_PARTS = re.compile(r"^(\d{1,4})[./-](\d{1,2})[./-](\d{1,4})$")


def parse_date(text: str, order: str) -> date | None:
    """``text`` as a date: ISO (2024-03-31) always; otherwise day/month/year or
    month/day/year as ``order`` says, with / . or - between and a 4-digit year. None if
    it is not a real date."""
    text = text.strip()
    try:
        iso = _ISO.match(text)
        if iso:
            return date(int(iso[1]), int(iso[2]), int(iso[3]))
        parts = _PARTS.match(text)
        if not parts or len(parts[3]) != 4:
            return None
        a, b, year = int(parts[1]), int(parts[2]), int(parts[3])
        if order == "mdy":
            return date(year, a, b)
        return date(year, b, a)
    except ValueError:
        return None


def guess_date_order(values: Sequence[str]) -> str:
    """``dmy`` unless the dates show otherwise (a first part over 12 is a day; a second
    part over 12 means month first); ``ymd`` when every date is ISO."""
    slashed = [m for m in (_PARTS.match(v.strip()) for v in values
                           if v and not _ISO.match(v.strip())) if m]
    if not slashed:
        return "ymd"
    if any(int(m[2]) > 12 for m in slashed) and not any(int(m[1]) > 12 for m in slashed):
        return "mdy"
    return "dmy"


def parse_amount(text: str) -> Decimal | None:
    """``1,234.50``, ``1.234,50``, ``1234,5``, ``£1,200`` as a number; None if not one."""
    text = re.sub(r"^[A-Z]{3}\s*|\s*[A-Z]{3}$", "", text.strip())
    if re.search(r"[^\d,.\-\s'£$€¥₹]", text):
        return None
    cleaned = re.sub(r"[^\d,.\-]", "", text)
    if not cleaned or cleaned.count("-") > 1 or "-" in cleaned[1:]:
        return None
    if "," in cleaned and "." in cleaned:
        if cleaned.rfind(",") > cleaned.rfind("."):
            cleaned = cleaned.replace(".", "").replace(",", ".")
        else:
            cleaned = cleaned.replace(",", "")
    elif "," in cleaned:
        head, _, tail = cleaned.rpartition(",")
        cleaned = (head.replace(",", "") + "." + tail) if len(tail) != 3 else cleaned.replace(
            ",", "")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        return None
    return value if value.is_finite() and abs(value) < Decimal("1e12") else None
