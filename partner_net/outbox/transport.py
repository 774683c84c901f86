"""Turn an outbox row into a MIME message and hand it to SMTP (or to the log)."""

from __future__ import annotations

import hashlib
import logging
import smtplib
from email.message import EmailMessage
from email.utils import formatdate
from typing import Any

log = logging.getLogger("partner_net.mail")

LOG_HEADLINE = "Email (no MAIL_SERVER set, not sent):"


def build(row: Any, config: Any) -> EmailMessage:
    """The message for an outbox row: plain text and HTML parts, a stable Message-ID (so a
    resend after a crashed worker can be recognised), and the unsubscribe headers."""
    message = EmailMessage()
    message["From"] = config["MAIL_DEFAULT_SENDER"]
    message["To"] = row.recipient
    message["Subject"] = row.subject
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = message_id(row, config)
    if row.unsubscribe_url:
        message["List-Unsubscribe"] = f"<{row.unsubscribe_url}>"
        message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message.set_content(row.text_body)
    if row.html_body:
        message.add_alternative(row.html_body, subtype="html")
    return message


def message_id(row: Any, config: Any) -> str:
    """The same for every attempt at one outbox row, so a receiving server or client can
    drop a copy sent again after a worker died mid-send."""
    digest = hashlib.sha256(row.dedupe_key.encode()).hexdigest()[:16]
    return f"<outbox-{row.id}.{digest}@{sender_domain(config)}>"


def sender_domain(config: Any) -> str:
    sender = str(config["MAIL_DEFAULT_SENDER"])
    return sender.rpartition("@")[2].strip("> ") or "partner-net.local"


def send(message: EmailMessage, config: Any) -> None:
    """Deliver through ``MAIL_SERVER``; raises OSError/SMTPException when it fails."""
    if not config.get("MAIL_SERVER"):
        write_to_log(message, config)
        return
    smtp_class = smtplib.SMTP_SSL if config["MAIL_USE_SSL"] else smtplib.SMTP
    with smtp_class(config["MAIL_SERVER"], config["MAIL_PORT"],
                    timeout=config["MAIL_TIMEOUT"]) as smtp:
        if config["MAIL_USE_TLS"]:
            smtp.starttls()
        if config.get("MAIL_USERNAME"):
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"] or "")
        smtp.send_message(message)


def write_to_log(message: EmailMessage, config: Any) -> None:
    """Without a mail server: the headers, and the body only in development
    (``MAIL_LOG_BODIES``): a body may hold a password-reset or invitation link."""
    head = f"{LOG_HEADLINE}\nFrom: {message['From']}\nTo: {message['To']}\n" \
           f"Subject: {message['Subject']}\n\n"
    if config.get("MAIL_LOG_BODIES"):
        body = message.get_body(("plain",)).get_content()
    else:
        body = "(body not logged: set MAIL_SERVER to send emails)"
    log.info("%s%s", head, body)
