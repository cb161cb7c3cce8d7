"""`make model`: train the second opinion (difbot/understand/opinion.py) and write its weights.

Trains multinomial logistic regression (scikit-learn) on the development corpus and the
tuning sets (tests/data/mail, tests/data/tuning, tests/data/tuning-other), never on the
evaluation sets (eval/), and writes rules/opinion.json, which ships in the package.
scikit-learn is needed here only (`pip install -e '.[train]'`); difbot itself reads the
weights with the standard library.

`--cross-validate` says how well rules and model together do on mail from a writer
neither has seen: each writer's messages are classified by a model trained without them
(leave one writer out), and the figures are printed beside the rules' alone. The rules
were tuned on all of these sets, so the rules' figures are optimistic; the model's part
is not.
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from difbot.understand import categories, classify, opinion  # noqa: E402
from difbot.understand.inbound import parse  # noqa: E402
from difbot.understand.view import View  # noqa: E402
from tests.testing.corpus import label, registered_senders, writer_mark  # noqa: E402

OWN = "dif-privacy@example.org"
SETS = (ROOT / "tests" / "data" / "mail", ROOT / "tests" / "data" / "tuning",
        ROOT / "tests" / "data" / "tuning-other")
OUT = ROOT / "rules" / opinion.FILE
# The regularisation of the logistic regression: chosen by --cross-validate on these
# sets (0.5, 1, 3 and 10 were tried; 1 gave the most correct answers with no more wrong).
C = 1.0
# A weight this small changes no probability in the second decimal; it is not shipped.
PRUNE = 0.001
ANSWERED = ("access", "withdrawal", "removal/opt_out", "removal/inquiry",
            "removal/annotation", "removal/rights")


@dataclasses.dataclass(frozen=True)
class Example:
    path: Path
    truth: str
    writer: str
    registered: bool
    digest: str
    features: frozenset[str] = frozenset()


def writer(path: Path) -> str:
    """Who wrote a message (tests/data/tuning/README.md): the development corpus is one
    writer; from round 3 on a tuning round names its writer in the file name
    (`<lang>-r<round>-<writer>-`); in round 2 only writer D did, the rest are E's; round 1
    split by language."""
    name = path.name
    if path.is_relative_to(SETS[0]):
        return "development"
    if path.is_relative_to(SETS[2]):
        return "C"
    mark = writer_mark(path)
    if mark and (mark[0] != 2 or mark[1] == "D"):
        return mark[1]
    if "-r2-" in name:
        return "E"
    return {"en": "A", "de": "A", "fr": "B", "es": "B", "it": "B"}.get(name[:2], "C")


def examples(lexicon: classify.concepts.Lexicon | None = None) -> list[Example]:
    """Every training message with its label; with a lexicon, also what the model reads."""
    out = []
    for folder in SETS:
        known = registered_senders(folder)
        for path in sorted(folder.glob("*/*.eml")):
            data = path.read_bytes()
            msg = parse(data)
            found = opinion.features(View(msg, lexicon)) if lexicon else frozenset()
            out.append(Example(path, label(path), writer(path), known(path, msg.from_addr),
                               hashlib.sha256(data).hexdigest(), found))
    return out


def fingerprint(found: list[Example]) -> str:
    """What the model was trained on, in one hash: each message, its label and whether
    its sender is registered. tests/understand/test_opinion.py compares it with the
    shipped model's, so a changed training set without a retrain is noticed."""
    h = hashlib.sha256()
    for e in sorted(found, key=lambda e: str(e.path.relative_to(ROOT))):
        h.update(f"{e.path.relative_to(ROOT)}\t{e.truth}\t{e.registered}\t{e.digest}\n"
                 .encode())
    return h.hexdigest()


def train(found: list[Example], c: float = C) -> opinion.Opinion:
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    vectors = DictVectorizer()
    x = vectors.fit_transform([dict.fromkeys(e.features, 1) for e in found])
    model = LogisticRegression(C=c, max_iter=10_000).fit(x, [e.truth for e in found])
    labels = tuple(str(k) for k in model.classes_)
    weights = {}
    for j, name in enumerate(vectors.get_feature_names_out()):
        row = tuple(float(model.coef_[i][j]) for i in range(len(labels)))
        if max(abs(w) for w in row) >= PRUNE:
            weights[str(name)] = row
    import sklearn

    trained = {"messages": len(found), "fingerprint": fingerprint(found), "C": c,
               "sets": [str(s.relative_to(ROOT)) for s in SETS],
               "scikit-learn": sklearn.__version__}
    return opinion.Opinion(labels, tuple(float(b) for b in model.intercept_), weights, trained)


def cross_validate(rules: classify.RuleSet, found: list[Example]) -> None:
    writers = sorted({e.writer for e in found})
    alone = dataclasses.replace(rules, second=None)
    tallies: dict[str, Counter[str]] = {"rules alone": Counter(), "rules + opinion": Counter()}
    for w in writers:
        model = train([e for e in found if e.writer != w])
        both = dataclasses.replace(rules, second=model)
        for e in (e for e in found if e.writer == w):
            msg = parse(e.path.read_bytes())
            ctx = classify.Context(registered=e.registered, own_address=OWN)
            first = alone.classify(msg, ctx)
            for name, got in (("rules alone", first), ("rules + opinion", both.classify(msg, ctx))):
                guess = _label(got)
                outcome = ("correct" if guess == e.truth else
                           "escalated" if guess == "unknown" else "wrong")
                tallies[name][outcome] += 1
                tallies[name]["wrong automatic actions"] += (outcome == "wrong"
                                                             and guess in ANSWERED)
                if name == "rules + opinion" and outcome == "wrong" and guess in ANSWERED:
                    print(f"  wrong action: {e.path.relative_to(ROOT)}: {e.truth} -> {guess} "
                          f"({got.moved or 'the rules'}; model {got.opinion[:2]})")
                if name == "rules + opinion" and got.moved:
                    # A veto is right when it stopped a wrong answer, a confirmation when
                    # it gave the right one.
                    good = (guess == e.truth if got.moved == "confirmed"
                            else e.truth != _label(first))
                    tallies[name][f"{got.moved} {'rightly' if good else 'wrongly'}"] += 1
    print(f"leave one writer out ({len(writers)} writers, {len(found)} messages)")
    for name, t in tallies.items():
        print(f"  {name:<16} correct {t['correct']} ({100 * t['correct'] / len(found):.1f} %), "
              f"escalated {t['escalated']}, wrong {t['wrong']}, "
              f"wrong automatic actions {t['wrong automatic actions']}")
        moved = ", ".join(f"{k} {v}" for k, v in sorted(t.items())
                          if k.startswith(("vetoed", "confirmed")))
        if moved:
            print(f"    the second opinion: {moved}")


def _label(got: classify.Classification) -> str:
    return categories.label(got.category, got.subtype)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cross-validate", action="store_true",
                        help="report leave-one-writer-out figures; write nothing")
    args = parser.parse_args()
    rules = classify.load()
    found = examples(rules.lexicon)
    if args.cross_validate:
        cross_validate(rules, found)
        return 0
    model = train(found)
    OUT.write_text(opinion.dump(model), "utf-8")
    print(f"{OUT.relative_to(ROOT)}: {len(model.labels)} labels, {len(model.weights)} "
          f"features, trained on {len(found)} messages")
    return 0


if __name__ == "__main__":
    sys.exit(main())
