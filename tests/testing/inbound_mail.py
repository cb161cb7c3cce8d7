"""One-message fixtures for the classifier's tests: a mail to the privacy address, parsed
as difbot parses it, and the kind of answer it gets ("removal/opt_out", "unknown")."""

from __future__ import annotations

from email.message import EmailMessage

from difbot.understand import categories, classify
from difbot.understand.inbound import Message, parse

OWN = "dif-privacy@example.org"


def message(body: str, subject: str = "DiF",
            sender: str = "Sam Example <sam@example.net>") -> Message:
    m = EmailMessage()
    m["From"] = sender
    m["To"] = OWN
    m["Subject"] = subject
    m.set_content(body)
    return parse(m.as_bytes())


def kind(rules: classify.RuleSet, msg: Message, registered: bool = False) -> str:
    got = rules.classify(msg, classify.Context(registered=registered, own_address=OWN))
    return categories.label(got.category, got.subtype)
