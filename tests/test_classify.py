"""Classification: sample mail per category, and rule files validated at load."""

from __future__ import annotations

from pathlib import Path

import pytest

from difbot import classify
from difbot.cases import Category
from difbot.message import parse

MAIL = Path(__file__).parent / "mail"
SAMPLES = sorted(MAIL.glob("*/*.eml"))
RULES = classify.load()


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_sample_is_classified_as_its_folder(path: Path) -> None:
    result = RULES.classify(parse(path.read_bytes()),
                            classify.Context(own_address="dif-privacy@example.org"))
    assert result.category == Category(path.parent.name), result


def test_every_auto_signal_has_its_own_rule() -> None:
    fired = set()
    for path in (MAIL / "auto").glob("*.eml"):
        fired.update(RULES.classify(parse(path.read_bytes())).rules)
    for name in ("auto-submitted", "precedence-bulk", "list-header", "null-return-path",
                 "daemon-sender"):
        assert name in fired


def test_auto_submitted_no_is_a_person() -> None:
    msg = parse(b"From: a@example.com\r\nAuto-Submitted: no\r\nSubject: hi\r\n\r\nhello\r\n")
    assert "auto-submitted" not in RULES.classify(msg).rules


def test_own_mail_coming_back_is_automatic() -> None:
    own = "dif-privacy@example.org"
    looped = parse(b"From: someone@example.com\r\nX-Loop: dif-privacy@example.org\r\n"
                   b"Subject: Re: access to DiF\r\n\r\n"
                   b"please request access to the DiF dataset\r\n")
    result = RULES.classify(looped, classify.Context(own_address=own))
    assert result.category is Category.AUTO and "own-mail" in result.rules
    from_us = parse(b"From: DiF <dif-privacy@example.org>\r\nSubject: x\r\n\r\nx\r\n")
    assert RULES.classify(from_us, classify.Context(own_address=own)).category is Category.AUTO


def test_classification_names_the_rules_that_fired() -> None:
    msg = parse((MAIL / "access" / "fairness-study.eml").read_bytes())
    result = RULES.classify(msg)
    assert "access-request-dataset" in result.rules
    assert dict(result.scores)["access"] >= 2


def write_rules(tmp_path: Path, body: str, name: str = "access.toml") -> Path:
    (tmp_path / name).write_text(body)
    return tmp_path


BASE = 'category = "access"\n[[rule]]\nname = "r1"\ndescription = "d"\n'


@pytest.mark.parametrize("body, expected", [
    (BASE + 'phrases = ["x"]\nregexx = ["y"]\n', "rule 'r1': regexx: unknown key"),
    (BASE + 'regex = ["(unclosed"]\n', "rule 'r1': regex[0]: bad regular expression"),
    (BASE + 'phrases = ["x"]\n[[rule]]\nname = "r1"\ndescription = "d"\nphrases = ["y"]\n',
     "rule 'r1': duplicate name"),
    ('category = "acces"\n[[rule]]\nname = "r1"\ndescription = "d"\nphrases=["x"]\n',
     "category: expected one of"),
    (BASE, "rule 'r1': needs phrases, regex, present or registered"),
    (BASE + 'phrases = ["x"]\nweight = "high"\n', "rule 'r1': weight: expected an integer"),
    (BASE + 'phrases = "x"\n', "rule 'r1': phrases: expected a list of strings"),
    (BASE + 'phrases = ["x"]\nfield = "headers"\n', "rule 'r1': field: must be one of"),
    ('category = "access"\n', "rule: needs at least one [[rule]] table"),
    ('category = "access"\nthreshold = 0\n[[rule]]\n', "threshold: expected a positive"),
    ("not toml = = 1", "not valid TOML"),
])
def test_rule_mistakes_name_file_and_key(tmp_path: Path, body: str, expected: str) -> None:
    with pytest.raises(classify.RuleError) as err:
        classify.load(write_rules(tmp_path, body))
    assert str(err.value).startswith(str(tmp_path / "access.toml")), err.value
    assert expected in str(err.value)


def test_duplicate_name_across_files(tmp_path: Path) -> None:
    write_rules(tmp_path, BASE + 'phrases = ["x"]\n', "a.toml")
    write_rules(tmp_path, BASE.replace("access", "removal") + 'phrases = ["y"]\n', "b.toml")
    with pytest.raises(classify.RuleError, match="duplicate name"):
        classify.load(tmp_path)


def test_check_exits_2_on_bad_rules(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    from difbot.cli import main
    from tests.test_config import GOOD, write

    rules = tmp_path / "rules"
    rules.mkdir()
    write_rules(rules, BASE + 'regex = ["("]\n')
    path = write(tmp_path, GOOD + '\n[paths]\nrules_dir = "rules"\n')
    assert main(["--config", str(path), "check"]) == 2
    assert "regex[0]: bad regular expression" in capsys.readouterr().err


def test_tie_and_low_score_are_unknown(tmp_path: Path) -> None:
    write_rules(tmp_path, 'category = "access"\nthreshold = 2\n[[rule]]\nname = "a"\n'
                'description = "d"\nphrases = ["alpha"]\n', "access.toml")
    write_rules(tmp_path, 'category = "removal"\n[[rule]]\nname = "b"\n'
                'description = "d"\nphrases = ["beta"]\n', "removal.toml")
    rules = classify.load(tmp_path)
    low = parse(b"From: x@example.com\r\nSubject: alpha\r\n\r\nnothing\r\n")
    assert rules.classify(low).category is Category.UNKNOWN
    only_b = parse(b"From: x@example.com\r\nSubject: beta\r\n\r\nnothing\r\n")
    assert rules.classify(only_b).category is Category.REMOVAL
