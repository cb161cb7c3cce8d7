"""What a message's new text says before the store is asked: the text, its language and
the Flickr references in it (`poll` builds a message's facts from it; a worker process
reads a first message ahead, `app/workers`)."""

from __future__ import annotations

from dataclasses import dataclass

from difbot.understand import answers, flickr, language
from difbot.understand.flickr import References


@dataclass(frozen=True)
class TextReading:
    text: str
    language: str
    refs: References


def of(text: str, fallback: str = "en") -> TextReading:
    """`text` (a message's new text) with its language (`fallback` when it is blank:
    nothing to detect) and its Flickr references."""
    return TextReading(text, language.detect(text) if text.strip() else fallback,
                       flickr.extract(text))


def first(text: str) -> TextReading:
    """A message's text read as that of a message joining no case: its new text, quoted
    questionnaire labels the writer typed into included (as in any first message)."""
    return of(answers.new_text(text, labels=True))
