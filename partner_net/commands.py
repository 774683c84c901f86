"""Command-line commands (``flask --app partner_net <command>``)."""

from __future__ import annotations

from flask import Flask


def register(app: Flask) -> None:
    from partner_net.demo import demo_command

    app.cli.add_command(demo_command)
