"""`difbot classify --explain`: why a mail went where it went, for staff and admins.

Per message: the language it was read in, what was set aside as boilerplate (quoted
thread, disclaimers, footers) and never decided anything, each sentence with the
concepts found in it, each rule that fired with the sentence (or header) it fired on,
the scores, and why the winner won or why a person reads it. Output of the person's
own text goes to the terminal of the admin who asked; logs never carry it.
"""

from __future__ import annotations

from typing import Any

from difbot.understand.classify import Explanation

_CUT = 160


def as_dict(ex: Explanation) -> dict[str, Any]:
    """The explanation as JSON-ready data (the `explain` key of `classify --json`)."""
    return {
        "language": ex.language,
        "set_aside": [{"reason": a.reason, "text": a.text} for a in ex.set_aside],
        "sentences": [{"text": s.text, "concepts": sorted(s.concepts),
                       "words": [[c, w] for c, w in s.hits]} for s in ex.sentences],
        "fired": [{"rule": r.name, "category": str(r.category),
                   "subtype": str(r.subtype) if r.subtype else None,
                   "weight": r.weight, "where": where}
                  for r, where in ex.fired],
        "scores": dict(ex.result.scores),
        "subtypes": dict(ex.result.subtypes),
        "opinion": {"moved": ex.result.moved or None,
                    "labels": {k: round(v, 4) for k, v in ex.result.opinion}},
        "why": ex.why,
    }


def as_text(ex: Explanation) -> list[str]:
    """The explanation as indented lines for a terminal."""
    lines = [f"  language: {ex.language}"]
    for a in ex.set_aside:
        lines.append(f"  set aside ({a.reason}, never decides): {_cut(a.text)}")
    lines.append("  sentences:")
    for s in ex.sentences:
        concepts = ", ".join(sorted(s.concepts)) or "-"
        lines.append(f"    [{concepts}] {_cut(s.text)}")
    lines.append("  rules fired:")
    if not ex.fired:
        lines.append("    none")
    for r, where in ex.fired:
        kind = str(r.category) + (f"/{r.subtype}" if r.subtype else "")
        place = f" in: {_cut(where, 100)}" if where else ""
        lines.append(f"    {r.weight:+d} {kind:<20} {r.name}{place}")
    if ex.result.scores:
        scores = ", ".join(f"{c} {s}" for c, s in ex.result.scores)
        lines.append(f"  scores: {scores}")
    if ex.result.subtypes:
        votes = ", ".join(f"{c} {s}" for c, s in ex.result.subtypes)
        lines.append(f"  subtype votes: {votes}")
    if ex.result.opinion:
        best = ", ".join(f"{label} {p:.2f}" for label, p in ex.result.opinion[:3])
        lines.append(f"  second opinion: {best}" + (f" ({ex.result.moved})"
                                                     if ex.result.moved else ""))
    lines.append(f"  why: {ex.why}")
    return lines


def _cut(text: str, limit: int = _CUT) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1] + "…"
