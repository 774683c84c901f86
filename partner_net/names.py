"""A member's name as the pages write it, wherever the name comes from (a ``Member``, a
plain row of a list): one definition, so a row and the model never disagree."""

from __future__ import annotations


def first_name(name: str) -> str:
    """The first word of ``name`` ("" for no name)."""
    return name.split()[0] if name else ""


def initials(name: str) -> str:
    """The first letters of its first two words, upper case ("Ada Archer" -> "AA")."""
    return "".join(part[0] for part in name.split()[:2]).upper()
