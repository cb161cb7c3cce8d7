"""A mail automatic only by its no-reply sender whose text asks what a person asks (a
consumer organisation's portal sending a data subject's right-of-access letter, a help
desk forwarding a researcher's ticket) was filed as automatic: the request was lost,
and only a phishing word in it ("Postfach" in a postal address, which round 72 showed
to be no lure) sent it to a person. It goes to a person now (`classify.CARRIED`), and
is never answered: our answer could reach no one at a no-reply address. A no-reply
notice that asks nothing stays automatic."""

from __future__ import annotations

from difbot.understand import classify
from tests.testing import inbound_mail
from tests.testing.decisions import RULES, kinds

SAR = ("Dear Sir or Madam,\n\nOn behalf of our member Ann Example we send you her request "
       "under Article 15 GDPR: please confirm whether you process personal data about her in "
       "the Diversity in Faces dataset (Flickr account ann_example) and give her a copy of "
       "that data.\n\nConsumer Data Hub")


def test_a_request_from_a_no_reply_address_goes_to_a_person() -> None:
    msg = inbound_mail.message(SAR, "Subject access request", "noreply@datahub.example")
    assert kinds(msg) == ("unknown", "unknown")
    got = RULES.classify(msg, classify.Context(own_address=inbound_mail.OWN))
    assert "no-reply-sender" in got.rules
    assert got.reason == classify.CARRIED.format("removal/inquiry")


def test_the_same_request_from_a_person_is_answered() -> None:
    msg = inbound_mail.message(SAR, "Subject access request", "Hub <hub@datahub.example>")
    assert kinds(msg) == ("removal/inquiry", "removal/inquiry")


def test_a_no_reply_notice_stays_automatic() -> None:
    msg = inbound_mail.message("Your ticket #4411 has been closed. Please do not reply to "
                               "this message.", "Ticket closed", "noreply@helpdesk.example")
    assert kinds(msg) == ("auto", "auto")


def test_a_no_reply_request_never_commands() -> None:
    msg = inbound_mail.message(SAR, "Subject access request", "noreply@datahub.example")
    assert RULES.is_automatic(msg, classify.Context(own_address=inbound_mail.OWN))
