"""Our own words out of a reply, however the client quoted them (issue 16)."""

from __future__ import annotations

from difbot.understand.own_words import fingerprints, without_ours

OURS = ("Dear researcher,\n\nwe have received your request to withdraw your registration "
        "(reference DIF-2026-0001). Before we delete your personal data, please reply to "
        "this message confirming both of the following statements:\n\n"
        "1. The DiF dataset and every copy of it that you or your organisation hold have "
        "been deleted.\n2. The dataset has not been disclosed or shared with any third "
        "party.\n\nKind regards,\nDiF Privacy Office\n")


def test_our_mail_below_an_unknown_quote_header_is_taken_out_even_rewrapped() -> None:
    # Swedish Outlook: a header reply_text does not know, our mail unprefixed and
    # wrapped at another width.
    reply = ("We are still checking with our IT department.\n\n"
             "Från: DiF Privacy Office <dif-privacy@example.org>\nSkickat: den 3 december\n"
             "Till: Ann\nÄmne: Withdrawal [DIF-2026-0001]\n\n" +
             " ".join(OURS.split()).replace(". ", ".\n"))
    left = without_ours(reply, fingerprints(OURS))
    assert "We are still checking with our IT department." in left
    assert "deleted" not in left and "third party" not in left


def test_words_typed_into_our_lines_stay() -> None:
    ours = ("Please answer each question below.\n6. Intended use of the dataset:\n"
            "7. Other information:\n")
    reply = ("Please answer each question below.\n6. Intended use of the dataset: evaluating "
             "demographic bias of face verification models.\n7. Other information: none")
    left = without_ours(reply, fingerprints(ours))
    assert "evaluating demographic bias of face verification models." in left
    assert "Other information: none" in left


def test_a_confirmation_that_repeats_our_statements_stays_however_it_is_wrapped() -> None:
    reply = ("I confirm that we have deleted the DiF dataset and all copies, and that it\n"
             "has not been disclosed or shared with any third party.")
    assert without_ours(reply, fingerprints(OURS)) == reply


def test_a_short_phrase_of_ours_is_the_writers_own_and_nothing_to_remove_leaves_it_as_is(
        ) -> None:
    reply = "I confirm both of the following statements, kind regards."
    assert without_ours(reply, fingerprints(OURS)) == reply   # no run of seven of our words
    assert without_ours("anything at all", []) == "anything at all"
    assert without_ours("", fingerprints(OURS)) == ""
    # Kept in the outbox: short hashes, none of them a word of ours.
    found = fingerprints(OURS)
    assert found and all(len(f) == 12 for f in found)
    assert not set(found) & set(OURS.lower().split())


def test_our_mail_glued_under_a_header_or_an_answer_without_blank_lines_goes() -> None:
    flat = OURS.replace("\n\n", "\n")
    for reply in ("Still checking.\nDiF Privacy Office skrev:\n" + flat,
                  "Od: DiF Privacy Office\nTemat: Withdrawal\n" + flat):
        left = without_ours(reply, fingerprints(OURS))
        assert "third party" not in left and "deleted" not in left, reply[:30]


def test_a_hyphen_or_soft_hyphen_inside_our_words_does_not_hide_them() -> None:
    for ours_changed in (OURS.replace("disclosed", "dis-\nclosed"),
                         OURS.replace("disclosed", "dis\u00adclosed")):
        left = without_ours("Still checking.\n\n" + ours_changed, fingerprints(OURS))
        assert "third party" not in left and "Still checking." in left


QUESTIONNAIRE = ("Dear requester,\n\nthank you for your interest in the Diversity in Faces "
                 "(DiF) dataset. Your request has\nthe reference DIF-2026-0001; please keep it "
                 "in the subject of your answer.\n\nBefore we can consider giving access, we "
                 "need to know who will use the dataset and\nfor what. Please reply to this "
                 "message and answer each of the following:\n\n1. Name:\n2. Position:\n"
                 "3. University or research organisation:\n4. Department:\n\nThe dataset may "
                 "be used for non-commercial research purposes only.\n")


def test_typed_reads_only_inside_our_quoted_copy() -> None:
    from difbot.understand.own_words import typed
    ours = fingerprints(QUESTIONNAIRE)
    # A forwarded mail with answer-like lines, and no copy of ours: nothing is read.
    forward = ("Name: Ana\n\n---------- Forwarded message ---------\nFrom: Bob\n"
               "Name: Bob Stranger\nPosition: Professor\n")
    assert typed(forward, ours) == ""
    # A signature above Outlook's header block does not hide the answers typed below,
    # and an answer on the line after its label keeps the label.
    copy = QUESTIONNAIRE.replace("1. Name:", "1. Name:\nAna Lima").replace(
        "2. Position:", "2. Position: PhD student")
    reply = ("Answers below.\n\nBest regards,\nAna\n\nFrom: DiF Privacy Office\nSent: "
             "Thursday\n\n" + copy + "\nFrom: Bob\nName: Bob Stranger\n")
    inline = typed(reply, ours, keep=lambda line: line.strip().endswith(":"))
    assert "1. Name:\nAna Lima" in inline and "2. Position: PhD student" in inline
    assert "Bob" not in inline and "Best regards" not in inline
    assert "non-commercial" not in inline


def test_a_quote_header_above_our_copy_goes_but_answers_above_it_stay() -> None:
    header = "Från: DiF Privacy Office\nSkickat: den 26 november\nTill: Ann\nÄmne: Withdrawal"
    left = without_ours("Still checking.\n\n" + header + "\n\n" + OURS, fingerprints(OURS))
    assert left == "Still checking."
    answers = "Name: Ana Lima\nPosition: PhD student"
    left = without_ours(answers + "\n\n" + OURS, fingerprints(OURS))
    assert left == answers
