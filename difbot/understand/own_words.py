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
from collections.abc import Callable, Iterable

from difbot.understand.stems import fold
from difbot.understand.words import word_set

# Runs this long are ours: shorter ones ("Kind regards", "I confirm that") may well be
# the writer's own words too.
SHINGLE = 7
MAX_OURS = 200_000
# A run of lines of ours this long, inside a paragraph with words of the writer's, is
# our mail glued on (a writer's own sentence that repeats us wraps over fewer words).
RUN_WORDS = 20
_WORD = re.compile(r"[^\W_]+")
# Soft hyphens and zero-width joiners: invisible, and they would split a word; a
# zero-width space separates two.
_INVISIBLE = re.compile("[\u00ad\u200c\u200d\u2060\ufeff]")
_ZERO_WIDTH_SPACE = "\u200b"
# One line of a client's quote header: a short label, a colon, a value.
_HEADER_LINE = re.compile(r"^\s*([^\W\d_][\w .-]{0,24}):\s+\S")
# The labels of the common clients' quote headers, folded: a block of such lines just
# above our words is the client's (two of them at least, so answers "Name: …" are not).
_HEADER_LABELS = frozenset(fold(w) for w in word_set(
    "from sent to cc date subject von gesendet an datum betreff de envoye a objet "
    "enviado para fecha asunto da inviato oggetto data van verzonden aan onderwerp "
    "enviada assunto fran skickat till amne fra sendt til emne od wyslane do temat "
    "lahettaja lahetetty vastaanottaja aihe felado elkuldve cimzett targy odeslano "
    "komu predmet kimden gonderildi kime konu apo stalthike pros thema")) | {
    fold(w) for w in ("Από", "Στάλθηκε", "Προς", "Θέμα", "Envoyé", "À", "Ämne", "Från",
                      "Wysłane", "Lähettäjä", "Lähetetty", "Feladó", "Elküldve", "Címzett",
                      "Tárgy", "Odesláno", "Předmět", "Gönderildi")}


def fingerprints(text: str) -> tuple[str, ...]:
    """What is kept of a mail we sent, to know its words again: a short hash of each run
    of `SHINGLE` words (not the text: the outbox keeps no personal data once sent)."""
    visible = _visible(text[:MAX_OURS])
    if visible.isascii():
        # Lower case is the fold of ASCII, and changes no word's ends: one call for all.
        keys = _WORD.findall(visible.lower())
    else:
        folded: dict[str, str] = {}  # mail repeats its words: each folded once
        keys = []
        for word in _WORD.findall(visible):
            key = folded.get(word)
            if key is None:
                key = folded[word] = fold(word)
            keys.append(key)
    return tuple(sorted(set(_hashes(keys))))


def without_ours(text: str, ours: Iterable[str]) -> str:
    """`text` without our words (`ours`: fingerprints): each paragraph made only of them,
    and each run of lines made only of them that holds at least `RUN_WORDS` words (our
    mail glued under a header or an answer without a blank line between)."""
    known = frozenset(ours)
    if not known:
        return text
    lines = [_visible(line) for line in text.split("\n")]
    words, covered = _covered(lines, known)
    if not any(covered):
        return text
    block, blocks = 0, []
    for line in lines:
        if not line.strip():
            block += 1
        blocks.append(block)
    own_lines = {n for (n, _), ours_word in zip(words, covered, strict=True) if not ours_word}
    own_blocks = {blocks[n] for n in own_lines}
    counts = [0] * len(lines)
    for n, _ in words:
        counts[n] += 1
    gone: set[int] = set()
    run: list[int] = []
    for n in [*range(len(lines)), -1]:   # -1 closes the last run
        if n >= 0 and counts[n] and n not in own_lines and blocks[n] in own_blocks:
            run.append(n)
            continue
        if sum(counts[k] for k in run) >= RUN_WORDS:
            gone.update(run)
        if n >= 0 and counts[n]:
            run = []
    kept = [not line.strip() or (blocks[n] in own_blocks and n not in gone)
            for n, line in enumerate(lines)]
    _drop_header(lines, kept)
    out = [line for line, keep in zip(lines, kept, strict=True) if keep]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(out)).strip("\n")


def _drop_header(lines: list[str], kept: list[bool]) -> None:
    """The quote header just above the first of our lines taken out ("Från: …",
    "Skickat: …", "Till: …", "Ämne: …" in any language) goes with them: it is the
    client's, not the writer's."""
    first = next((n for n, k in enumerate(kept) if not k), None)
    if first is None:
        return
    end = first
    while end > 0 and not lines[end - 1].strip():
        end -= 1
    start = end
    while start > 0 and lines[start - 1].strip():
        start -= 1
    block = lines[start:end]
    labels = [fold(m.group(1)) for line in block if (m := _HEADER_LINE.match(line))]
    if 2 <= len(block) <= 8 and len(labels) == len(block) \
            and sum(label in _HEADER_LABELS for label in labels) >= 2:
        for n in range(start, end):
            kept[n] = False


# A line of this many words or more, every one of them ours, is a line of our mail.
ECHO_WORDS = 4


def echoes(text: str, ours: Iterable[str]) -> bool:
    """Whether `text` still holds a whole line of a mail we sent (`ECHO_WORDS` words or
    more, each in a run of ours): a copy a client quoted in a way nobody knows, left in
    what reads as the writer's, with a remark typed into it. A confirmation or an
    acceptance is then not read alone. A writer's own sentence that repeats our wording
    ("…it has not been disclosed or shared with any third party") has words of theirs
    on its line, and does not count."""
    known = frozenset(ours)
    if not known:
        return False
    lines = [_visible(line) for line in text.split("\n")]
    words, covered = _covered(lines, known)
    per_line: dict[int, list[bool]] = {}
    for (n, _), ours_word in zip(words, covered, strict=True):
        per_line.setdefault(n, []).append(ours_word)
    return any(len(flags) >= ECHO_WORDS and all(flags) for flags in per_line.values())


def typed(text: str, ours: Iterable[str], keep: Callable[[str], bool] = lambda _: False
          ) -> str:
    """What a writer typed into an unprefixed copy of our mail (Outlook quotes the
    original below a "From: … Sent: …" block without "> ", and answers are typed after
    each of our labels): the lines of the copy's span, from the first line holding our
    words to the last, that are not only our words; a line made only of ours stays when
    `keep` says so (a questionnaire label, whose answer may be on the next line). ""
    when the mail holds no copy of ours: nothing else of the mail is read this way (a
    forwarded mail below, a colleague's note above)."""
    known = frozenset(ours)
    if not known:
        return ""
    lines = [_visible(line) for line in text.split("\n")]
    words, covered = _covered(lines, known)
    touched = [n for (n, _), ours_word in zip(words, covered, strict=True) if ours_word]
    if not touched:
        return ""
    mine = {n for (n, _), ours_word in zip(words, covered, strict=True) if not ours_word}
    span = range(min(touched), max(touched) + 1)
    out = [lines[n] for n in span if n in mine or not lines[n].strip() or keep(lines[n])]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(out)).strip("\n")


def _covered(lines: list[str], known: frozenset[str]
             ) -> tuple[list[tuple[int, re.Match[str]]], list[bool]]:
    """Each word of `lines` (line number, match), and whether a run of ours holds it."""
    words = [(n, m) for n, line in enumerate(lines) for m in _WORD.finditer(line)]
    tokens = _tokens(lines, words)
    keys = [k for k, _ in tokens]
    covered = [False] * len(words)
    for i, key in enumerate(_hashes(keys)):
        if key in known:
            for _, places in tokens[i:i + SHINGLE]:
                for j in places:
                    covered[j] = True
    return words, covered


def _tokens(lines: list[str], words: list[tuple[int, re.Match[str]]]
            ) -> list[tuple[str, tuple[int, ...]]]:
    """Each word folded, with its place(s) among `words`; a word hyphenated over a line
    break ("dis-" / "closed") is one word at two places."""
    out: list[tuple[str, tuple[int, ...]]] = []
    i = 0
    while i < len(words):
        n, m = words[i]
        key = fold(m.group(0))
        if i + 1 < len(words) and words[i + 1][0] == n + 1 \
                and lines[n][m.end():].rstrip() == "-":
            out.append((key + fold(words[i + 1][1].group(0)), (i, i + 1)))
            i += 2
            continue
        out.append((key, (i,)))
        i += 1
    return out


def _visible(text: str) -> str:
    return _INVISIBLE.sub("", text).replace(_ZERO_WIDTH_SPACE, " ")


def _hashes(keys: list[str]) -> list[str]:
    """The hash of each run of `SHINGLE` keys, in order."""
    blake2b = hashlib.blake2b
    return [blake2b(" ".join(keys[i:i + SHINGLE]).encode(), digest_size=6).hexdigest()
            for i in range(len(keys) - SHINGLE + 1)]
