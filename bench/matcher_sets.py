"""The matcher's evaluation sets as plain data: a group of candidates and its needs.

Two kinds, kept apart and labelled in every report:

- **tuned**: sets the matcher may be tuned on (``bench/needs.py`` TUNE halves, and
  ``bench/tune_sets/*.json`` written by the matcher's own engineer);
- **held out / blind**: ``bench/needs.py`` HELD_OUT, ``bench/needs_fresh.py`` and the
  files in ``bench/eval_sets/`` (written blind). They are loaded here only to be
  scored; the evaluation script prints their totals, never their items.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from bench.needs import HELD_OUT, TUNE, TUNE_MORE
from bench.needs_fresh import FRESH_NEEDS
from partner_net.demo.people import HARBOUR, PEOPLE
from partner_net.domain.matcher import Candidate, ClientProfile

HERE = Path(__file__).parent
BLIND_FILES = ("chapter_common.json", "uncommon_professions.json", "mixed_group.json",
               "trades_unlisted.json", "busy_chapter.json",
               # The third round, committed after the fusion of 21e34c0 was frozen.
               "round3_everyday_chapter.json", "round3_small_town.json",
               # The fourth round, committed before any matcher ran on it (stop 20).
               "round4_suburban_chapter.json", "round4_unusual_trades.json",
               # The fifth round, committed before any matcher ran on it (stop 22).
               "round5_coastal_chapter.json", "round5_odd_professions.json",
               # The sixth round, committed before any matcher ran on it (stop 24).
               "round6_city_chapter.json", "round6_niche_group.json")


@dataclass(frozen=True)
class Query:
    text: str
    member_id: int
    style: str = "everyday"  # "near" or "everyday"


@dataclass(frozen=True)
class EvalSet:
    name: str
    kind: str  # "tuned", "held out" or "blind"
    candidates: tuple[Candidate, ...]
    queries: tuple[Query, ...]

    def split(self, style: str) -> EvalSet:
        return EvalSet(f"{self.name} ({style})", self.kind, self.candidates,
                       tuple(q for q in self.queries if q.style == style))


def demo_candidates() -> tuple[Candidate, ...]:
    """The demo group's active members, as the matching view would pass them."""
    out = []
    for member_id, person in enumerate(PEOPLE, start=1):
        if person.groups.get(HARBOUR) not in ("member", "organizer"):
            continue
        profiles = tuple(
            ClientProfile(p.title, p.industry, p.segment, p.frustration, p.triggers, p.value,
                          p.keywords)
            for p in person.profiles
        )
        out.append(Candidate(member_id, person.name, person.category, person.business,
                             person.talkable_difference, person.referral_criteria, profiles))
    return tuple(out)


def demo_sets() -> list[EvalSet]:
    candidates = demo_candidates()
    by_category = {c.category: c.member_id for c in candidates}

    def queries(pairs) -> tuple[Query, ...]:
        return tuple(Query(text, by_category[category]) for text, category in pairs)

    return [
        EvalSet("demo: needs.py TUNE", "tuned", candidates,
                queries((n.text, n.category) for n in TUNE + TUNE_MORE)),
        EvalSet("demo: needs.py HELD_OUT", "held out", candidates,
                queries((n.text, n.category) for n in HELD_OUT)),
        EvalSet("demo: needs_fresh.py", "blind", candidates, queries(FRESH_NEEDS)),
    ]


def load_json_set(path: Path, kind: str) -> EvalSet:
    """A set in the format of ``bench/eval_sets/FORMAT.md``."""
    raw = json.loads(path.read_text(encoding="utf-8"))
    ids: dict[str, int] = {}
    candidates = []
    for number, m in enumerate(raw["members"], start=1):
        ids[m["key"]] = number
        profiles = tuple(
            ClientProfile(p.get("title", ""), p.get("industry", ""), p.get("segment", ""),
                          p.get("frustration", ""), p.get("triggers", ""), p.get("value", ""),
                          p.get("keywords", ""))
            for p in m.get("ideal_clients", ())
        )
        candidates.append(Candidate(number, m["name"], m.get("category", ""),
                                    m.get("business", ""), m.get("talkable_difference", ""),
                                    m.get("referral_criteria", ""), profiles))
    queries = tuple(Query(n["text"], ids[n["member"]], n.get("style", "everyday"))
                    for n in raw["needs"])
    return EvalSet(raw.get("name", path.stem), kind, tuple(candidates), queries)


def blind_sets() -> list[EvalSet]:
    return [load_json_set(HERE / "eval_sets" / name, "blind") for name in BLIND_FILES]


def tuned_json_sets() -> list[EvalSet]:
    return [load_json_set(p, "tuned") for p in sorted((HERE / "tune_sets").glob("*.json"))]
