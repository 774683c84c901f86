"""Command-line commands (``flask --app partner_net <command>``)."""

from __future__ import annotations

from flask import Flask


def register(app: Flask) -> None:
    from partner_net.demo import demo_command
    from partner_net.matching.warm import warm_command
    from partner_net.ops.backup import backup_command, restore_command
    from partner_net.tasks.worker import worker_command

    for command in (demo_command, worker_command, backup_command, restore_command,
                    warm_command):
        app.cli.add_command(command)
