"""One message as the rules read it: each part computed once, and only if a rule asks.

The fields normalised for the regular-expression rules; the writer's own text apart
from boilerplate (`boilerplate`); the subject unless it is a reply's; the language
(`language`); and the concepts of each sentence (`concepts`) for the concept rules.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Set

from difbot.understand import boilerplate, concepts, language, literals, our_mail, splitting
from difbot.understand.inbound import Message
from difbot.understand.words import subjects, word_set

# What a person writes to a privacy office fits well within this; the rest of a huge
# body (a pasted log, a binary read as text) would only slow every rule down.
MAX_CLASSIFIED = 50_000
# A regex that may start inside a word ("projekt\w*...") is tried again at each of its
# places in a long run of letters, reading on to the run's end each time: quadratic in
# the run. No word is this long; longer runs (a pasted key, an encoded blob) are cut.
MAX_WORD = 100
_LONG_WORD = re.compile(rf"(?<!\w)(\w{{{MAX_WORD}}})\w+")


# What a reply's subject or quote may lend the writer's words (View.replied_to): DiF's
# own name, never a generic "dataset", "annotations" or "Flickr"; and nothing beside
# these (another dataset, a newsletter or offer, a job, phishing, the press).
BORROWED = frozenset({"dif"})
# ... but from the writer's own earlier mail to us below a reminder (the thread's header
# names them and this mailbox, or the quote's attribution line names them), what it names
# of DiF, a dataset, Flickr or the law: "no answer to my request below" speaks of what
# that request spoke of.
BORROWED_FROM_SELF = frozenset({"dif", "ibm", "dataset", "annotations", "flickr", "flickr_link",
                                "gdpr", "art15", "art16", "art17", "art21"})
NOT_BORROWED_BESIDE = frozenset({"stranger_dataset", "marketing", "job", "phishing", "press"})

# Reply and forward prefixes of the common clients and languages, also behind a
# responder's own prefix ("Absence : Re: ...", "Automatische Antwort: AW: ...").
_PREFIXES = subjects.alternation((*subjects.REPLY, "ref", *subjects.FORWARD, *subjects.AWAY))
_REPLY_SUBJECT = re.compile(rf"^.{{0,40}}?(?:^|[:\s])(?:{_PREFIXES})\.?\s*(?:\[\d+\])?\s*:",
                            re.IGNORECASE)


class View:
    """One message as the rules read it, each part computed once and only if asked:
    the fields normalised, the writer's own text apart from boilerplate, its language
    and its sentences' concepts."""

    def __init__(self, msg: Message, lexicon: concepts.Lexicon | None = None,
                 scanner: literals.Scanner | None = None, own: str = "") -> None:
        self.msg = msg
        # The mailbox this mail was delivered to (`Context.own_address`), "" if unknown.
        self.own = own.lower()
        self.lexicon = lexicon
        self.scanner = scanner   # finds the rules' literals in a field in one pass
        self._fields: dict[str, str] = {}
        self._haystacks: dict[str, literals.Haystack] = {}

    @functools.cached_property
    def cleaned(self) -> boilerplate.Cleaned:
        # Cleaned first, then cut: a reply written below 50 kB of quote is kept.
        cleaned = boilerplate.clean(self.msg.text, self._our_header)
        return boilerplate.Cleaned(cleaned.text[:MAX_CLASSIFIED], cleaned.set_aside)

    @property
    def above_thread(self) -> bool:
        """The writer wrote above a quoted thread or earlier mail (set aside)."""
        return any(a.reason in ("thread", "quoted") for a in self.cleaned.set_aside)

    @functools.cached_property
    def language(self) -> str:
        return language.detect(f"{self.msg.subject}\n{self.cleaned.text}")

    @functools.cached_property
    def analysis(self) -> concepts.Analysis:
        if self.lexicon is None:
            return concepts.Analysis()
        pieces = [self.subject] if self.subject else []
        pieces += splitting.sentences(self.cleaned.text)
        read = self.lexicon.analyse(pieces, self._candidates, subject=bool(self.subject))
        # What the quotes of our own mail say, for the whole message.
        marks = {mark for mark, holds in ((concepts.ANSWERS_LOOKUP, self.answers_lookup),
                                          (concepts.ANSWERS_QUESTIONNAIRE,
                                           self.answers_questionnaire),
                                          (concepts.ANSWERS_OFFER, self.answers_offer))
                 if holds}
        if marks:
            read = concepts.Analysis(read.sentences, read.concepts | marks)
        if not self.answers_finding or read.concepts & _OWN_CLAIM:
            return read
        # Every sentence of a reply to our finding speaks of the photos found (unless the
        # writer argues a licence or authorship: a rights dispute says more than "yes").
        marked = tuple(concepts.Sentence(s.text, s.concepts | {concepts.ANSWERS_FINDING},
                                         s.hits) for s in read.sentences)
        return concepts.Analysis(marked, read.concepts | {concepts.ANSWERS_FINDING})

    @property
    def foreign(self) -> bool:
        """The text is in none of the seven languages: only names and numbers are read
        (`language.candidates`)."""
        return not self._candidates

    @functools.cached_property
    def _candidates(self) -> tuple[str, ...]:
        """The languages whose words are looked for, for the text and for what it
        answers alike (`language.candidates`, read once)."""
        return language.candidates(self.language, self.cleaned.text)

    @functools.cached_property
    def replied_to(self) -> frozenset[str]:
        """The dataset's own name (`BORROWED`) when what the mail answers -- a reply's
        subject, the thread or quote below it -- names it: "the age on the second one is
        way off, can you correct it?" above our list of DiF photos speaks of DiF without
        naming it. It never votes (the writer's own words do), and it is only ever a
        category's required name.

        Anyone can write a "Re:" subject or paste a quote, and other people's mail is
        full of datasets, annotations and Flickr: a reply to a newsletter about "a new
        face dataset" or to an order's "annotations" must not make an access request or
        an opt-out of the writer's words (an adversarial review found both). So only the
        name of DiF itself is borrowed, and nothing at all from a subject or quote that
        also speaks of another dataset, marketing, a job, phishing or the press. A thread
        whose header names the writer as its sender (address, or full name) and this
        mailbox is their earlier mail to us (a reminder quoting the request it chases), and
        a quote whose attribution line names the writer ("Le 25/08/2020, Hervé Colin a
        écrit :") holds their own words: either lends what it names of DiF, a dataset,
        Flickr or the law (`BORROWED_FROM_SELF`)."""
        if self.lexicon is None:
            return frozenset()
        pieces = [self.msg.subject] if self.msg.subject and not self.subject else []
        for text, _ in self._quotes:
            # An address names no dataset: "dif-privacy@..." in a quote is no "DiF".
            pieces += splitting.sentences(_ADDRESS.sub(" ", text))
        mine = any(own for _, own in self._quotes)
        if not pieces:
            return frozenset()
        found = self.lexicon.analyse(pieces, self._candidates).concepts
        if found & NOT_BORROWED_BESIDE:
            return frozenset()
        return found & (BORROWED_FROM_SELF if mine else BORROWED)

    @functools.cached_property
    def answers_finding(self) -> bool:
        """The mail answers one of ours that reported photos found: a thread or quote
        below it (not the writer's own words) comes from the mailbox this mail is written
        to, by its attribution line ("On ..., DiF Privacy <dif-privacy@...> wrote:", or
        only the mailbox's name, "Il 10/06/2019, DiF Privacy ha scritto:") or its From
        field, and speaks of photos, a face or Flickr links in DiF or the
        dataset, with no questionnaire, download, access granted or removal done (an
        access approval speaks of "the faces in one million Flickr photos" too; review
        55), offer, job, phishing or press beside them. "Yes,
        please take all four out" above it asks to remove those photos. Anyone can paste
        such a quote; it lends no more than the writer could ask outright."""
        return self._ours_speak_of({"photo", "face", "flickr_link"})

    @functools.cached_property
    def answers_lookup(self) -> bool:
        """The mail answers one of ours that asked for the writer's Flickr name or links
        to look them up: a thread or quote from the mailbox (as `answers_finding` tells
        it) that speaks of Flickr and of checking whether they are in DiF or the dataset
        ("To check whether any of your photos are included in the Diversity in Faces
        dataset, we need your Flickr username"), and of no deletion, questionnaire,
        download, offer, job, phishing or press. "My Flickr name is anais_chvl" above it
        goes on with the inquiry. Anyone can paste such a quote; it lends no more than
        "am I in it? my Flickr name is ..." would."""
        return self._ours_speak_of({"flickr", "flickr_link"}, also={"know"}, but={"delete"})

    @functools.cached_property
    def answers_offer(self) -> bool:
        """The mail answers one of ours that reported photos found and offered to remove
        them ("If you want them removed from the dataset, reply to this message and say
        so"): as `answers_finding`, and that quote offers the removal in so many words
        (`our_mail.offers_removal`: a wish or a question followed by a removal verb; "we
        delete them once your request is done" below a request for links offers nothing:
        review 83). "Yes, all of them please" above it asks for the removal (round 82);
        anyone can paste such a quote, and it lends no more than "yes, remove them"
        would."""
        # Not `_NOT_FINDING`'s copy or status: "the list is attached as a file" beside the
        # offer is still one (round 83); but a removal done is no offer ("we removed your
        # photos; should we also delete our correspondence?": review 84).
        never = NOT_BORROWED_BESIDE | {"questionnaire", "done"}
        return any(found & {"photo", "face", "flickr_link"} and found & {"dif", "dataset"}
                   and not found & never and our_mail.offers_removal(text)
                   for text, found in self._ours_read)

    @functools.cached_property
    def answers_questionnaire(self) -> bool:
        """The mail answers our questionnaire for researchers: a thread or quote from the
        mailbox (as `answers_finding` tells it) that speaks of DiF or the dataset and of
        the questionnaire, or asks three numbered questions or more for an access request
        (`our_mail.asks_questions`: ours names no questionnaire, "answer each of the following"),
        and of nothing that lends nothing (`NOT_BORROWED_BESIDE`) but phishing: a
        questionnaire asks for a name and an address, as a lure does. Answers typed
        between its questions, or "the form is attached", go on with an access request
        (round 82). Anyone can paste such a quote; a rule may only read it beside the
        writer's own research words, and a person answers it (the hold)."""
        lends_nothing = NOT_BORROWED_BESIDE - {"phishing"}
        return any(found & {"dif", "dataset"} and not found & lends_nothing
                   and ("questionnaire" in found or our_mail.asks_questions(text, found))
                   for text, found in self._ours_read)

    def _ours_speak_of(self, about: Set[str], also: Set[str] = frozenset(),
                       but: Set[str] = frozenset()) -> bool:
        """One of our quotes (`_ours`) speaks of one of `about` and of DiF or the dataset,
        of all of `also`, and of none of `but`, nothing that is no finding (a
        questionnaire, a download, access granted, a removal done) and nothing beside
        that lends nothing (`NOT_BORROWED_BESIDE`)."""
        never = NOT_BORROWED_BESIDE | _NOT_FINDING | but
        return any(found & about and found & {"dif", "dataset"} and also <= found
                   and not found & never for found in self._ours)

    @functools.cached_property
    def _ours(self) -> tuple[frozenset[str], ...]:
        """The concepts of each thread or quote below this mail that comes from the
        mailbox it was delivered to (`own`; without it, the mailbox it is written to), by
        its attribution line with that address or only that mailbox's name, or by its From
        field; not the writer's own words, nor a colleague's quote in a mail that copies
        us (review 58)."""
        return tuple(found for _, found in self._ours_read)

    def _our_header(self, line: str) -> bool:
        """A reply header names this mailbox as the quote's writer ("On ..., DiF Privacy
        <dif-privacy@...> wrote:", "Il 22/05/2019, DiF Privacy ha scritto:"), as `_ours`
        tells a quote's attribution."""
        attribution = line.strip().lower()
        return (any(addr in attribution for addr in self._our_addresses)
                or _signed_by_name(_mailbox_name(self.own), attribution))

    @property
    def _our_addresses(self) -> list[str]:
        """The addresses a quote of our own mail names: the configured one, else the
        mailboxes this mail is written to (`_mailboxes`)."""
        return [self.own] if self.own else self._mailboxes

    @functools.cached_property
    def _ours_read(self) -> tuple[tuple[str, frozenset[str]], ...]:
        """Each of `_ours` with its text."""
        if self.lexicon is None:
            return ()
        ours = []
        for text in self._quote_texts:
            attribution, head = _attribution(text), text[:_ATTRIBUTION].lower()
            if not (self._our_header(attribution)
                    or any(_in_header(addr, head, _FROM_LABEL)
                           for addr in self._our_addresses)
                    ) or self._own(text):
                continue
            ours.append((text, self.lexicon.analyse(
                splitting.sentences(_ADDRESS.sub(" ", text)), self._candidates).concepts))
        return tuple(ours)

    @functools.cached_property
    def earlier_own_text(self) -> str:
        """The writer's own earlier mail to us, set aside below this one (a reminder
        quoting the request it chases: `_own_earlier_mail`, or a quote whose attribution
        line names the writer, "On 5 Feb, Ann Example <ann@...> wrote:", which names no
        recipient), without quote marks or addresses; "" when there is none. Only ever
        read for a reminder held for a person (`classify.REMINDER`)."""
        for text, own in self._quotes:
            if own:
                head, rest = text[:_FIELD_SPAN], text[_FIELD_SPAN:]
                body = _FIELD_LABEL.sub(" ", head) + rest
                return " ".join(_QUOTE_MARK.sub(" ", _ADDRESS.sub(" ", body)).split())
        return ""

    @functools.cached_property
    def _quotes(self) -> tuple[tuple[str, bool], ...]:
        """Each thread or quote set aside, read once for `replied_to` and
        `earlier_own_text`, and whether it holds the writer's own words (`_own`)."""
        return tuple((text, self._own(text)) for text in self._quote_texts)

    @functools.cached_property
    def _quote_texts(self) -> tuple[str, ...]:
        """Each thread or quote set aside, with long words cut, as every field's (no
        pattern reads a long run twice)."""
        return tuple(_LONG_WORD.sub(r"\1", a.text[:MAX_CLASSIFIED])
                     for a in self.cleaned.set_aside if a.reason in ("thread", "quoted"))

    def _own(self, text: str) -> bool:
        """The quote holds the writer's own words: their earlier mail to us, or a quote
        whose attribution line names them."""
        return self._own_earlier_mail(text) or self._attributed(text)

    @functools.cached_property
    def _mailboxes(self) -> list[str]:
        """The mailbox this mail is written to: among the first few recipients of any
        mail to us, the writer aside."""
        return [a for a in self.msg.to[:_RECIPIENTS] if a and a != self.msg.from_addr]

    def _attributed(self, thread: str) -> bool:
        """The quote opens with an attribution line that names the writer ("On 5 Feb,
        Ann Example <ann@example.net> wrote:"): their address as a whole, or their full
        name as whole words, in that line up to its colon (not a salutation below it)."""
        head = _attribution(thread)
        if not head:
            return False
        sender, name = self.msg.from_addr, self._full_name
        return bool(sender) and re.search(rf"(?<![\w.+-]){re.escape(sender)}(?![\w.-])",
                                          head) is not None or (
            _named_in(name, head))

    @functools.cached_property
    def _full_name(self) -> str:
        """The writer's name as a quote's header or attribution line gives it, lower case:
        without a title before it or anything after a comma ("Dr Laurent Hubert" writes
        "De : Laurent Hubert"; "Ann Example, PhD"); "" unless two words or more are left."""
        words = self.msg.from_name.lower().split(",", 1)[0].split()
        while words and words[0] in _TITLES:
            words.pop(0)
        return " ".join(words) if len(words) > 1 else ""

    def _own_earlier_mail(self, thread: str) -> bool:
        """The thread's header names the sender in its From field (their address, or
        their full name as whole words) and the mailbox this mail is written to: the
        writer's own earlier mail to us, not a reply to a dating app or a newsletter that
        happens to quote them, nor our answer to them ("Von: DiF Privacy ... An: Uwe
        Kaiser <uwe@...>", which names the writer as its recipient). Only the header at
        the thread's head is read: our answer above the writer's first mail, as Outlook
        quotes a thread, is ours."""
        low = thread[:_FIELD_SPAN].lower()
        sender = self.msg.from_addr
        # The mailbox written to is among the first few recipients of any mail to us.
        if not any(_in_header(addr, low) for addr in self._mailboxes):
            return False
        name = self._full_name
        return bool(sender) and _in_header(sender, low, _FROM_LABEL) or (
            bool(name) and _in_header(name, low, _FROM_LABEL, whole=True))

    @functools.cached_property
    def subject(self) -> str:
        """The subject, unless it is a reply's ("Re: Remove my photos"): then it is our
        own words or the thread's, and the writer's text below says what this mail is."""
        if self.replying and (len(self.cleaned.text.split()) >= boilerplate.MIN_OWN_WORDS
                              or boilerplate.only_thanks(self.cleaned.text.split("\n"))):
            # ... or its few words only thank ("Got it, thanks." above our acknowledgement:
            # round 77): the subject is ours, and asks nothing of theirs
            return ""
        return self.msg.subject.strip()

    @property
    def replying(self) -> bool:
        """The subject is a reply's ("Re:", "AW:", "Automatic reply:" ...), whatever the
        text below it."""
        return bool(_REPLY_SUBJECT.match(self.msg.subject.strip()))

    def field(self, name: str) -> str:
        if name not in self._fields:
            self._fields[name] = searched(self._raw(name)[:MAX_CLASSIFIED])
        return self._fields[name]

    def haystack(self, name: str) -> literals.Haystack:
        """The field as the literal prefilter reads it (`literals`)."""
        if name not in self._haystacks:
            self._haystacks[name] = literals.Haystack(self.field(name), self.scanner)
        return self._haystacks[name]

    def _raw(self, name: str) -> str:
        msg = self.msg
        if name == "subject":
            return msg.subject
        if name == "body":
            return self.cleaned.text
        if name == "sender":
            return msg.from_addr
        if name == "content_type":
            return msg.content_type
        return f"{self.subject}\n{self.cleaned.text}"


def normal(text: str) -> str:
    """Casefolded, NFKC, whitespace collapsed: phrases match however they were typed."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def searched(text: str) -> str:
    """A field or header value as the rules see it: normal, and no word over MAX_WORD."""
    return _LONG_WORD.sub(r"\1", normal(text))


# An address (a dot in its domain: a Flickr NSID "12345678@N05" is none), read from the
# start of its whitespace-delimited token only and possessively: linear in a long run.
_ADDRESS = re.compile(r"(?<!\S)[^\s@]++@[^\s@.]+\.\S+")
# How many of a mail's To addresses are looked for in a quote's header fields.
_RECIPIENTS = 5
# Where a quote's attribution line ends ("On Wed, 5 Feb 2020 at 10:03, <name> <address>
# wrote:"): the writer named later is someone the quoted mail speaks of.
_ATTRIBUTION = 200
# The attribution's verb and what follows it up to its colon: the name comes before it
# ("Ann <ann@...> wrote:", "Ann heeft het volgende geschreven:") or after it ("Am 5.2.
# schrieb Ann <ann@...>:").
_WROTE_VERBS = ("wrote|writes|schrieb|a écrit|escribió|ha scritto|schreef|geschreven|"
                "escreveu")
_WROTE = re.compile(rf"\b(?:{_WROTE_VERBS})[^:\n]{{0,120}}:", re.IGNORECASE)
_QUOTE_MARK = re.compile(r"(?:(?<=\s)|^)(?:>\s*)+")
# The header fields that open a forwarded or quoted mail ("---------- Forwarded message
# --------- From: Ann <ann@...> Date: ... Subject: Remove my photos To: ..."), their
# labels only: the earlier mail is read as if it had come alone, and the label "Subject"
# is an English word of the lexicons ("the subjects of my photos"). Only at its head.
_FIELD_SPAN = 400
_FIELD_LABEL = re.compile(
    r"(?:(?<=\s)|^)(?:-{2,}[^-\n]{0,40}-{2,}|(?:from|sent|to|subject|date|cc|de|envoy[ée]|"
    r"[àa]|objet|von|gesendet|an|betreff|datum|enviado|enviada|para|asunto|assunto|fecha|"
    r"data|da|inviato|oggetto|van|verzonden|aan|onderwerp) ?:)(?=\s|$)", re.IGNORECASE)

# Titles before a name in a From header, which a quote's header often leaves out.
_TITLES = word_set(
    "dr dr. prof prof. professor mr mr. mrs mrs. ms ms. mme mme. m. mlle herr frau dott "
    "dott. dott.ssa dr.ssa prof.ssa ing. ing avv. sr sr. sra sra. srta. dra dra. drs drs. "
    "ir ir. mevr mevr. dhr dhr. mag. dipl.-ing. eng. exmo. exma.")
# Where a name written in a quote's header or attribution line ends: at its end, an
# address or punctuation, the next header label ("Envoyé :"), the verb of "... wrote:" or
# a degree ("Anna Bianchi PhD");
# not at another word of a longer name ("Anna Maria" is not "Anna Maria Bianchi").
_NAME_END = (rf"(?=\s*(?:$|[^\w\s]|[^\W\d_]+\s?:|(?:{_WROTE_VERBS}|heeft geschreven|"
             r"hat geschrieben|ph\.?\s?d|m\.?d|msc|mba|jr|sr)\b))")
# What our mail reporting photos found never holds: a questionnaire, a download (copy), an
# access granted (status), a removal done.
_NOT_FINDING = frozenset({"questionnaire", "copy", "status", "done"})
# What a reply to our finding may argue besides "yes, remove them", which then says more
# than that (`View.analysis`): a licence, the writer's authorship.
_OWN_CLAIM = frozenset({"licence", "licence_claim", "author"})
# A quoted mail's sender field labels, and a field's value up to the next label.
_SENDER_FIELDS = "from|van|de|von|da"
_FIELD_VALUE = r"\s*:\s*[^:]{0,80}?"
# The sender's field of a quoted mail's header ("From: DiF Privacy <dif-privacy@...>").
_FROM_LABEL = rf"(?:^|\s)(?:{_SENDER_FIELDS}){_FIELD_VALUE}"
# A header field of a quoted mail ("From: Ann <ann@x>", "Aan: ...", "De : ..."): what it
# names comes within a few words of its label, not anywhere in the quoted body.
_HEADER_LABEL = rf"(?:^|\s)(?:{_SENDER_FIELDS}|to|aan|an|a|à|para|pour|cc){_FIELD_VALUE}"


# The shortest mailbox name an attribution line is read for (`_mailbox_name`).
_MAILBOX_NAME_MIN = 5


def _named(name: str) -> str:
    """A pattern of `name` as the whole of a name: whole words, ended as `_NAME_END` says."""
    return rf"(?<!\w){re.escape(name)}{_NAME_END}"


def _in_header(what: str, text: str, labels: str = "", whole: bool = False) -> bool:
    """`what` (an address, or a name as whole words) in a header field of `text` (one of
    `labels`' fields, or any sender's or recipient's)."""
    return re.search((labels or _HEADER_LABEL) + (_named(what) if whole else re.escape(what)),
                     text) is not None


def _mailbox_name(address: str) -> str:
    """The name a mailbox goes by, from its address's local part ("dif-privacy@..." is
    "dif privacy"): what an attribution line that gives no address names it by; "" for
    a local part of one word ("privacy@..." would be read in "Flickr Privacy wrote:"),
    or too short to name anything apart."""
    words = [w for w in re.split(r"[-._+]+", address.split("@", 1)[0]) if w]
    name = " ".join(words)
    return name if len(words) > 1 and len(name) >= _MAILBOX_NAME_MIN else ""


def _signed_by_name(name: str, attribution: str) -> bool:
    """An attribution line that gives no address and names `name` as the one who wrote,
    right after the date's comma or the verb ("Il 10/06/2019 16:41, DiF Privacy ha
    scritto:", "Am 17.06.2019 schrieb DiF Privacy:"), not inside another name ("Not DiF
    Privacy", "Bob (DiF Privacy)", "Marco über DiF Privacy")."""
    return bool(name) and "@" not in attribution and re.search(
        rf"(?:^|,\s*|\b(?:{_WROTE_VERBS})\s+){re.escape(name)}{_NAME_END}",
        attribution) is not None


def _named_in(name: str, text: str) -> bool:
    """`name` as whole words in `text`; never an empty name."""
    return bool(name) and re.search(_named(name), text) is not None


def _attribution(thread: str) -> str:
    """The quote's attribution line up to its colon, lower case ("on 5 feb, ann
    <ann@example.net> wrote:"), or "" where it opens with none."""
    line = _WROTE.search(thread[:_ATTRIBUTION])
    return thread[:line.end()].lower() if line else ""
