"""Demo data: a realistic group to explore the site with (``flask demo``)."""

from __future__ import annotations

import click
from flask.cli import with_appcontext


@click.command("demo")
@with_appcontext
def demo_command() -> None:
    """Create the demo group (placeholder until the demo data lands)."""
    click.echo("demo data not written yet")
