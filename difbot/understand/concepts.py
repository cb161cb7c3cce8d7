"""Concepts: what a sentence speaks of, in any of the seven languages, from lexicons.

People ask for the same few things in a small vocabulary that varies by language,
inflection and word order: "send me the DiF data", "wie bekomme ich den
DiF-Datensatz", "podem enviar-me o dataset" all say *request* and *dataset*. The
lexicons in `rules/concepts/<lang>.toml` list, per concept, the words and phrases
that express it; a text is split into sentences, each word reduced to its stem
(`stems`), and each sentence gets the set of concepts whose terms occur in it. The
rules (`classify`) then combine concepts per sentence ("request" with "dif") and per
message, so that a new phrasing built of known words needs no new rule.

A lexicon term is one or more words, compared stem by stem in order; `*` at the end
matches any word starting so ("annot*"), `*` at the start any word whose stem ends so
(German and Dutch compounds: "*datensatz" is also "Gesichtsdatensatz"), and `=` at the
start that word alone, unstemmed, where its stem is another word's too (Dutch
"=waar", where, not "waren", were; Portuguese "=faço", I do, not "faces"), also as one
word of a phrase ("i =filled in": done, where "i fill in" asks); `!` at the
start of a phrase takes its words for its concept alone ("!no problem with": content,
and its "no" negates nothing; nor does a shorter phrase inside it, "!não precisamos das
imagens" is only part of the data, not the stop "não precisamos"), as the `idiom`
phrases take theirs for none; `@name` stands for every term of the concept `name` in
the same file, and for its patterns (a concept that is part of another: `licence =
["@licence_claim", "creative commons"]` lists the claim words once). The file
`any.toml` holds names and numbers that are the same in every language (DiF,
Flickr, GDPR), compared as written (folded, not stemmed), and regular expressions
over the folded sentence (article numbers, Flickr links).

Pure: lexicons are read once at load time; analysis neither reads nor writes anything.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from difbot.understand import literals, misspellings, stems
from difbot.understand.splitting import MAX_SENTENCE_CHARS
from difbot.understand.words import LANGUAGES


class LexiconError(Exception):
    """A lexicon file mistake; str() names the file, the concept and the term."""


ANY = "any"
# Every sentence that ends with a question mark has this concept too.
QUESTION = "question"
# A lexicon's `idiom` phrases are set phrases whose words say nothing on their own:
# "without undue delay", "sans exception" negate nothing. Their words count for no
# concept, and `idiom` is no concept a rule can name.
IDIOM = "idiom"
# A phrase written "!no problem with" takes its words the same way, for its own concept
# alone: "no problem" is content, and its "no" negates nothing.
TAKES = "!"
# A reference to another concept's terms in the same file ("@licence_claim").
PART = "@"
# The mail's own subject line, when `analyse` is told the first piece is one.
SUBJECT = "subject"
# Every sentence of a mail that answers ours reporting photos found (`View.answers_finding`).
ANSWERS_FINDING = "answers_finding"
# A mail that answers ours asking for the writer's Flickr name to look them up
# (`View.answers_lookup`).
ANSWERS_LOOKUP = "answers_lookup"
# A mail that answers ours reporting photos found and offering their removal
# (`View.answers_offer`).
ANSWERS_OFFER = "answers_offer"
# A mail that answers our questionnaire for researchers (`View.answers_questionnaire`).
ANSWERS_QUESTIONNAIRE = "answers_questionnaire"
# A list under a lead-in that ends with a colon asks what the lead-in asks: "could you
# tell us: - whether photos of our account are in the dataset; - which annotations ...".
# Each item that is no question of its own is read with the lead-in's question words
# (only those: a lead-in's "we request" must not turn "- which annotations you hold"
# into a request for them).
LEAD_IN = frozenset({"know"})
# ... when the lead-in asks ("could you tell us:", "graag vernemen wij:"), not when it
# states ("je vous informe :", "I hereby confirm:"): "inform" is a `know` word too.
ASKING = frozenset({"want", "request", QUESTION})
_ITEM = re.compile(r"\s*(?:[-*•]|\d{1,2}[.)])\s")
MAX_SENTENCES = 400
# Words this short count only in the text's own language.
SHORT = 3
_NAME = re.compile(r"[a-z][a-z0-9_]*")


@dataclass(frozen=True)
class Sentence:
    text: str                                  # as written, one line
    concepts: frozenset[str]
    hits: tuple[tuple[str, str], ...]          # (concept, the words that expressed it)


@dataclass(frozen=True)
class Analysis:
    sentences: tuple[Sentence, ...] = ()
    concepts: frozenset[str] = frozenset()     # of all the sentences together


# A phrase: its words' keys, its concept, whether it takes its words for that concept
# alone (IDIOM, TAKES: "!no problem with"), and whether a key is a word written `=`
# (EXACT and the folded word, compared with the word itself, not its stem).
_Phrase = tuple[tuple[str, ...], str, bool, bool]
EXACT = "="
# What one word says in one language: its key (stem), the phrases that start with that
# key, the concepts the word expresses alone.
_Entry = tuple[str, tuple[_Phrase, ...], tuple[str, ...]]


@dataclass
class _Language:
    # stem -> concepts, in the order the lexicon lists them (a dict, not a set: the
    # order `--explain` shows must not depend on the process's hash seed)
    words: dict[str, dict[str, None]] = field(default_factory=dict)
    phrases: dict[str, list[_Phrase]] = field(default_factory=dict)
    prefixes: list[tuple[str, str]] = field(default_factory=list)       # folded word start
    suffixes: list[tuple[str, str]] = field(default_factory=list)       # stem end
    exact: dict[str, dict[str, None]] = field(default_factory=dict)     # folded word
    # word -> its entry, computed once per word (bounded): mail repeats its vocabulary
    seen: dict[str, _Entry] = field(default_factory=dict)
    # a lexicon word's stem with its doubled letters written once -> that stem, where
    # that form is one word's alone (`_typo`); built on first need
    undoubled: dict[str, str] | None = None

    def entry(self, lang: str, word: str) -> _Entry:
        found = self.seen.get(word)
        if found is None:
            key = word if lang == ANY else stems.stem(lang, word)
            out = dict.fromkeys(self.words.get(key, ()))
            out.update(self.exact.get(word, {}))
            out.update(dict.fromkeys(c for start, c in self.prefixes if word.startswith(start)))
            out.update(dict.fromkeys(c for end, c in self.suffixes
                                     if key.endswith(end) and len(key) > len(end)))
            phrases = tuple(self.phrases.get(key, ()))
            if (lang != ANY and len(word) >= misspellings.MIN_LETTERS and key not in self.words
                    and not phrases and word not in self.exact):
                meant = self._typo(key)
                if meant != key:
                    key = meant
                    out.update(dict.fromkeys(self.words.get(key, ())))
                    phrases = tuple(self.phrases.get(key, ()))
            found = (key, phrases, tuple(out))
            if len(self.seen) >= _SEEN_LIMIT:
                self.seen.clear()
            self.seen[word] = found
        return found

    def _typo(self, key: str) -> str:
        """The one lexicon word `key` misspells by a letter doubled or not, for a word
        the lexicon does not know, or `key` itself (`misspellings`): read as that word,
        alone and in the lexicon's phrases ("mai autorizato")."""
        if self.undoubled is None:
            self.undoubled = misspellings.index(
                set(self.words) | {k for ps in self.phrases.values() for p in ps
                                   for k in p[0] if not k.startswith(EXACT)})
        return self.undoubled.get(misspellings.undoubled(key)) or key


_SEEN_LIMIT = 100_000


@dataclass(frozen=True)
class Lexicon:
    names: frozenset[str]
    languages: dict[str, _Language]
    patterns: tuple[tuple[re.Pattern[str], str], ...]
    needs: tuple[literals.Needs, ...] = ()      # per pattern, what its matches contain

    def analyse(self, sentences: list[str], languages: tuple[str, ...],
                subject: bool = False) -> Analysis:
        """Each sentence with the concepts its words express in any of `languages`;
        with `subject`, the first one is the subject line and says so."""
        # Names first: a name of several words is one thing ("Diversity in Faces" says
        # nothing of faces), so its words are taken before any language reads them.
        langs = tuple(lang for lang in (ANY, *languages) if lang in self.languages)
        primary = languages[0] if languages else ANY
        texts = [text[:MAX_SENTENCE_CHARS] for text in sentences[:MAX_SENTENCES]]
        folded = [stems.fold(text) for text in texts]
        patterns = self._possible(folded)
        out = []
        lead: list[tuple[str, str]] = []
        for n, text in enumerate(texts):
            hits = self._hits(folded[n], langs, primary, patterns)
            # A subject line is not cut into sentences: it asks also where a name or a
            # number follows its "?" ("Am I in DiF? (NSID 1@N02)"), not where words do
            # ("My photos in DiF? Solved, thanks": review 59).
            asks = text.rstrip(" )\"'»”").endswith("?") or bool(
                subject and n == 0 and _named_after(text))
            if _ITEM.match(text):
                if not asks:
                    hits += [h for h in lead if h not in hits]
            else:
                lead = ([h for h in hits if h[0] in LEAD_IN] if text.rstrip().endswith(":")
                        and ASKING & {c for c, _ in hits} else [])
            found = {c for c, _ in hits}
            if asks:
                found.add(QUESTION)
            if subject and n == 0:
                found.add(SUBJECT)
            out.append(Sentence(text, frozenset(found), tuple(hits)))
        return Analysis(tuple(out), frozenset().union(*(s.concepts for s in out)))

    def _possible(self, folded: list[str]) -> list[tuple[re.Pattern[str], str]]:
        """The patterns whose literals (`literals.needs`) the text holds somewhere: the
        others cannot match in any of its sentences, and are not searched there."""
        if not self.patterns:
            return []
        text = literals.Haystack("\n".join(folded))
        return [pc for pc, needs in zip(self.patterns, self.needs, strict=True)
                if text.holds(needs)]

    def _hits(self, folded: str, langs: tuple[str, ...], primary: str,
              patterns: list[tuple[re.Pattern[str], str]]) -> list[tuple[str, str]]:
        tokens = stems.folded_words(folded)
        hits: dict[tuple[str, str], None] = {}
        taken: set[int] = set()
        # Every other phrase found, kept until all taking phrases are known: one inside
        # words a longer phrase takes says nothing of its own (in "!não precisamos das
        # imagens", only part of the data, "não precisamos" stops nothing).
        plain: list[tuple[int, int, str]] = []
        for lang in langs:
            table = self.languages[lang]
            seen = table.seen
            entries = [seen.get(w) or table.entry(lang, w) for w in tokens]
            keys: list[str] = []
            for i, (_, phrases, singles) in enumerate(entries):
                if phrases:
                    keys = keys or [e[0] for e in entries]
                    for phrase, concept, takes, exact in phrases:
                        n = len(phrase)
                        if (_exactly(phrase, keys, tokens, i) if exact
                                else tuple(keys[i:i + n]) == phrase):
                            if lang == ANY or takes:
                                taken.update(range(i, i + n))
                                if concept != IDIOM:
                                    hits[(concept, " ".join(tokens[i:i + n]))] = None
                            elif concept != IDIOM:
                                plain.append((i, n, concept))
                # A short word of a language the text is not written in says nothing:
                # "no" is Portuguese "in the", "me" French "me", not English.
                if singles and i not in taken and (lang in (ANY, primary)
                                                   or len(tokens[i]) > SHORT):
                    for concept in singles:
                        hits[(concept, tokens[i])] = None
        for i, n, concept in plain:
            if not taken.issuperset(range(i, i + n)):
                hits[(concept, " ".join(tokens[i:i + n]))] = None
        for pattern, concept in patterns:
            m = pattern.search(folded)
            if m:
                hits[(concept, m.group(0))] = None
        return list(hits)


def _named_after(subject: str) -> bool:
    """After the subject's last "?" come only an aside -- in brackets or after a slash
    ("? (wedding photos)", "? / data held about me") -- or a few words with a name's or
    a number's marks ("? NSID 99887766@N02"); not a statement ("? Solved, thanks")."""
    if "?" not in subject:
        return False
    tail = subject.rsplit("?", 1)[1].strip()
    return (_ASIDE.fullmatch(tail) is not None
            or (len(tail.split()) <= 4 and any(c in tail for c in "0123456789@_:")))


_ASIDE = re.compile(r"\([^()]*\)|\[[^\[\]]*\]|/.*")


def _exactly(phrase: tuple[str, ...], keys: list[str], tokens: list[str], i: int) -> bool:
    """The words from `i` on are `phrase`, whose `=` words are compared unstemmed."""
    if i + len(phrase) > len(tokens):
        return False
    return all(tokens[i + j] == key[1:] if key.startswith(EXACT) else keys[i + j] == key
               for j, key in enumerate(phrase))


def load(directory: Path | None = None) -> Lexicon:
    """Every `concepts/*.toml` lexicon; the packaged ones when no directory is given."""
    files = toml_files(directory, "concepts")
    if not files:
        raise LexiconError(f"{directory or 'rules/concepts/'}: no lexicon files (*.toml)")
    languages: dict[str, _Language] = {}
    patterns: list[tuple[re.Pattern[str], str]] = []
    names: set[str] = set()
    for name, data in files:
        lang, table, regexes = _read(name, data)
        if lang in languages:
            raise LexiconError(f"{name}: language {lang!r}: a second lexicon for it")
        languages[lang] = table
        patterns += regexes
        names |= {c for cs in table.words.values() for c in cs}
        names |= {c for cs in table.exact.values() for c in cs}
        names |= {c for ps in table.phrases.values() for _, c, _, _ in ps}
        names |= {c for _, c in table.prefixes}
        names |= {c for _, c in table.suffixes} | {c for _, c in regexes}
    return Lexicon(frozenset((names - {IDIOM}) | {QUESTION, SUBJECT, ANSWERS_FINDING,
                                                ANSWERS_LOOKUP, ANSWERS_QUESTIONNAIRE,
                                                ANSWERS_OFFER}), languages,
                   tuple(patterns),
                   tuple(literals.needs(p) for p, _ in patterns))


def toml_files(directory: Path | None, packaged: str = "") -> list[tuple[str, bytes]]:
    """(name, bytes) of each `*.toml` file in `directory`, by name; without a directory,
    those packaged in `difbot.rules` (or its subfolder `packaged`), named `rules/...`."""
    if directory is not None:
        return sorted((str(p), p.read_bytes()) for p in Path(directory).glob("*.toml"))
    root = resources.files("difbot.rules")
    if packaged:
        root = root.joinpath(packaged)
    prefix = "/".join(p for p in ("rules", packaged) if p)
    return sorted((f"{prefix}/{p.name}", p.read_bytes()) for p in root.iterdir()
                  if p.name.endswith(".toml"))


def _read(name: str, data: bytes) -> tuple[str, _Language, list[tuple[re.Pattern[str], str]]]:
    try:
        doc = tomllib.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as e:
        raise LexiconError(f"{name}: not valid TOML: {e}") from None
    unknown = set(doc) - {"language", "description", "concepts", "patterns"}
    if unknown:
        raise LexiconError(f"{name}: {sorted(unknown)[0]}: unknown key "
                           "(known: concepts, description, language, patterns)")
    lang = doc.get("language")
    if lang not in (*LANGUAGES, ANY):
        raise LexiconError(f"{name}: language: expected one of {', '.join(LANGUAGES)} or any")
    table = _Language()
    concepts = _table(name, doc, "concepts")
    for concept, terms in concepts.items():
        for term in _expanded(name, concepts, concept, terms):
            _add(table, lang, concept, term, f"{name}: concepts.{concept}")
    regexes = []
    for concept, rxs in _table(name, doc, "patterns").items():
        for rx in rxs:
            try:
                compiled = re.compile(rx)
            except re.error as e:
                raise LexiconError(f"{name}: patterns.{concept}: bad regular expression: {e}"
                                   ) from None
            # a concept that names this one as its part (`phishing = ["@lure"]`) has its
            # patterns too
            regexes += [(compiled, c) for c in (concept, *_wholes(concepts, concept))]
    return lang, table, regexes


def _wholes(concepts: dict[str, list[str]], part: str) -> list[str]:
    """The concepts of a file that name `part` among their terms ("@part")."""
    return [c for c, terms in concepts.items() if PART + part in terms]


def _table(name: str, doc: dict[str, Any], key: str) -> dict[str, list[str]]:
    value = doc.get(key, {})
    if not isinstance(value, dict):
        raise LexiconError(f"{name}: {key}: expected a table of concept = [terms]")
    for concept, terms in value.items():
        if not _NAME.fullmatch(concept):
            raise LexiconError(f"{name}: {key}.{concept}: concept names are lowercase words")
        if not isinstance(terms, list) or not all(isinstance(t, str) and t.strip()
                                                   for t in terms):
            raise LexiconError(f"{name}: {key}.{concept}: expected a list of non-empty strings")
    return value


def _expanded(name: str, concepts: dict[str, list[str]], concept: str,
              terms: list[str]) -> list[str]:
    """`terms` with each `@part` replaced by the terms of the concept `part` in the same
    file (itself without references: a part is listed, not built)."""
    out: list[str] = []
    where = f"{name}: concepts.{concept}"
    for term in terms:
        if PART not in term:
            out.append(term)
            continue
        part = term[len(PART):]
        if not term.startswith(PART) or not _NAME.fullmatch(part):
            raise LexiconError(f"{where}: {term!r}: a reference is a whole term, "
                               f"{PART} and a concept's name ('{PART}licence_terms')")
        if part == concept or part not in concepts:
            raise LexiconError(f"{where}: {term!r}: names no other concept of this file")
        if terms.count(term) > 1:
            raise LexiconError(f"{where}: {term!r}: named twice")
        if not concepts[part] or any(PART in t for t in concepts[part]):
            raise LexiconError(f"{where}: {term!r}: that concept is empty or has an "
                               f"{PART} reference of its own")
        out += concepts[part]
    return out


def _add(table: _Language, lang: str, concept: str, term: str, where: str) -> None:
    takes = concept == IDIOM or term.startswith(TAKES)
    written, term = term, term.removeprefix(TAKES)
    if takes and term.startswith(EXACT):
        raise LexiconError(f"{where}: {written!r}: an idiom or a ! phrase starts with a "
                           "plain word, not an = word")
    if takes and (not term[:1].isalpha() or term.endswith("*") or TAKES in term
                  or len(stems.words(term)) < 2):
        raise LexiconError(f"{where}: {written!r}: an idiom or a ! phrase is a phrase of "
                           "several words, written '!no problem with'")
    if term.startswith(EXACT) and len(term.split()) == 1:
        exact = stems.words(term[1:])
        if len(exact) != 1 or "*" in term or term[1:].startswith(EXACT):
            raise LexiconError(f"{where}: {term!r}: an = term is one word, without *")
        table.exact.setdefault(exact[0], {})[concept] = None
        return
    if EXACT in term:
        _add_exact_phrase(table, lang, concept, term, takes, where)
        return
    if term.endswith("*") or term.startswith("*"):
        core = stems.words(term.strip("*"))
        if len(core) != 1:
            raise LexiconError(f"{where}: {term!r}: a * term is one word")
        if term.endswith("*"):
            _once(table.prefixes, (core[0], concept))
        else:
            end = core[0] if lang == ANY else stems.stem(lang, core[0])
            _once(table.suffixes, (end, concept))
        return
    folded = stems.words(term)
    if not folded:
        raise LexiconError(f"{where}: {term!r}: no word in it")
    keys = tuple(folded if lang == ANY else (stems.stem(lang, w) for w in folded))
    if len(keys) == 1:
        table.words.setdefault(keys[0], {})[concept] = None
    else:
        _once(table.phrases.setdefault(keys[0], []), (keys, concept, takes, False))


def _once(entries: list[Any], entry: Any) -> None:
    """`entry` added to `entries` unless already there: two terms that fold and stem
    alike ("quítenme", "quitenme"; an inflection beside its stem) are one entry, not two
    that every sentence holding the first word checks."""
    if entry not in entries:
        entries.append(entry)


def _add_exact_phrase(table: _Language, lang: str, concept: str, term: str, takes: bool,
                      where: str) -> None:
    """A phrase with `=` words ("i =filled in"): those compared as written, folded."""
    keys: list[str] = []
    index = ""   # found under its first word's key, as every phrase
    for piece in term.split():
        bare = piece.removeprefix(EXACT)
        folded = stems.words(bare)
        if len(folded) != 1 or "*" in piece or EXACT in bare:
            raise LexiconError(f"{where}: {term!r}: each word of a phrase with = words is "
                               "one word, without * ('i =filled in')")
        key = folded[0] if lang == ANY else stems.stem(lang, folded[0])
        index = index or key
        keys.append(EXACT + folded[0] if piece != bare else key)
    _once(table.phrases.setdefault(index, []), (tuple(keys), concept, takes, True))
