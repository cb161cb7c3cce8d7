"""Where the tests' sample data lives: one place, so a test's folder can move freely."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data"
MAIL = DATA / "mail"          # the development corpus: <category>[-<subtype>]/<lang>-*.eml
REPLIES = DATA / "replies"    # sample replies: questionnaire answers, confirmations
DATASET = DATA / "dataset"    # sample dataset files (CSV, JSON Lines, YFCC TSV)
CORPUS = DATA / "corpus"      # third-party mail corpora (CPython's email tests)
TEMPLATES = ROOT / "templates"
PACKAGE = ROOT / "difbot"
# Written apart from the rules and the evaluation set, for tuning the rules on
# (tests/data/tuning/README.md); its figures are not evidence of quality.
TUNING = DATA / "tuning"
TUNING_OTHER = DATA / "tuning-other"
