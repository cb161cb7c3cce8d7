"""An erasure told in the past is done, not asked (review 71, older than its work): "I had
all my photos erased from Flickr back in 2020 ... Are any of them still in the Diversity
in Faces dataset?" was answered as an opt-out, by "erased" as an erasure asked
(removal-c-erasure) and "my photos erased" as a removal asked
(removal-optout-en-remove-my-photos). The English `done` pattern reads "I had ...
erased", "got deleted from Flickr"; removal-c-erasure reads each sentence and not one that
says it is done, and the removal pattern skips "had my photos", "were removed". A first
version made both rules stand down wherever the mail said anything was done, which review
73 showed turned "I sent a message ... I want the erasure of all of it" into an inquiry
(tests/understand/test_review_73_cases.py)."""

from __future__ import annotations

import pytest

from tests.testing.decisions import concepts_of, kinds, mail


@pytest.mark.parametrize(("text", "present"), [
    ("I had all my photos erased from Flickr back in 2020.", True),
    ("My pictures got deleted from Flickr when the account expired.", True),
    ("We had the whole album removed last year.", True),
    # asked of us, not done
    ("I had hoped you would have deleted them by now.", False),
    ("I had them removed from DiF? No, please do it now.", False),
    ("Please have my photos erased from your dataset.", False),
])
def test_an_erasure_in_the_past_is_done(text: str, present: bool) -> None:
    assert ("done" in concepts_of(text, "en")) is present


@pytest.mark.parametrize("body", [
    "Hello,\n\nI had all my photos erased from Flickr back in 2020 when I closed my account. "
    "Are any of them still in the Diversity in Faces dataset?\n\nAnn",
    "Hi, my pictures got deleted from Flickr in 2019. Do you still have them in DiF?\n\nCy",
])
def test_a_past_erasure_at_flickr_is_no_opt_out(body: str) -> None:
    assert "removal/opt_out" not in kinds(mail(body, "Flickr photos"))


def test_an_erasure_asked_beside_a_past_one_is_still_an_opt_out() -> None:
    body = ("Hello,\n\nI had my old Flickr account deleted in 2021. Under Article 17 GDPR I ask "
            "you to erase every photo of mine from Diversity in Faces.\n\nAnn")
    assert kinds(mail(body, "Erasure")) == ("removal/opt_out", "removal/opt_out")
