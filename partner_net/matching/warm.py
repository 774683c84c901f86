"""``flask matcher-warm``: embed every group's profile sentences into the vector store
(after a deploy or a model change), so that no member waits for the first query; and
the phrases that say whom each member serves, which the suggestions compare."""

from __future__ import annotations

import time

import click
import sqlalchemy as sa
from flask.cli import with_appcontext

from partner_net.domain.similarity import client_texts
from partner_net.extensions import db
from partner_net.matching import data
from partner_net.models import Group


@click.command("matcher-warm")
@with_appcontext
def warm_command() -> None:
    encoder = data.matcher_encoder()
    if encoder is None:
        click.echo("The matcher runs on keywords alone: nothing to embed.")
        return
    start = time.perf_counter()
    groups = sentences = 0
    for group in db.session.scalars(sa.select(Group).order_by(Group.id)):
        candidates = data.group_candidates(group)
        if candidates:
            matrix, _, _ = data.index_for(candidates).vectors(encoder)
            phrases = [t for c in candidates for t in client_texts(c)]
            encoder.encode(phrases, keep=True)
            groups += 1
            sentences += len(matrix) + len(phrases)
    click.echo(f"{encoder.name}: {sentences} profile sentences of {groups} groups embedded "
               f"or read from the vector store in {time.perf_counter() - start:.1f} s.")
