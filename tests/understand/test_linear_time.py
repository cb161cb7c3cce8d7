"""Every step over a message's text takes time linear in its size (issue 14, finding 2).

No input may stall the daemon, so each step is timed on an adversarial body of about
100 kB and on one of the same shape of about 1 kB: long runs of one character, many
short lines, label-like lines, closings, quote marks, blanks, near-misses of the
patterns. A linear step takes about 100 times as long on the large one, a quadratic
one 10,000 times; the bound in between (4 times the growth of the text) leaves room
for noise. Steps that cut their input first grow only up to their cut.

Timing ratios, not absolute budgets: the machine's speed cancels out. Each time is the
best of 3 runs.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable
from dataclasses import replace
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from mailparser_reply.parser import EmailMessage

from difbot.understand import (
    answers,
    boilerplate,
    classify,
    confirmation,
    flickr,
    inbound,
    language,
    reply_text,
    splitting,
    staff_reply,
    view,
)
from difbot.understand.words.labels import read_label

SMALL = 1_000
LARGE = 100_000
FACTOR = 4  # a linear step grows by the text's growth; 4 times that is noise, not n^2
RULES = classify.load()


def repeat(unit: str, size: int, head: str = "Hello,\n", tail: str = "") -> str:
    """`head`, then `unit` over and over, then `tail`: about `size` characters in all."""
    body = size - len(head) - len(tail)
    return head + (unit * (body // len(unit) + 1))[:body] + tail


def mail(body: str) -> bytes:
    """A plain-text message from a staff-looking sender, with `body`."""
    return ("From: Alice <alice@example.org>\r\nTo: dif-privacy@example.org\r\n"
            "Subject: Re: your request\r\nMessage-ID: <r1@example.org>\r\n"
            f"Content-Type: text/plain; charset=utf-8\r\n\r\n{body}").encode()


def seconds(step: Callable[[Any], object], arg: Any, calls: int = 1) -> float:
    """The time of one call of step(arg), averaged over `calls` calls."""
    start = time.perf_counter()
    for _ in range(calls):
        step(arg)
    return (time.perf_counter() - start) / calls


def assert_linear(step: Callable[[Any], object], make: Callable[[int], Any],
                  cap: int | None = None) -> None:
    """`step` on make(LARGE) takes at most FACTOR times longer per character than on
    make(SMALL); `cap` is how much of its input the step reads at most."""
    small, large = make(SMALL), make(LARGE)
    growth = min(len(large), cap or len(large)) / min(len(small), cap or len(small))
    bound = FACTOR * growth
    # The first call also compiles patterns and fills caches; it only tells how many
    # calls make a run of the small input long enough for the timer (2 ms).
    calls = min(200, max(1, int(0.002 / max(seconds(step, small), 1e-6))))
    gc.disable()
    try:
        small_time = min(seconds(step, small, calls) for _ in range(3))
        ratios: list[float] = []
        for _ in range(3):
            ratios.append(seconds(step, large) / small_time)
            if ratios[-1] < bound or ratios[-1] > 10 * bound:
                break  # clearly linear, or clearly not: more runs change nothing
    finally:
        gc.enable()
    assert min(ratios) < bound, (
        f"{min(ratios):.0f} times the time for {growth:.0f} times the text "
        f"({small_time * 1000:.3f} ms for {len(small)} characters)")


def new_text(body: str) -> str:
    return reply_text.new_text(body, "en")


def parsed_new_text(raw: bytes) -> str:
    """The full path of a reply: raw bytes, then the new text."""
    return reply_text.new_text(inbound.parse(raw).text)


def staff_commands(raw: bytes) -> object:
    """What a reply from a staff address goes through (the daemon asks twice)."""
    return staff_reply.commands(inbound.parse(raw))


def label_lines(body: str) -> list[object]:
    return [read_label(line, "en") for line in body.split("\n")]


def classified(body: str) -> object:
    msg = replace(inbound.parse(mail("")), text=body)
    return RULES.classify(msg, classify.Context(registered=True))


def questionnaire(body: str) -> dict[str, str]:
    return answers.questionnaire(body, "en")


def confirmed(body: str) -> object:
    return confirmation.confirmation(body, "en")


def deleted(body: str) -> bool:
    return confirmation.deletion_confirmed(body, "en")


# (step, body of a given size, how much of it the step reads)
CASES = [
    # The finding: the signature pattern ran from every line to the end of the text.
    pytest.param(new_text, lambda n: repeat("Thanks,b\n", n), None, id="new_text-thanks-b"),
    pytest.param(parsed_new_text, lambda n: mail(repeat("Thanks,b\n", n)), None,
                 id="parse+new_text-thanks-b"),
    pytest.param(staff_commands, lambda n: mail(repeat("Thanks,b\n", n)), None,
                 id="staff-commands-thanks-b"),
    # The header patterns of mail-parser-reply, cubic or quadratic in one line's length.
    pytest.param(new_text, lambda n: repeat("Am schrieb ", n), None, id="new_text-am-schrieb"),
    pytest.param(new_text, lambda n: repeat("On ", n), None, id="new_text-on-on"),
    pytest.param(new_text, lambda n: repeat("Le ", n, "Hi\n"), None,
                 id="new_text-le-le"),
    pytest.param(new_text, lambda n: repeat(" ", n, "Hi\nFrom: ", "x"), None,
                 id="new_text-from-blanks"),
    # Its signature search over runs of blank lines; quote marks; quoted labels.
    pytest.param(new_text, lambda n: repeat("\n", n, "Hi\n", "x"), None,
                 id="new_text-blank-lines"),
    pytest.param(new_text, lambda n: repeat("> ", n), None, id="new_text-quote-marks"),
    pytest.param(new_text, lambda n: repeat("> 4. Department:\nLab\n", n), None,
                 id="new_text-quoted-labels"),
    pytest.param(lambda body: reply_text.reply_lines(body, "de"),
                 lambda n: repeat("Viele Grüße x y\n", n), None, id="reply_lines-closings"),
    # Parsing itself (hardened before; kept honest here).
    pytest.param(inbound.parse, lambda n: mail(repeat("\r\n", n)), None, id="parse-blank-lines"),
    pytest.param(inbound.parse, lambda n: mail(repeat("a@b.c, ", n, "")).replace(
        b"From: Alice <alice@example.org>", b"From: " + repeat("a@b.c, ", n, "").encode()),
        None, id="parse-long-from"),
    pytest.param(inbound.parse, lambda n: mail(repeat("<p>a", n, "")).replace(
        b"text/plain", b"text/html"), None, id="parse-html-paragraphs"),
    # Reading answers: label-like lines, a long line, closings.
    pytest.param(questionnaire, lambda n: repeat("Name: x\n", n), None,
                 id="questionnaire-label-lines"),
    pytest.param(questionnaire, lambda n: repeat("a ", n, "Name: "), None,
                 id="questionnaire-long-value"),
    pytest.param(questionnaire, lambda n: repeat("Best regards, Ana\n", n, "\n" * 50), None,
                 id="questionnaire-closings"),
    pytest.param(label_lines, lambda n: repeat("1" + " " * 250 + "x\n", n), None,
                 id="read_label-deep-blanks"),
    # Confirmations: many mentions in one sentence, chained by "and".
    pytest.param(confirmed, lambda n: repeat("deleted and not shared and ", n),
                 confirmation._MAX_CHARS, id="confirmation-and-chain"),
    pytest.param(deleted, lambda n: repeat("deleted and not shared and ", n),
                 confirmation._MAX_CHARS, id="deletion_confirmed-and-chain"),
    pytest.param(confirmed, lambda n: repeat("deleted " * 8 + "\n", n),
                 confirmation._MAX_CHARS, id="confirmation-wrapped-mentions"),
    pytest.param(language.detect, lambda n: repeat("the ", n), language._MAX_CHARS,
                 id="language-words"),
    # Flickr references: blanks around "my Flickr username is ...".
    pytest.param(flickr.extract, lambda n: repeat(" ", n, "flickr username", "!"), None,
                 id="flickr-username-blanks"),
    pytest.param(flickr.extract, lambda n: repeat(" ", n, "my flickr username is ab", "x"),
                 None, id="flickr-name-then-blanks"),
    pytest.param(flickr.extract, lambda n: repeat("flickr.com/photos/a", n), None,
                 id="flickr-links"),
    # Rules: a regex that may start inside a word, and words galore.
    pytest.param(classified, lambda n: repeat("projekt", n, ""), view.MAX_CLASSIFIED,
                 id="classify-long-word"),
    pytest.param(classified, lambda n: repeat("dif request art. 15 ", n, ""),
                 view.MAX_CLASSIFIED, id="classify-keywords"),
    # Sentences: abbreviations and ordinals that keep a sentence open, commas galore.
    pytest.param(splitting.sentences, lambda n: repeat("z. ", n), None, id="sentences-abbrev"),
    pytest.param(splitting.sentences, lambda n: repeat("1. a ", n), None,
                 id="sentences-ordinals"),
    pytest.param(splitting.sentences, lambda n: repeat("a, ", n), None, id="sentences-commas"),
    pytest.param(splitting.sentences, lambda n: repeat("ab.cdef?", n), None, id="sentences-glued"),
    pytest.param(boilerplate.clean, lambda n: repeat("> quoted line\n", n), None,
                 id="boilerplate-quotes"),
    pytest.param(classified, lambda n: repeat("art. 17 gdpr ", n, ""), view.MAX_CLASSIFIED,
                 id="classify-abbreviations"),
    # A staff command whose paragraph runs on.
    pytest.param(staff_commands, lambda n: mail(repeat("y\n", n, "ask what\n")), None,
                 id="staff-commands-ask-paragraph"),
]


@pytest.mark.parametrize("step, make, cap", CASES)
def test_the_step_is_linear_in_the_text(step: Callable[[Any], object],
                                        make: Callable[[int], Any], cap: int | None) -> None:
    assert_linear(step, make, cap)


# --- the rewritten header patterns ---------------------------------------------------

PIECES = ["On", "Am", "Le", "El", "Il", "Op", "wrote:", "schrieb", "a écrit", " escribió:",
          "ha scritto:", "schreef:", " ", "  ", "\n", "\n\n", "> ", ">", "x", ":", ".", "é",
          ",", "From:", "Sent:", "Von:", "De :", "Da:", "*", "-----Original Message-----",
          "@", "\t"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=20),
       st.sampled_from(("en", "de", "fr", "es", "it", "nl")))
def test_the_header_patterns_cut_where_the_library_cuts(pieces: list[str], first: str) -> None:
    from difbot.understand import reply_headers

    languages = [first, *(lang for lang in reply_headers.LANGUAGES if lang != first)]
    message = EmailMessage(text="".join(pieces), languages=list(languages),
                           keep_hyphen_lists=True)
    text = message.text  # as the library searches it: every line stripped
    found = [group for groups in message.HEADER_REGEX.findall(text) for group in groups
             if group]
    assert reply_headers.headers(text, languages) == found
    cut = [(reply.headers, reply.content) for reply in message.read().replies]
    assert reply_headers.split(text, languages) == cut
