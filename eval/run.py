"""`make eval`: how well difbot classifies mail it was not written against.

Classifies every message of the evaluation set (eval/mail/, frozen before any rule
work it judges; see eval/README.md), of the other-languages set (eval/other-languages/)
and of the development corpus (tests/data/mail/, which the rules were written with) the
way `difbot classify` does, and prints for each set apart, per category and per
language: correct, escalated (`unknown`: a person reads it, safe but not correct) and
wrong, the wrong automatic actions, and a confusion matrix. `--json FILE` also writes
every message's result.

The folder names the truth: `access/`, `removal-opt_out/`, ...; `registered.txt` lists
the senders holding an access case (they can withdraw).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from difbot.understand import categories, classify  # noqa: E402
from difbot.understand.inbound import parse  # noqa: E402
from tests.testing.corpus import label, registered, registered_senders  # noqa: E402

OWN = "dif-privacy@example.org"
SETS = {
    "evaluation": ROOT / "eval" / "mail",
    "other languages": ROOT / "eval" / "other-languages",
    "development": ROOT / "tests" / "data" / "mail",
    # Written after the evaluation set, apart from it and from the rules, for the rule
    # work to be tuned on (tests/data/tuning/README.md): figures on it are not evidence.
    "tuning": ROOT / "tests" / "data" / "tuning",
    "tuning other languages": ROOT / "tests" / "data" / "tuning-other",
}
# What difbot answers by itself; a wrong one of these reaches a person wrongly.
ANSWERED = ("access", "withdrawal", "removal/opt_out", "removal/inquiry",
            "removal/annotation", "removal/rights")
ORDER = (*ANSWERED, "auto", "unknown")


def run_set(folder: Path, rules: classify.RuleSet,
            known: Callable[[Path, str], bool]) -> list[dict[str, Any]]:
    """Every message of `folder` classified; `known` says whether a message's sender is
    registered (`tests.testing.corpus.registered_senders`)."""
    results = []
    for path in sorted(folder.glob("*/*.eml")):
        msg = parse(path.read_bytes())
        ctx = classify.Context(registered=known(path, msg.from_addr), own_address=OWN)
        got = rules.classify(msg, ctx)
        guess = categories.label(got.category, got.subtype)
        truth = label(path)
        outcome = ("correct" if guess == truth else "escalated" if guess == "unknown"
                   else "wrong")
        prefix = path.name.split("-")[0]
        language = prefix if len(prefix) == 2 and path.name[2:3] == "-" else "(none)"
        results.append({"file": str(path.relative_to(ROOT)), "language": language,
                        "truth": truth, "guess": guess, "outcome": outcome,
                        # A held request (`Rule.hold`) is answered by a person, not by us.
                        "wrong_action": outcome == "wrong" and guess in ANSWERED
                        and not got.held,
                        # Classified right but answered by a person (`Rule.hold`).
                        "held": outcome == "correct" and bool(got.held),
                        "rules": list(got.rules)})
    return results


def table(results: list[dict[str, Any]], key: str) -> list[str]:
    rows: dict[str, Counter[str]] = defaultdict(Counter)
    for r in results:
        rows[r[key]][r["outcome"]] += 1
        rows[r[key]]["actions"] += r["wrong_action"]
        rows[r[key]]["held"] += r["held"]
    lines = [f"  {key:<20} {'n':>4} {'correct':>8} {'(held)':>7} {'escalated':>10} "
             f"{'wrong':>6} {'wrong actions':>14} {'% correct':>10}"]
    for name in sorted(rows, key=lambda n: (ORDER.index(n) if n in ORDER else 99, n)):
        c = rows[name]
        n = c["correct"] + c["escalated"] + c["wrong"]
        lines.append(f"  {name:<20} {n:>4} {c['correct']:>8} {c['held']:>7} {c['escalated']:>10} "
                     f"{c['wrong']:>6} {c['actions']:>14} {100 * c['correct'] / n:>9.1f}%")
    return lines


def confusion(results: list[dict[str, Any]]) -> list[str]:
    labels = [x for x in ORDER if any(r["truth"] == x or r["guess"] == x for r in results)]
    short = {x: x.replace("removal/", "r/")[:10] for x in labels}
    lines = ["  truth \\ guess        " + " ".join(f"{short[x]:>10}" for x in labels)]
    counts = Counter((r["truth"], r["guess"]) for r in results)
    for t in labels:
        lines.append(f"  {t:<20} " + " ".join(f"{counts[(t, g)] or '.':>10}" for g in labels))
    return lines


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--json", type=Path, help="also write every message's result here")
    p.add_argument("--set", action="append", choices=sorted(SETS), dest="sets",
                   help="only this set (repeatable); default: all")
    p.add_argument("--quiet", action="store_true", help="only the one-line summary per set")
    args = p.parse_args()
    rules = classify.load()
    everything: dict[str, list[dict[str, Any]]] = {}
    for name, folder in SETS.items():
        if args.sets and name not in args.sets:
            continue
        if not folder.is_dir():
            print(f"{name}: {folder} missing", file=sys.stderr)
            continue
        # The other-languages writers listed their registered senders with the evaluation
        # set's; the development corpus keeps its own list.
        known = registered_senders(folder, registered(SETS["evaluation"])
                                   if name == "other languages" else frozenset())
        results = run_set(folder, rules, known)
        everything[name] = results
        n = len(results)
        c = Counter(r["outcome"] for r in results)
        actions = sum(r["wrong_action"] for r in results)
        held = sum(r["held"] for r in results)
        print(f"\n== {name} set: {n} messages, {c['correct']} correct "
              f"({100 * c['correct'] / max(n, 1):.1f} %; {held} of them held for a person), "
              f"{c['escalated']} escalated, "
              f"{c['wrong']} wrong, {actions} wrong automatic actions")
        if args.quiet:
            continue
        print("\n".join(table(results, "truth")))
        print("\n".join(table(results, "language")))
        print("\n".join(confusion(results)))
        for r in results:
            if r["wrong_action"]:
                print(f"  WRONG ACTION {r['file']}: {r['truth']} answered as {r['guess']}")
    if args.json:
        args.json.write_text(json.dumps(everything, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
