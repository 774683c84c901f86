"""bench/summarise_feedback.py: totals only, never a need or a name."""

from __future__ import annotations

from bench import summarise_feedback
from partner_net.extensions import db
from partner_net.models import MatchFeedback


def add(world, member, verdict, position, source="page", need="roof leaks in kitchen"):
    db.session.add(MatchFeedback(group_id=world.group.id, asker_id=world.organizer.id,
                                 member_id=member.id, verdict=verdict, position=position,
                                 need_digest=f"{member.id}{verdict}{position}{source}",
                                 need=need, source=source, backend="static"))


def test_summary_counts_by_position_backend_and_source(app, world):
    add(world, world.alice, "good", 1)
    add(world, world.bob, "wrong", 1)
    add(world, world.bob, "good", 2, source="give", need="")
    add(world, world.alice, "wrong", 7)
    db.session.commit()
    lines = summarise_feedback.summarise(summarise_feedback.rows(None))
    text = "\n".join(lines)
    assert lines[0] == "4 answers"
    assert "#1                  1      1     50%" in text
    assert "#2                  1      0    100%" in text
    assert "#4 or later         0      1      0%" in text
    assert "give                1      0    100%" in text
    assert "static              2      2     50%" in text
    assert "roof" not in text and "Alice" not in text
    assert summarise_feedback.rows(world.other_group.slug) == []


def test_no_feedback_yet(app, world):
    assert summarise_feedback.summarise(summarise_feedback.rows(None)) == ["No feedback yet."]
