"""What a worker read is used only where its assumptions hold (difbot/app/workers.py):
a first message from an unregistered sender. A reply in a case's thread and a
registered researcher's mail are read again in the main process.

Each test hands `poll.handle` a deliberately wrong worker reading: where it is used the
outcome follows it, where it must not be the outcome is the main process's own.
"""

from __future__ import annotations

from contextlib import ExitStack
from dataclasses import replace
from datetime import datetime
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from difbot.app import context, poll
from difbot.app.workers import prepare
from difbot.understand import flickr
from difbot.understand.categories import Category
from difbot.understand.classify import Classification
from difbot.understand.inbound import parse
from difbot.understand.reading import TextReading
from tests.testing.e2e import at, offline_app

WRONG = Classification(Category.UNKNOWN, None, ("planted-by-the-test",))
# In a thread only automatic mail changes what a reply does (core/decide).
WRONG_IN_THREAD = Classification(Category.AUTO, None, ("planted-by-the-test",))


def _app(tmp_path: Path, stack: ExitStack) -> context.App:
    return offline_app(tmp_path, stack, registered="reg@lab.example")


def _mail(sender: str, body: str, n: int, reply_to: str | None = None) -> bytes:
    m = EmailMessage()
    m["From"] = sender
    m["To"] = "dif-privacy@example.org"
    m["Subject"] = "DiF"
    m["Message-ID"] = f"<{n}.guard@mua.example>"
    if reply_to:
        m["In-Reply-To"] = reply_to
    m.set_content(body)
    return bytes(m)


def _outcome(app: context.App, raw: bytes, planted: bool,
             wrong: Classification = WRONG, said: TextReading | None = None) -> str:
    prepared = None
    if planted:
        honest = prepare(app.rules, app.settings.identity.address, raw)
        prepared = (replace(honest, first=wrong) if said is None
                    else replace(honest, said=said))
    assert poll.handle(app, raw, _now(), prepared=prepared)
    found = app.store.seen(parse(raw).key)
    assert found is not None
    return str(found["outcome"])


def _now() -> datetime:
    return datetime.fromisoformat(at())


ACCESS = "Hello, please send me the Diversity in Faces dataset for my research."


def test_a_first_message_takes_the_workers_reading(tmp_path: Path) -> None:
    with ExitStack() as stack:
        app = _app(tmp_path, stack)
        honest = _outcome(app, _mail("a@example.net", ACCESS, 1), planted=False)
        planted = _outcome(app, _mail("b@example.net", ACCESS, 2), planted=True)
    assert honest != planted  # the planted reading was used: the guard tests below bite


def test_a_registered_sender_is_read_again(tmp_path: Path) -> None:
    body = "We deleted our copy of DiF, please remove my details."
    with ExitStack() as stack:
        app = _app(tmp_path, stack)
        planted = _outcome(app, _mail("reg@lab.example", body, 1), planted=True)
    assert "withdrawal" in planted or "withdraw" in planted, planted


def _reply_in_thread(tmp_path: Path, planted: bool, **plant: Any) -> tuple[str, dict[str, Any]]:
    """An access request, then the requester's answers in its thread (with a planted
    worker reading if `planted`): the reply's outcome and the case after it."""
    with ExitStack() as stack:
        app = _app(tmp_path / str(planted), stack)
        _outcome(app, _mail("a@example.net", ACCESS, 1), planted=False)
        (ours,) = [e["message_id"] for e in app.store.outbox()
                   if e["recipients"] == ["a@example.net"]]
        answer = "Name: Ana Lima\nPosition: PhD student\nInstitution: Uni Example\n"
        outcome = _outcome(app, _mail("a@example.net", answer, 2, ours), planted, **plant)
        (case,) = app.store.cases_by_requester("a@example.net")
    return outcome, case


def test_a_reply_in_a_thread_is_read_again(tmp_path: Path) -> None:
    outcomes = [_reply_in_thread(tmp_path, planted, wrong=WRONG_IN_THREAD)[0]
                for planted in (False, True)]
    assert outcomes[0] == outcomes[1]
    assert "auto" not in outcomes[1]


# A worker's reading of the text (new text, language, Flickr references), planted wrong.
WRONG_READING = TextReading("", "de", flickr.extract(""))


def test_a_first_message_takes_the_workers_text_reading(tmp_path: Path) -> None:
    languages = []
    for planted in (False, True):
        with ExitStack() as stack:
            app = _app(tmp_path / str(planted), stack)
            _outcome(app, _mail("a@example.net", ACCESS, 1), planted,
                     said=WRONG_READING)
            (case,) = app.store.cases_by_requester("a@example.net")
            languages.append(case["language"])
    assert languages == ["en", "de"]  # used: the thread test below bites


def test_a_reply_in_a_thread_reads_its_text_again(tmp_path: Path) -> None:
    found = []
    for planted in (False, True):
        outcome, case = _reply_in_thread(tmp_path, planted, said=WRONG_READING)
        found.append((outcome, case["language"], case.get("answers")))
    assert found[0] == found[1]
