"""Review 77 (80 adversarial mails on round 77's changes) found: plain licence words ("not
free to use", "não são livres", "de libre uso") answered people pictured as rights claims
(they are now concept not_free, a claim only where an author says it and the writer is not
pictured: removal-c-author-not-free); "I am on research leave until 10 January" filed a
solicitor's letter as automatic (taken back; a subject of the writer's own that names the
dataset is read too); the narrowed job words answered an invitation to give a talk and a
vendor's "partnering" as access requests (restored); "Thank you!" above our mail that
found photos was answered as an opt-out, as the quote was read for the writer's few words
(boilerplate: a thanks that answers nothing keeps the quote aside); a person pictured
whose mail names the photographer or the club ("I am the bride in these photos", "Je
suis sur l'une d'elles") was answered as a rights claim by the rules alone."""

from __future__ import annotations

import pytest

from tests.testing.decisions import kinds, mail


def test_a_model_who_says_her_image_is_not_free_is_no_rights_claim() -> None:
    body = ("Hello,\n\nI worked as a model for a few years. A photographer I posed for uploaded "
            "the shots to\nFlickr and now my image is in Diversity in Faces. My image is not free "
            "to use for\nwhatever IBM likes. Please delete it.\n\nPhoto: https://www.flickr.com/"
            "photos/studio_lumen/7712345670/\n\nSasha\n")
    assert "removal/rights" not in kinds(mail(body, "Remove my image"))


def test_a_solicitors_letter_on_leave_is_no_automatic_mail() -> None:
    body = ("Dear Sirs,\n\nWe act for Mr Daniel Reeve. I am on research leave until 10 January; "
            "in my absence\nplease direct all correspondence on this matter to my colleague Ms "
            "Amy Cole\n(a.cole@reevelaw.example.co.uk), who will send you our client's formal "
            "letter.\n\nYours faithfully,\nRobert Kent, Kent & Cole Solicitors\n")
    assert "auto" not in kinds(mail(body, "Our client - Diversity in Faces"))


@pytest.mark.parametrize(("body", "subject"), [
    ("Dear DiF team,\n\nWould one of you be interested in giving a talk about the Diversity in "
     "Faces dataset at\nour workshop on fairness in vision (Lisbon, 12 May)? We would cover "
     "travel costs. We\nwould also like our participants to use the dataset in the tutorial "
     "session.\n\nBest regards,\nDr. Rui Almeida, workshop chair\n",
     "Invitation to speak about Diversity in Faces"),
    ("Hi there,\n\nI'm Head of Partnerships at LabelForge. We're interested in partnering with "
     "IBM on the\nDiversity in Faces dataset: our annotators could re-label the attributes at "
     "scale. To\nscope it, could you give us access to the dataset?\n\nCheers,\nSam Rivera, "
     "LabelForge\n", "Partnering on DiF annotations"),
])
def test_an_invitation_or_a_vendor_is_no_access_request(body: str, subject: str) -> None:
    assert "access" not in kinds(mail(body, subject))


FINDING = ("\n\n________________________________\nFrom: DiF Privacy <dif-privacy@example.org>\n"
           "Sent: Saturday, December 5, 2026 10:02\nTo: Ana Lopes <ana.lopes@mailhost.example."
           "net>\nSubject: Your request DIF-2291: photos found\n\nDear Ana Lopes,\n\nWe found 3 "
           "photos of your Flickr account in the Diversity in Faces dataset:\nhttps://www.flickr."
           "com/photos/analopes_pt/1111\nhttps://www.flickr.com/photos/analopes_pt/2222\n\nReply "
           "to this message if you want them removed from the dataset.\n\nDiF Privacy\n")


def test_thanks_above_our_finding_asks_no_removal() -> None:
    msg = mail("Thank you!" + FINDING, "RE: Your request DIF-2291: photos found")
    assert "removal/opt_out" not in kinds(msg)


@pytest.mark.parametrize(("body", "subject"), [
    ("Dear DiF team,\n\nOur photographer used our wedding photos in his Flickr portfolio. I am "
     "the bride in\nthese photos and I want them deleted from Diversity in Faces.\n\nhttps://www."
     "flickr.com/photos/everafter_weddings/7012345678/\n", "Our wedding photos"),
    ("Bonjour,\n\nLe club photo de ma commune a mis sur Flickr les photos de la fête du village "
     "en 2013.\nJe suis sur l'une d'elles, bien reconnaissable. Merci de supprimer cette photo "
     "de\nDiversity in Faces.\n\nhttps://www.flickr.com/photos/clubphoto_vire/7788990011/\n",
     "Photo de la fête"),
])
def test_a_person_pictured_who_names_the_photographer_is_no_rights_claim(body: str,
                                                                         subject: str) -> None:
    assert "removal/rights" not in kinds(mail(body, subject))
