"""Mail text cut into sentences and clauses, the pieces the concept lexicons read.

A sentence ends at ". ! ? ;" and white space, at a line break after a colon, or before a
list item; a blank line ends a paragraph; a dot after an abbreviation ("Art. 17", "bzw.")
or a German date's ordinal ("am 3. Mai") ends nothing, nor does one inside a link or a
number ("flickr.com", "2016/679"). Phone-typed text with no space after a full stop
("non le voglio li.potete toglierle") is set apart all the same. A long sentence is cut
at commas into clauses of at most MAX_CLAUSE_WORDS words, the span a concept rule
combines within.

Pure: text in, a list of strings out.
"""

from __future__ import annotations

import re

from difbot.understand.words import word_set

MAX_SENTENCE_CHARS = 2_000
# A formal letter may say everything in one sentence ("X, of full age, hereby exercises
# the right to erasure under Art. 17 ... concerning the photos ..."); concepts only
# combine within a clause of at most this many words, cut at commas.
MAX_CLAUSE_WORDS = 40

# Sentence ends: . ! ? ; followed by white space, or a line break after one; a blank
# line ends a paragraph. A dot in a URL or a number ("flickr.com", "2016/679") is not
# followed by a space and so ends nothing.
_PARAGRAPH = re.compile(r"\n[ \t]*\n")
_END = re.compile(r"(?<=[.!?;])\s+|(?<=[:])\s*\n|\n(?=[ \t]*(?:[-*•]|\d{1,2}[.)])\s)")
# Words after which a dot is an abbreviation, not a sentence end ("bzw. nur", "Dr. Weber").
_ABBREVIATIONS = word_set(
    "abs lit prof dr dra mr mrs ms dott sig sr sra ing ca vs bzw "
    "z b e g i d h u a s p v al cf resp approx dept univ inst tel av")
# ... and those that are one only before a number ("Art. 17", "Nr. 5", "n. 679/2016"):
# elsewhere they are words that end a sentence ("Unos dicen que sí, otros que no. Antes
# de que ...", "I teach art. Could you ...").
_BEFORE_NUMBER = word_set("art arts artt nr no nos n num čl")
# German writes a date's day as an ordinal before the month's capital: "vom 22. Januar".
_MONTHS = word_set("januar jänner februar feber märz april mai juni juli august september "
                   "oktober november dezember")


def sentences(text: str) -> list[str]:
    """`text` cut into sentences, each on one line; wrapped lines joined again."""
    out: list[str] = []
    for paragraph in _PARAGRAPH.split(text):
        mine: list[str] = []
        for piece in _END.split(_unglued(paragraph)):
            piece = " ".join(piece.split())
            if not piece:
                continue
            if mine and len(mine[-1]) < MAX_SENTENCE_CHARS and _open(mine[-1], piece):
                mine[-1] = f"{mine[-1]} {piece}"
            else:
                mine.append(piece)
        out += [clause for sentence in mine for clause in _clauses(sentence)]
    return out


def _unglued(paragraph: str) -> str:
    """Sentences typed without a space after their full stop ("non le voglio li.potete
    toglierle?") set apart, so that the first one's "non" negates nothing in the next;
    never in a link, an address or a file name ("flickr.com", "foto.jpeg" keep theirs)."""
    if "." not in paragraph and "?" not in paragraph and "!" not in paragraph:
        return paragraph
    return " ".join(token if _NOT_PROSE.search(token) else _GLUED.sub(r"\1 ", token)
                    for token in paragraph.split(" "))


# Two letters, a full stop (or ?, !) and a word of four letters or more right after it;
# not in a token that is a link, an address or a file ("www.", "@", "/", an extension),
# nor in a user name: one with two dots ("laura.adler.photos"), or one alone in brackets or
# quotes ("(beto.lente)", "'ruud.h'"); "mike_lee_shots.Could you tell me" is still cut
# (review 81).
_GLUED = re.compile(r"(?<=[^\W\d_]{2})([.!?]+)(?=[^\W\d_]{4})")
_NOT_PROSE = re.compile(r"/|@|www\.|\.(?:info|mobi|name|jpeg|html|json|docx|xlsx|pptx|tiff|heic)\b"
                        r"|[^\W\d_]\.[^\W\d_]+\.[^\W\d_]"
                        r"|^[(\[\"'«“‘][^\s.!?]+\.[^\s.!?]+[)\]\"'»”’][.,;:!?)]*$",
                        re.IGNORECASE)


def _clauses(sentence: str) -> list[str]:
    """A long sentence cut after commas into pieces of at most MAX_CLAUSE_WORDS words."""
    if len(sentence.split()) <= MAX_CLAUSE_WORDS:
        return [sentence]
    out: list[str] = []
    current: list[str] = []
    count = 0
    for part in re.split(r"(?<=,)\s+", sentence):
        words = len(part.split())
        if current and count + words > MAX_CLAUSE_WORDS:
            out.append(" ".join(current))
            current, count = [], 0
        current.append(part)
        count += words
    out.append(" ".join(current))
    return out


def _open(previous: str, piece: str) -> bool:
    """The previous piece ends with an abbreviation's dot, or an ordinal's before a word
    in lower case ("17. cikk") or a German month ("am 3. Mai"): the sentence goes on. An
    abbreviation opening a bracket is one too: "(bzw. nur die Annotationen)", "(ca. 60)"."""
    if not previous.endswith("."):
        return False
    written = re.split(r"[ .'’(\[]", previous[-20:-1])[-1]   # "dell'art." is "art."
    if written == "I":
        return False   # "... and neither did I. If they are in, ...": the pronoun, not "i. e."
    last = written.casefold()
    if last in _BEFORE_NUMBER:
        return piece[:1].isdigit() or piece[:1] in "°º"
    return last in _ABBREVIATIONS or (last.isdigit() and (
        piece[:1].islower() or piece.split(maxsplit=1)[0].casefold() in _MONTHS))
