"""Outgoing email: sent through SMTP when ``MAIL_SERVER`` is set, else written to the log."""

from __future__ import annotations

import smtplib
from email.message import EmailMessage

from flask import current_app, render_template


def send_email(to: str, subject: str, template: str, **context: object) -> None:
    """Render ``templates/email/<template>.txt`` and deliver it to ``to``."""
    config = current_app.config
    message = EmailMessage()
    message["From"] = config["MAIL_DEFAULT_SENDER"]
    message["To"] = to
    message["Subject"] = subject
    body = render_template(f"email/{template}.txt", **context)
    message.set_content(body)
    if not config.get("MAIL_SERVER"):
        # Readable in a terminal: plain headers and the body as written, links unbroken.
        current_app.logger.info(
            "Email (no MAIL_SERVER set, not sent):\nFrom: %s\nTo: %s\nSubject: %s\n\n%s",
            message["From"], to, subject, body,
        )
        return
    smtp_class = smtplib.SMTP_SSL if config["MAIL_USE_SSL"] else smtplib.SMTP
    with smtp_class(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=10) as smtp:
        if config["MAIL_USE_TLS"]:
            smtp.starttls()
        if config.get("MAIL_USERNAME"):
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"] or "")
        smtp.send_message(message)
