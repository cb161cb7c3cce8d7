"""Italian certified mail (PEC): the original message inside its provider's envelope.

A PEC provider delivers a "busta di trasporto" (DM 2 November 2005, technical rules of
DPR 68/2005): a mail marked `X-Trasporto: posta-certificata` whose own text only says
that a message was sent ("Messaggio di posta certificata ... Il messaggio originale è
incluso in allegato"), with the original attached as `postacert.eml` (and the
provider's data as `daticert.xml`). Italian lawyers and offices send GDPR letters this
way, so the classifier reads the original's text. Only the text: the sender, the thread
and every check of trust stay the envelope's, as anyone can attach a message. The
envelope's sender is the provider's address, not the writer's, so the rules hold a
certified mail for a person (`*-hold-certified-mail`), who answers the writer.
"""

from __future__ import annotations

from email.message import Message as _StdMessage
from typing import Protocol

TRANSPORT = "posta-certificata"
ORIGINAL = "postacert.eml"


class _Notes(Protocol):
    def error(self, defect: str, exc: BaseException) -> None: ...


def original(msg: _StdMessage, notes: _Notes) -> _StdMessage | None:
    """The original message of a PEC transport envelope: the `postacert.eml` attached
    at its top level, or in the signed part of a signed envelope (as providers send it);
    None for any other mail."""
    try:
        if (str(msg.get("X-Trasporto", "")).strip().lower() != TRANSPORT
                or not msg.is_multipart()):
            return None
        parts = msg.get_payload()
        if not isinstance(parts, list):
            return None
        if msg.get_content_type() == "multipart/signed" and parts:
            # The provider signs its envelope (S/MIME): the envelope is the signed part.
            signed = parts[0]
            inside = signed.get_payload() if isinstance(signed, _StdMessage) else None
            parts = inside if isinstance(inside, list) else []
        for part in parts:
            if (isinstance(part, _StdMessage)
                    and part.get_content_type() == "message/rfc822"
                    and (part.get_filename() or "").strip().lower() == ORIGINAL):
                inner = part.get_payload()
                if isinstance(inner, list) and inner and isinstance(inner[0], _StdMessage):
                    return inner[0]
    except Exception as exc:  # noqa: BLE001 - a broken envelope is read as it is
        notes.error("bad-pec-envelope", exc)
    return None
