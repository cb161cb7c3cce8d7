"""Our own words taken out of a reply, however the client quoted them (issue 16).

A reply's new text comes from `reply_text`, which knows the common quote markers and
reply headers. A client it does not know ("Från: … Skickat: …", a forward without
"> ") leaves our earlier mail in the reply unprefixed, and then our own confirmation
request ("the dataset was deleted and not shared") would read as the requester's.
So a paragraph made only of our words is removed: each of its words is part of a run
of `SHINGLE` or more consecutive words that also stands in a mail we sent on the thread,
whatever the line breaks or wrapping (clients re-wrap quoted text). A paragraph with one
word of the writer's own stays whole, so an answer typed after our label stays, and so
does "I confirm that it has not been shared with any third party", although it repeats
us, however the writer's client wrapped it.

Pure: our mail comes in as fingerprints (`fingerprints`, kept with each outbox entry
to the requester; the mail itself is dropped once sent).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable

from difbot.understand.stems import fold

# Runs this long are ours: shorter ones ("Kind regards", "I confirm that") may well be
# the writer's own words too.
SHINGLE = 7
MAX_OURS = 200_000
_WORD = re.compile(r"[^\W_]+")


def fingerprints(text: str) -> tuple[str, ...]:
    """What is kept of a mail we sent, to know its words again: a short hash of each run
    of `SHINGLE` words (not the text: the outbox keeps no personal data once sent)."""
    keys = [fold(w) for w in _WORD.findall(text[:MAX_OURS])]
    return tuple(sorted({_hash(keys[i:i + SHINGLE])
                         for i in range(len(keys) - SHINGLE + 1)}))


def without_ours(text: str, ours: Iterable[str]) -> str:
    """`text` without the paragraphs made only of words we sent (`ours`: fingerprints)."""
    known = frozenset(ours)
    if not known:
        return text
    lines = text.split("\n")
    words = [(n, m) for n, line in enumerate(lines) for m in _WORD.finditer(line)]
    keys = [fold(m.group(0)) for _, m in words]
    covered = [False] * len(words)
    for i in range(len(words) - SHINGLE + 1):
        if _hash(keys[i:i + SHINGLE]) in known:
            for j in range(i, i + SHINGLE):
                covered[j] = True
    if not any(covered):
        return text
    # A paragraph (lines between blank ones) goes when all its words are ours.
    block, blocks = 0, []
    for line in lines:
        if not line.strip():
            block += 1
        blocks.append(block)
    mine = {blocks[n] for (n, _), ours_word in zip(words, covered, strict=True)
            if not ours_word}
    out = [line for n, line in enumerate(lines) if blocks[n] in mine or not line.strip()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(out)).strip("\n")


def _hash(words: list[str]) -> str:
    return hashlib.blake2b(" ".join(words).encode(), digest_size=6).hexdigest()
