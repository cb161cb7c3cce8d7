"""format=flowed (RFC 3676) read as the writer typed it (issue 16, item 3)."""

from __future__ import annotations

from difbot.understand import answers
from difbot.understand.inbound import parse
from difbot.understand.mimetext import unflow

FLOWED = (b"From: Ana <ana@uni.example>\r\nTo: dif-privacy@example.org\r\n"
          b"Subject: Re: Access [DIF-2026-0001-abcdef]\r\nMIME-Version: 1.0\r\n"
          b"Content-Type: text/plain; charset=utf-8; format=flowed\r\n\r\n"
          b"Answers below, thank you. \r\n\r\n"
          b"> 1. Name: Ana Lima\r\n> 2. Position: PhD student\r\n"
          b"> 6. Intended use of the dataset: evaluating demographic bias of face \r\n"
          b"> verification models in our lab.\r\n-- \r\nAna\r\n")


def test_a_flowed_answer_typed_on_a_quoted_line_is_read_whole() -> None:
    msg = parse(FLOWED)
    assert "face verification models in our lab." in msg.text
    fields = answers.questionnaire(answers.new_text(msg.text), "en")
    assert fields.get("intended_use") == ("evaluating demographic bias of face verification "
                                          "models in our lab.")


def test_unflow_keeps_fixed_lines_paragraphs_signature_and_delsp() -> None:
    assert unflow("a \r\nb\r\n\r\nc") == "a b\n\nc"
    assert unflow("one \r\ntwo", delsp=True) == "onetwo"
    assert unflow(" >not a quote\r\n-- \r\nsig") == ">not a quote\n-- \nsig"  # stuffed
    assert unflow("a \r\n-- \r\nsig") == "a \n-- \nsig"   # a signature is never joined
    assert unflow(">> deep \r\n>> er\r\n> up") == "> > deep er\n> up"
    # A fixed line of another depth ends the paragraph.
    assert unflow("> a \r\nb") == "> a \nb"


def test_text_that_is_not_flowed_is_left_alone() -> None:
    plain = FLOWED.replace(b"; format=flowed", b"")
    assert "face \nverification" in parse(plain).text.replace("> ", "")


def test_an_answer_typed_on_a_quoted_line_and_hard_wrapped_is_read_whole() -> None:
    """Gmail and Apple Mail wrap the quoted line the writer typed into without flowed
    text: the quoted line after the label is the rest of the answer, not our words."""
    plain = FLOWED.replace(b"; format=flowed", b"")
    fields = answers.questionnaire(answers.new_text(parse(plain).text), "en")
    assert fields.get("intended_use") == ("evaluating demographic bias of face verification "
                                          "models in our lab.")
    assert fields.get("position") == "PhD student"


def test_a_quoted_line_after_an_empty_label_is_not_taken_as_its_answer() -> None:
    """Our own lines below a label left empty stay ours: only a label typed into
    continues on the next quoted line."""
    text = ("My answers are below.\n\nOn Thu, 26 Nov 2026 at 10:00, DiF <dif@example.org> "
            "wrote:\n> 6. Intended use of the dataset:\n> The dataset may be used for "
            "non-commercial research purposes only.\n")
    assert "intended_use" not in answers.questionnaire(answers.new_text(text), "en")
