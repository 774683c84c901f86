"""Demo data: realistic groups to explore the site with (``flask --app partner_net demo``).

The hand-written people are in :mod:`partner_net.demo.people`, the loader that turns
them into rows in :mod:`partner_net.demo.loader`.
"""

from __future__ import annotations

import os

import click
from flask import current_app
from flask.cli import with_appcontext

from partner_net.demo.loader import clear_demo, demo_group, demo_sign_in, load_demo
from partner_net.demo.people import DEMO_PASSWORD, GROUPS, PEOPLE


@click.command("demo")
@click.option("--seed", default=7, show_default=True, help="Seed for dates and other chance.")
@click.option("--reset", is_flag=True, help="Delete the demo groups and members first.")
@with_appcontext
def demo_command(seed: int, reset: bool) -> None:
    """Create the demo groups "Harbour City Partners" and "Riverside Circle"."""
    if reset:
        clear_demo()
        click.echo("Deleted the previous demo groups and their members.")
    elif demo_group() is not None:
        click.echo(f"The demo group “{GROUPS[0].name}” is already there "
                   "(use --reset to build it again).")
        echo_sign_in()
        return
    group = load_demo(seed)
    for spec in GROUPS:
        members = [p for p in PEOPLE if p.groups.get(spec.key) in ("member", "organizer")]
        seats = "one seat per category" if spec.exclusive_categories else "open categories"
        click.echo(f"Created “{spec.name}”: {len(members)} active members, {seats}.")
    click.echo(f"{group.name} meets {group.meeting_summary}.")
    echo_sign_in()


def echo_sign_in() -> None:
    person = demo_sign_in()
    organizers = ", ".join(
        p.email for p in PEOPLE if p.key != person.key and "organizer" in p.groups.values()
    )
    click.echo(f"Open {site_url()}")
    click.echo(f"Sign in as {person.email} with password {DEMO_PASSWORD}")
    click.echo(f"(Every demo member has that password; other organizers: {organizers}.)")


def site_url() -> str:
    """Where the site is served: SERVER_NAME when set, else HOST and PORT as bin/serve uses."""
    server_name = current_app.config.get("SERVER_NAME")
    if server_name:
        scheme = current_app.config.get("PREFERRED_URL_SCHEME", "http")
        return f"{scheme}://{server_name}/"
    host = os.environ.get("HOST", "127.0.0.1")
    return f"http://{host}:{os.environ.get('PORT', '5000')}/"
