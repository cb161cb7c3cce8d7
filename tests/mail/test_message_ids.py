"""Message ids are never RFC 2047-encoded (from an adversarial review): a staff reply to
an escalation of a long domain keeps its token, and long In-Reply-To ids read back."""
from __future__ import annotations

import re
from dataclasses import replace

import pytest

from difbot.core.intents import ESCALATION, Mail, To
from difbot.mail.outgoing import Templates, render
from difbot.understand import staff_reply
from difbot.understand.inbound import parse
from tests.mail.test_outgoing import CASE, IDENTITY, NOW, questionnaire


def header(raw: bytes, name: str) -> str:
    head = raw.split(b"\r\n\r\n", 1)[0].decode()
    unfolded = re.sub(r"\r\n[ \t]", " ", head)
    (value,) = [line.split(":", 1)[1].strip() for line in unfolded.split("\r\n")
                if line.lower().startswith(name.lower() + ":")]
    return value


@pytest.mark.parametrize("domain", ["example.org", "privacy.uni-example.org",
                                    "dif.research-institute.example.ac.uk"])
def test_staff_reply_to_escalation_carries_the_token(domain: str) -> None:
    identity = replace(IDENTITY, address=f"dif-privacy@{domain}")
    mid = staff_reply.escalation_id(identity.secret, CASE.id, identity.domain)
    mail = Mail(To.STAFF, "staff_escalation", ESCALATION, {"reason": "unclear", "text": "x"})
    out = render(mail, CASE, None, identity, Templates(), mid, NOW)
    written = header(out.raw, "Message-ID")
    assert written == mid  # what a mail client copies into In-Reply-To, byte for byte
    reply = parse(f"From: alice@example.org\r\nSubject: Re: x\r\nIn-Reply-To: {written}\r\n"
                  f"References: {written}\r\n\r\napprove\r\n".encode())
    assert staff_reply.referenced_tokens(reply) == (mid, mid)


@pytest.mark.parametrize("length", [60, 66, 67, 70, 77])
def test_in_reply_to_is_the_id_as_it_is(length: int) -> None:
    mid = "<" + "a" * (length - len("<@mail.gmail.com>")) + "@mail.gmail.com>"
    msg = parse(f"From: ana@uni.example\r\nSubject: s\r\nMessage-ID: {mid}\r\n\r\nhi\r\n".encode())
    out = render(questionnaire(), CASE, msg, IDENTITY, Templates(), "<x@example.org>", NOW)
    assert header(out.raw, "In-Reply-To") == mid
    assert header(out.raw, "References") == mid
