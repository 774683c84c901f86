"""A member as a vCard 3.0 ("Save contact"). Plain Python, no Flask.

Text values are escaped as RFC 6350 section 3.4 says (backslash, comma, semicolon,
newline), lines end in CRLF and are folded at 75 octets without splitting a character.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

MAX_LINE_OCTETS = 75


def escape_text(value: str | None) -> str:
    """Escape a vCard text value."""
    value = (value or "").replace("\r\n", "\n").replace("\r", "\n")
    return (
        value.replace("\\", "\\\\")
        .replace(",", "\\,")
        .replace(";", "\\;")
        .replace("\n", "\\n")
    )


def fold_line(line: str) -> str:
    """Fold a content line so no physical line is longer than 75 octets."""
    out: list[str] = []
    current = ""
    size = 0
    limit = MAX_LINE_OCTETS
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            out.append(current)
            current, size = " ", 1  # continuation lines start with one space
        current += char
        size += width
    out.append(current)
    return "\r\n".join(out)


def split_name(name: str) -> tuple[str, str]:
    """(family, given) from a full name: the last word is taken as the family name."""
    words = name.split()
    if len(words) < 2:
        return (words[0] if words else ""), ""
    return words[-1], " ".join(words[:-1])


def vcard_for(member: Any) -> str:
    """The vCard text for ``member`` (needs name, email, business, category, phone, website,
    talkable_difference)."""
    family, given = split_name(member.name)
    lines = [
        "BEGIN:VCARD",
        "VERSION:3.0",
        f"N:{escape_text(family)};{escape_text(given)};;;",
        f"FN:{escape_text(member.name)}",
    ]
    optional = [
        ("ORG", member.business),
        ("TITLE", member.category),
        ("TEL;TYPE=WORK,VOICE", member.phone),
        ("EMAIL;TYPE=INTERNET", member.email),
        ("NOTE", member.talkable_difference),
    ]
    lines.extend(f"{key}:{escape_text(value)}" for key, value in optional if value)
    if member.website:
        # A URI value, not text: its commas and semicolons are part of the address.
        lines.append("URL:" + "".join(member.website.split()))
    lines.append("END:VCARD")
    return "".join(fold_line(line) + "\r\n" for line in lines)


def vcard_filename(name: str) -> str:
    """A safe ASCII file name for the download: ``alice-archer.vcf``."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:60].strip("-")
    return f"{slug or 'contact'}.vcf"
