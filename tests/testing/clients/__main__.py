"""Print a composed reply, to check it against a client's convention by eye:

    python -m tests.testing.clients outlook de questionnaire.eml \\
        --top "Meine Angaben unten." --inline "1. Name:=Lena Vogt" [--below]

`questionnaire.eml` is a mail of difbot's (e.g. saved from the demo or a test run).
"""

from __future__ import annotations

import argparse
import sys
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

from tests.testing.clients import CLIENTS, compose


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.testing.clients")
    parser.add_argument("client", choices=sorted(CLIENTS))
    parser.add_argument("lang")
    parser.add_argument("original", type=Path)
    parser.add_argument("--sender", default="Ana Lima <ana@uni.example>")
    parser.add_argument("--top", default="")
    parser.add_argument("--bottom", default="")
    parser.add_argument("--inline", action="append", default=[], metavar="LABEL=ANSWER")
    parser.add_argument("--below", action="store_true", help="answers on lines of their own")
    args = parser.parse_args(argv)
    original = message_from_bytes(args.original.read_bytes(), policy=policy.default)
    assert isinstance(original, EmailMessage)
    inline = dict(pair.split("=", 1) for pair in args.inline)
    sys.stdout.buffer.write(compose(args.client, args.lang, original, sender=args.sender,
                                    top=args.top, bottom=args.bottom, inline=inline,
                                    inline_below=args.below))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
