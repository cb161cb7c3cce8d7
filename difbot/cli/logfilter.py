"""A logging filter that masks e-mail addresses and RFC 2047 encoded words in every record.

Log lines are kept longer and shown to more people than the case store, so they must not
carry a requester's address, name or subject, even when a careless call or an exception
message puts header text into them. The filter sits on the handlers (not on loggers), so
records propagated from every `difbot.*` logger pass through it before they are written.
"""

from __future__ import annotations

import logging
import re

ADDRESS = "<address>"
ENCODED = "<encoded>"

# =?charset?B|Q?text?= ; an unterminated one (a capped or broken header) is masked too,
# up to the next white space. Each scan stops at the next "?", so matching stays linear.
_ENCODED_WORD = re.compile(r"=\?[^?\s]+\?[BbQq]\?[^?\s]*(?:\?=)?")
# Anything with an "@" between angle brackets on one line: "<a@b.example>", Message-IDs,
# and garbage such as "<john doe@x>". The brackets go too, so "Name <a@b>" ends as
# "Name <address>".
_ANGLE_ADDRESS = re.compile(r"<[^<>@\r\n]*@[^<>\r\n]*>")
# Characters that end a bare local part or domain (RFC 5322 specials and white space);
# everything else, Unicode included, may belong to an address.
_LOCAL = r"[^\s<>()\[\]{},;:\"\\@]"
_DOMAIN = r"[^\s<>()\[\]{},;:\"'\\@/?#&=|]"
# A bare address: a quoted or plain local part, "@", a domain literal or a domain without
# its trailing dots (those end the sentence). The look-behind makes a plain local part
# start only where a run of local characters starts, which keeps the search linear.
_BARE_ADDRESS = re.compile(
    rf"(?:\"[^\"\r\n]{{0,256}}\"|(?<!{_LOCAL}){_LOCAL}+)"
    rf"@(?:\[[^\]\s]*\]|{_DOMAIN}*(?<!\.))"
)
# Quotes that open a repr or a quotation rather than the local part ("'a@b.example'").
_LEADING_QUOTES = re.compile(r"^['`]+")

_UNFORMATTABLE = "<log message could not be formatted: {}>"
_NO_TRACEBACK = "<traceback could not be formatted: {}>"


def mask(text: str) -> str:
    """`text` with addresses, Message-IDs and encoded words replaced by placeholders.

    Idempotent (the placeholders match no rule), so a record that passes two filtered
    handlers comes out the same.
    """
    text = _ENCODED_WORD.sub(ENCODED, text)
    text = _ANGLE_ADDRESS.sub(ADDRESS, text)
    return _BARE_ADDRESS.sub(_bare, text)


def _bare(match: re.Match[str]) -> str:
    quotes = _LEADING_QUOTES.match(match.group())
    return (quotes.group() if quotes else "") + ADDRESS


class PersonalDataFilter(logging.Filter):
    """Rewrites each record's message and traceback text with `mask`; never drops a record.

    The message is formatted here (msg % args) and `args` cleared, so that no handler
    formats the unmasked arguments again. It never raises: a record that cannot be
    formatted is logged as a placeholder rather than lost or crashing the caller.
    Only the message, traceback and stack text are masked, not `extra` fields.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = _message(record)
        record.args = None
        if record.exc_info:
            # Handlers print exc_text as it is and format exc_info only when it is empty.
            try:
                record.exc_text = mask(logging.Formatter().formatException(record.exc_info))
            except Exception as exc:
                record.exc_text = _NO_TRACEBACK.format(type(exc).__name__)
        elif record.exc_text:
            record.exc_text = _safe_mask(record.exc_text)
        if record.stack_info:
            record.stack_info = _safe_mask(record.stack_info)
        return True


def _message(record: logging.LogRecord) -> str:
    try:
        return mask(record.getMessage())
    except Exception as exc:
        try:
            template = mask(str(record.msg))
        except Exception:
            template = ""
        return f"{template} {_UNFORMATTABLE.format(type(exc).__name__)}".lstrip()


def _safe_mask(text: str) -> str:
    try:
        return mask(text)
    except Exception as exc:
        return _UNFORMATTABLE.format(type(exc).__name__)


def install(root: logging.Logger | None = None) -> None:
    """Attach a `PersonalDataFilter` to every handler of `root` (default: the root logger).

    Handler filters, unlike logger filters, also see records propagated from child
    loggers. Handlers added later are not covered, so call this after logging is set up.
    The default also covers `logging.lastResort`, which prints warnings when no handler
    is configured. Calling it again adds nothing.
    """
    logger = root if root is not None else logging.getLogger()
    handlers = list(logger.handlers)
    if root is None and logging.lastResort is not None:
        handlers.append(logging.lastResort)
    for handler in handlers:
        if not any(isinstance(f, PersonalDataFilter) for f in handler.filters):
            handler.addFilter(PersonalDataFilter())
