"""Jinja templates -> safe RFC 5322 messages.

Templates hold the wording (`templates/NAME.LANG.txt.j2`); this module owns the headers,
so no template and no requester-controlled text can add a header or a recipient: every
header value passes through `one_line` and is written by `mime` (folded, encoded where
it is not plain ASCII), and recipients come only from the case or the configuration,
never from the rendered text.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import datetime
from email.utils import format_datetime
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2

from difbot.config import IdentitySettings
from difbot.core.case_tags import case_tag
from difbot.core.cases import Case
from difbot.core.intents import Mail, To
from difbot.mail import mime
from difbot.understand.errors import SetupError
from difbot.understand.inbound import Message
from difbot.understand.mimetext import one_line
from difbot.understand.words import subjects

COMMAND_HELP = (
    ("approve", "approve the access request, or accept an annotation/rights claim"),
    ("deny <reason>", "deny the access request, telling the requester the reason"),
    ("remove", "remove the matched entries (ledger) and tell the requester"),
    ("reject <reason>", "reject a removal or claim, telling the requester the reason"),
    ("ask <question>", "send a question to the requester"),
    ("note <text>", "an internal note in the case history"),
    ("hold <reason>", "legal hold: no purge until released"),
    ("release", "end a legal hold"),
    ("close", "close the case"),
)
SUBJECT_LINE = re.compile(r"\ASubject: (?P<subject>[^\n]*)\n\n?")
MAX_REFERENCES = 20


class TemplateError(SetupError):
    """A template is missing or broken; str() names it."""


@dataclass(frozen=True)
class Outgoing:
    message_id: str
    envelope_from: str
    recipients: tuple[str, ...]
    kind: str
    raw: bytes
    text: str = ""     # the body as rendered (our own words, to know them when quoted)


class Templates:
    """The template directory, loaded once; rendering is strict (StrictUndefined)."""

    def __init__(self, directory: Path | None = None) -> None:
        path = directory or Path(str(resources.files("difbot.templates")))
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(str(path)),
            undefined=jinja2.StrictUndefined,
            autoescape=False,
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
            # Loaded once, as this class says: no stat() of the template's file at every
            # render (a changed template takes a restart, as a changed config does).
            auto_reload=False,
            cache_size=-1,  # every template stays compiled, however many an admin adds
        )

    def names(self) -> list[str]:
        return sorted(self.env.list_templates(filter_func=lambda n: n.endswith(".txt.j2")))

    def check(self) -> None:
        """Compile every template, so a syntax error stops start-up, not a reply."""
        for name in self.names():
            try:
                self.env.get_template(name)
            except jinja2.TemplateSyntaxError as e:
                raise TemplateError(f"templates/{name}:{e.lineno}: {e.message}") from None

    def render(self, name: str, language: str, context: dict[str, Any]) -> str:
        candidates = [f"{name}.{language}.txt.j2", f"{name}.en.txt.j2"]
        try:
            template = self.env.select_template(candidates)
            return template.render(**context)
        except jinja2.TemplatesNotFound:
            raise TemplateError(f"templates/{name}.en.txt.j2: missing") from None
        except jinja2.UndefinedError as e:
            raise TemplateError(f"templates/{name}: {e.message}") from None
        except jinja2.TemplateSyntaxError as e:  # a file added after start (not checked)
            raise TemplateError(f"templates/{e.name or name}:{e.lineno}: {e.message}") from None


def new_message_id(domain: str) -> str:
    """An unguessable Message-ID in our own domain (192 random bits)."""
    return f"<{secrets.token_urlsafe(24)}@{domain}>"


# Reply prefixes of the common clients and languages, stacked in any order ("Re: AW:",
# "RE: SV:", Italian "R:", "RIF:", French "Réf. :", Dutch "Antw:", Polish "Odp:", Finnish
# "VS:", Portuguese "RES:", with Outlook's counters "RE[2]:"): one "Re:" stands for all.
_REPLY_PREFIXES = re.compile(
    rf"^(?:\s*(?:{subjects.alternation(subjects.REPLY)})\.?"
    r"\s*(?:\[\d{1,3}\]|\(\d{1,3}\))?\s*:)+\s*", re.IGNORECASE)


# "=?" opens an RFC 2047 encoded word: text of the requester's that still holds one (a
# word their mailer broke, left undecoded) must stay text, never be decoded again by a
# reader (`mime` also writes such a word encoded). A zero-width space keeps it text, and
# looks the same.
_ENCODED_WORD_START = "=?"


def literal(text: str) -> str:
    """Header text as it reads, never taken for an encoded word when written."""
    return text.replace(_ENCODED_WORD_START, "=\u200b?")


def tagged_subject(subject: str, tag: str) -> str:
    """The requester's subject, with `Re:` once and the case tag (`case_tag`) once."""
    subject = _REPLY_PREFIXES.sub("", literal(one_line(subject)))
    if tag not in subject:
        subject = f"{subject[:200]} {tag}".strip()  # cut the text, never the tag
    return f"Re: {subject}"


def render(mail: Mail, case: Case | None, msg: Message | None, identity: IdentitySettings,
           templates: Templates, message_id: str, now: datetime,
           thread: tuple[str, ...] = ()) -> Outgoing:
    """Render one Mail intent into the exact bytes the outbox will keep and send.

    `thread` (our earlier Message-IDs to the requester) threads mail that answers no
    message of theirs.
    """
    context: dict[str, Any] = {
        "case": case,
        "commands": COMMAND_HELP,
        "identity": identity,
        "now": now,
        "message": msg,
        **mail.context,
    }
    language = case.language if case else "en"
    text = templates.render(mail.template, language, context)
    subject = None
    found = SUBJECT_LINE.match(text) if mail.to is To.STAFF else None
    if found:
        # Only staff templates set their subject, on their own first line. Mail to a
        # requester never takes it from the text: relayed staff words starting with
        # "Subject:" must not replace the subject and its case tag.
        subject = found["subject"]
        text = text[found.end():]

    if mail.to is To.REQUESTER:
        if case is None or not case.requester:
            raise TemplateError(f"{mail.template}: a reply needs a case with a requester")
        recipients: tuple[str, ...] = (case.requester,)
        base = msg.subject if msg is not None else case.subject
        subject = tagged_subject(base, case_tag(identity.secret, case.id))
    else:
        recipients = (identity.staff_notify,)
        subject = literal(one_line(subject or f"[difbot] {mail.kind}"))
    headers = [
        mime.address_field("From", identity.address, one_line(identity.name)),
        mime.address_field("To", recipients[0]),
        mime.field("Subject", subject),
        mime.field("Date", format_datetime(now)),
        mime.id_field("Message-ID", [message_id]),
    ]
    if msg is not None and msg.message_id and mail.to is To.REQUESTER:
        refs = [*msg.references, msg.message_id][-MAX_REFERENCES:]
        headers += [mime.id_field("In-Reply-To", [msg.message_id]),
                    mime.id_field("References", refs)]
    elif thread and mail.to is To.REQUESTER:
        # Mail we start (reminders, staff decisions) continues our earlier thread.
        headers += [mime.id_field("In-Reply-To", [thread[-1]]),
                    mime.id_field("References", thread[-MAX_REFERENCES:])]
    if mail.auto_submitted:
        headers += [mime.field("Auto-Submitted", mail.auto_submitted),
                    mime.field("X-Auto-Response-Suppress", "All")]
    # RFC 2076 X-Loop: our own mail coming back is recognised without guessing.
    headers.append(mime.address_field("X-Loop", identity.address))
    if case is not None and case.id:
        headers.append(mime.field("X-DifBot-Case", case.id))
    original = mail.context.get("original")
    if isinstance(original, bytes) and mail.to is To.STAFF:
        # As opaque bytes (base64): hostile MIME stays inert and the outbox stays ASCII.
        raw = mime.message(headers, text, original, _boundary(message_id))
    else:
        raw = mime.message(headers, text)
    return Outgoing(message_id, identity.address, recipients, mail.kind, raw, text)


def _boundary(message_id: str) -> str:
    """The multipart boundary, the same for every render of one message (no randomness
    to draw: the Message-ID is unguessable already, and the hash tells nothing of it)."""
    return "=_" + hashlib.sha256(message_id.encode("utf-8", "replace")).hexdigest()[:32]
