"""Sending mail: SMTP from TOURPLANNER_SMTP_URL, or the log when it is unset.

`smtp://[user:password@]host[:port][?starttls=1]` (port 25 by default) or `smtps://...` (TLS from the
start, port 465). Nothing here knows about trips: services compose the Message, this only delivers it.
"""
from __future__ import annotations

import logging
import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import make_msgid
from urllib.parse import parse_qs, unquote, urlsplit

log = logging.getLogger("tourplanner.mail")
TIMEOUT_SECONDS = 20


class MailConfigError(ValueError):
    """TOURPLANNER_SMTP_URL cannot be used; the message says why."""


@dataclass(frozen=True)
class Message:
    to: str
    subject: str
    body: str  # plain text: every mail client shows it, no tracking pixels, nothing to escape
    unsubscribe: str | None = None  # URL for the List-Unsubscribe header


@dataclass(frozen=True)
class SmtpTarget:
    host: str
    port: int
    tls: bool  # TLS from the first byte (smtps)
    starttls: bool
    user: str | None
    password: str | None


def parse_smtp_url(url: str) -> SmtpTarget:
    parts = urlsplit(url)
    if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
        raise MailConfigError(f"TOURPLANNER_SMTP_URL must look like smtp://host:25 or smtps://user:pw@host, "
                              f"not {parts.scheme or '(no scheme)'}://...")
    query = parse_qs(parts.query)
    tls = parts.scheme == "smtps"
    return SmtpTarget(host=parts.hostname, port=parts.port or (465 if tls else 25), tls=tls,
                      starttls=query.get("starttls", ["0"])[0] in ("1", "true", "yes"),
                      user=unquote(parts.username) if parts.username else None,
                      password=unquote(parts.password) if parts.password else None)


class Mailer:
    """Delivers messages through one SMTP server, or writes them to the log (`url` empty)."""

    def __init__(self, url: str, sender: str) -> None:
        self.target = parse_smtp_url(url) if url else None
        self.sender = sender

    def compose(self, message: Message) -> EmailMessage:
        mail = EmailMessage()
        mail["From"] = self.sender
        mail["To"] = message.to
        mail["Subject"] = message.subject
        mail["Message-ID"] = make_msgid(domain="tourplanner")
        mail["Auto-Submitted"] = "auto-generated"
        if message.unsubscribe:
            mail["List-Unsubscribe"] = f"<{message.unsubscribe}>"
        mail.set_content(message.body)
        return mail

    def send(self, message: Message) -> None:
        mail = self.compose(message)
        if self.target is None:
            log.info("mail not sent (TOURPLANNER_SMTP_URL is unset):\n%s", mail.as_string())
            return
        t = self.target
        context = ssl.create_default_context()
        smtp: smtplib.SMTP = (smtplib.SMTP_SSL(t.host, t.port, timeout=TIMEOUT_SECONDS, context=context) if t.tls
                              else smtplib.SMTP(t.host, t.port, timeout=TIMEOUT_SECONDS))
        with smtp:
            if t.starttls:
                smtp.starttls(context=context)
            if t.user:
                smtp.login(t.user, t.password or "")
            smtp.send_message(mail)
        log.info("mail sent to %s: %s", message.to, message.subject)
