"""A second opinion on a classification: a linear model over a message's words and concepts.

The rules (`classify`) decide, and say why. Where they are unsure, a statistical view of
the whole message helps: it has seen how hundreds of people phrase each request and
weighs every word, where a rule needs its exact concept pair. It is only ever a second
opinion (issue 13):

- it may **veto** an answer: when the rules answer a mail as X and the model gives X a
  probability below `VETO`, or clearly prefers another label (`DISAGREE`), a person
  reads the mail instead;
- it may **confirm** an answer the rules support but are not sure enough of: the rules'
  best score stayed below its threshold (not a tie, not subtypes argued both ways), yet
  they scored the category (or one of its core rules fired), the mail names what the
  category requires and a rule voted for the subtype; when the model names that same
  label with a probability of at least `CONFIRM`, it is answered;
- it never creates an answer the rules do not support, and never touches automatic mail.

The model is multinomial logistic regression, trained offline by `eval/train.py` (`make
model`) on the development and tuning sets, never on the evaluation sets; its weights ship
in the package (`rules/opinion.json`) and inference is a sum of weights and a softmax:
deterministic, offline, pure.
"""

from __future__ import annotations

import itertools
import json
import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from difbot.understand import stems
from difbot.understand.view import View

# The model's probability of the rules' answer below which a person reads the mail.
VETO = 0.2
# ... or when the model's own best is another label with at least this probability and
# half as much again as the rules' label ("inquiry 0.52, opt-out 0.47" is no verdict).
DISAGREE = 0.5
DISAGREE_RATIO = 1.5
# The model's probability of an answer the rules support, from which it is given.
CONFIRM = 0.8
# ... and of the subtype the rules ranked second, where two were argued both ways: to
# settle a close call against the rules' own lean the model must be surer (in
# leave-one-writer-out, 14 of 15 such picks were right, all at 0.88 or more; the wrong
# one, a photographer's heir's rights claim taken for an opt-out, at 0.82).
OVERRULE = 0.9
FORMAT = 1
FILE = "opinion.json"
# What a label may be: the categories difbot answers, with their subtypes, and the two
# it does not.
LABELS = ("access", "withdrawal", "removal/opt_out", "removal/inquiry", "removal/annotation",
          "removal/rights", "auto", "unknown")
MAX_WEIGHT = 1e6


class OpinionError(Exception):
    """The model file is damaged or of another format; str() names the file."""


@dataclass(frozen=True)
class Opinion:
    labels: tuple[str, ...]                    # "access", "removal/opt_out", "auto", ...
    bias: tuple[float, ...]
    weights: Mapping[str, tuple[float, ...]]   # feature -> one weight per label
    trained: Mapping[str, Any]                 # what it was trained on, and when

    def judge(self, features: Iterable[str]) -> tuple[tuple[str, float], ...]:
        """Each label's probability, best first; the same to the last bit on every run
        (the weights are added in one order, exactly, whatever the set's order)."""
        weights = self.weights
        rows = [weights[f] for f in sorted(f for f in features if f in weights)]
        # One column of weights per label (zip in C), summed exactly as before.
        columns = zip(*rows, strict=True) if rows else [()] * len(self.bias)
        sums = [math.fsum((b, *column)) for b, column in zip(self.bias, columns, strict=True)]
        top = max(sums)
        exps = [math.exp(s - top) for s in sums]
        total = sum(exps)
        ranked = sorted(zip(self.labels, (e / total for e in exps), strict=True),
                        key=lambda lp: (-lp[1], lp[0]))
        return tuple(ranked)


# An erasure letter is a withdrawal from a researcher and an opt-out from anyone else
# (DESIGN §2): the sender's history decides between the two, which the rules know and
# the words do not, so the model is asked only whether the mail is one of the pair.
TWINS = {"withdrawal": "removal/opt_out", "removal/opt_out": "withdrawal"}


def doubts(judged: tuple[tuple[str, float], ...], label: str,
           ruled_out: Callable[[str], bool] = lambda best: False) -> str:
    """Why the model vetoes `label` ("" when it does not): it gives `label` almost
    nothing, or it clearly prefers another label -- unless that one is `ruled_out`
    (by the rules' own counter-evidence: no reason to doubt them)."""
    p = chance(judged, label)
    if p < VETO:
        return f"gives it only {p:.2f} (below {VETO})"
    best, q = judged[0]
    if (best not in (label, TWINS.get(label)) and q >= DISAGREE and q >= DISAGREE_RATIO * p
            and not ruled_out(best)):
        return f"says {best} ({q:.2f}, against {p:.2f})"
    return ""


def chance(judged: tuple[tuple[str, float], ...], label: str) -> float:
    """The model's probability of `label`, with its twin's where it has one."""
    p = dict(judged)
    return p.get(label, 0.0) + p.get(TWINS.get(label, ""), 0.0)


def features(view: View) -> frozenset[str]:
    """What the model reads of a message: the concepts found, the concept pairs of each
    sentence, the stems of the writer's own words (boilerplate set aside), the subject's
    words, and whether the writer wrote above a thread. Not the sender's history: that
    is the rules' to weigh (`TWINS`)."""
    found: set[str] = set()
    analysis = view.analysis
    found.update(f"c:{c}" for c in analysis.concepts)
    for s in analysis.sentences:
        for a, b in itertools.combinations(sorted(s.concepts), 2):
            found.add(f"p:{a}+{b}")
    lang = view.language
    for w in dict.fromkeys(stems.words(view.cleaned.text)):   # each word once
        found.add(f"s:{lang}:{stems.stem(lang, w)}")
    found.update(f"subj:{w}" for w in stems.words(view.subject))
    if view.above_thread:
        found.add("setaside")
    return frozenset(found)


def load(directory: Path | None = None) -> Opinion | None:
    """The model in `directory` (an admin's rules folder), else the packaged one; None
    when there is none (the rules then decide alone)."""
    if directory is not None:
        path = Path(directory) / FILE
        if not path.exists():
            return None
        try:
            name, data = str(path), path.read_bytes()
        except OSError as e:
            raise OpinionError(f"{path}: cannot read: {e.strerror}") from None
    else:
        packaged = resources.files("difbot.rules").joinpath(FILE)
        if not packaged.is_file():
            return None
        name, data = f"rules/{FILE}", packaged.read_bytes()
    return parse(name, data)


def parse(name: str, data: bytes) -> Opinion:
    """The model in a file's bytes; OpinionError naming the file and what is wrong."""
    try:
        doc = json.loads(data)
        if not isinstance(doc, dict) or type(doc.get("format")) is not int \
                or doc["format"] != FORMAT:
            raise OpinionError(f"{name}: not a model file of format {FORMAT}")
        labels = doc["labels"]
        if not isinstance(labels, list) or not all(isinstance(x, str) for x in labels):
            raise OpinionError(f"{name}: labels: expected a list of strings")
        bias = tuple(_number(x) for x in doc["bias"])
        weights = {str(f): tuple(_number(x) for x in w) for f, w in doc["weights"].items()}
        trained = dict(doc.get("trained", {}))
    except OpinionError:
        raise
    except (ValueError, KeyError, TypeError, AttributeError, OverflowError,
            RecursionError) as e:
        raise OpinionError(f"{name}: not a model file: {type(e).__name__}") from None
    unknown = sorted(set(labels) - set(LABELS))
    if unknown or len(set(labels)) != len(labels) or len(labels) < 2:
        raise OpinionError(f"{name}: labels: expected two or more of {', '.join(LABELS)}, "
                           "each once" + (f" (not {unknown[0]!r})" if unknown else ""))
    if len(bias) != len(labels) or any(len(w) != len(labels) for w in weights.values()):
        raise OpinionError(f"{name}: every weight row needs one number per label "
                           f"({len(labels)})")
    return Opinion(tuple(labels), bias, weights, trained)


def _number(x: object) -> float:
    """A finite number of a sane size (a weight, a bias)."""
    if isinstance(x, bool) or not isinstance(x, (int, float)):
        raise ValueError("not a number")
    value = float(x)
    if not math.isfinite(value) or abs(value) > MAX_WEIGHT:
        raise ValueError("not a finite weight")
    return value


def dump(opinion: Opinion) -> str:
    """The model file's text (what `eval/train.py` writes), rounded and sorted so that a
    retrain on the same data gives the same file."""
    doc = {"format": FORMAT, "trained": dict(opinion.trained),
           "labels": list(opinion.labels), "bias": [round(b, 4) for b in opinion.bias],
           "weights": {f: [round(x, 4) for x in opinion.weights[f]]
                       for f in sorted(opinion.weights)}}
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":")) + "\n"
