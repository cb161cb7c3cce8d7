"""Readings round 82 (inquiries for others, access requests told around the point,
everyday Italian and Portuguese, replies and forwards) showed wrong, looked at after its
before-look measure: answers typed between the lines of our questionnaire were set aside
with the thread; a Portuguese Gmail header ("A qua., 18/06/2019, 17:55, ... escreveu:")
was read as the writer's words; "Yes, all of them please" above our finding that offers
removal went to a person; a company's "how do we get the files?" after a licence question
was no request; a Spanish "otros que no." kept its sentence open ("no." read as
"number"); "se ci stanno le dovete levare" was answered as an inquiry."""

from __future__ import annotations

import pytest

from difbot.understand import boilerplate
from tests.testing.decisions import concepts_of, kinds, mail

OURS = "On Mon, 15 Apr 2019 at 16:40, DiF Privacy <dif-privacy@example.org> wrote:"


@pytest.mark.parametrize(("text", "lang", "concept", "present"), [
    ("se ci stanno le dovete levare", "it", "delete", True),
    ("Per levare ogni dubbio: ci sono mie foto?", "it", "delete", False),
    ("subía fotos a Flickr hace años con el usuario rocavi_mx", "es", "people", False),
    ("subía fotos a Flickr hace años con el usuario rocavi_mx", "es", "attribute", False),
    ("los usuarios de Flickr no lo sabían", "es", "people", True),
    ("we willen het niet in een product te stoppen", "nl", "stop", False),
    ("Est-ce que vous pouvez regarder s'il reste des choses ?", "fr", "know", True),
    ("Yes, all of them please.", "en", "yes", True),
    ("Vielen Dank, das ging ja schneller als gedacht!", "de", "yes", False),
])
def test_round_82_words(text: str, lang: str, concept: str, present: bool) -> None:
    assert (concept in concepts_of(text, lang)) is present


def test_answers_between_the_lines_of_a_quote_are_the_writers_own() -> None:
    body = "\n".join([
        "Hi, answers inline below.", "", OURS,
        "> Before we can provide access, please answer the following questions:",
        "> 1. Intended research use", "",
        "A fairness audit of face detectors across skin tones.", "",
        "> 2. Will the data be shared?", "", "No, only two PhD students.", "", "Best, Priya"])
    cleaned = boilerplate.clean(body)
    assert "fairness audit" in cleaned.text and "two PhD students" in cleaned.text
    quoted = [a.text for a in cleaned.set_aside if a.reason == "quoted"]
    assert quoted and quoted[0].startswith(OURS) and "fairness" not in quoted[0]


def test_a_quote_with_only_a_signature_below_it_is_no_answer_between_its_lines() -> None:
    body = "\n".join(["Thanks, see my request again below.", "", OURS, "> Dear sender,",
                      "> we found 3 entries.", "", "--", "Priya"])
    cleaned = boilerplate.clean(body)
    assert "we found" not in cleaned.text


def test_a_portuguese_gmail_header_opens_the_thread() -> None:
    body = ("Sim, retirem por favor. E confirmem-me quando estiver feito.\n\nJoana\n\n"
            "A qua., 18/06/2019, 17:55, DiF Privacy <dif-privacy@example.org> escreveu:\n\n"
            "> Encontrámos 3 fotografias da sua conta Flickr no conjunto Diversity in Faces.\n"
            "> Pretende que sejam removidas?\n")
    cleaned = boilerplate.clean(body)
    assert "escreveu" not in cleaned.text and "Encontrámos" not in cleaned.text
    assert kinds(mail(body, "Re: Fotografias encontradas no conjunto DiF"))[0] == "removal/opt_out"


def test_the_header_of_a_bottom_posted_reply_goes_with_its_quote() -> None:
    body = ("Le 03/10/2019 à 14:55, DiF Privacy a écrit :\n> Bonjour Monsieur,\n"
            "> aucune image de ce compte ne figure dans le jeu de données Diversity in Faces.\n\n"
            "Merci pour la vérification. J'avais un autre compte avant, blef75.\n")
    cleaned = boilerplate.clean(body)
    assert "a écrit" not in cleaned.text and "Merci pour la vérification" in cleaned.text
    assert any(a.text.startswith("Le 03/10/2019") for a in cleaned.set_aside)


def _offer(reply: str) -> str:
    return "\n".join([reply, "", "Fiona", "", OURS,
                      "> We found 12 images from https://www.flickr.com/photos/fionamca/ in the",
                      "> Diversity in Faces dataset. If you want them removed from the dataset,",
                      "> reply to this message and say so."])


def test_yes_above_our_offer_to_remove_the_photos_found_is_an_opt_out() -> None:
    assert kinds(mail(_offer("Yes, all of them please."), "Re: 12 images found"))[0] \
        == "removal/opt_out"


@pytest.mark.parametrize("reply", [
    "No thanks, leave them where they are.",
    "Yes, but please wait until I have spoken to my sister.",
    "Thank you, yes, that was quick!",
])
def test_no_yes_or_a_yes_put_off_above_our_offer_asks_no_removal(reply: str) -> None:
    assert "removal/opt_out" not in kinds(mail(_offer(reply), "Re: 12 images found"))


def test_yes_above_a_pasted_quote_that_is_not_ours_asks_nothing() -> None:
    body = _offer("Yes, all of them please.").replace("dif-privacy@example.org",
                                                      "someone@example.com")
    assert "removal/opt_out" not in kinds(mail(body, "Re: 12 images found"))


def test_answers_to_our_questionnaire_are_an_access_request_for_a_person() -> None:
    body = "\n".join([
        "Hi, answers inline below. Sorry for the delay, grant season.", "",
        "On Mon, Feb 11, 2019 at 10:03 AM DiF Privacy <dif-privacy@example.org> wrote:",
        "> Thank you for your interest in the Diversity in Faces (DiF) dataset.",
        "> Before we can provide access, please answer the following questions:", ">",
        "> 1. Full name, position and institution", "",
        "Priya Raghunathan, Assistant Professor, Dept. of Computer Science", "",
        "> 2. Short description of the intended research use", "",
        "Measuring how face-detector recall varies across the skin-tone annotations, as part of"
        " an NSF-funded fairness audit.", "",
        "> 3. Do you agree to use the data for non-commercial research only?", "", "Yes.", "",
        "Best,", "Priya"])
    from tests.testing.decisions import classified
    got = classified(mail(body, "Re: DiF dataset - researcher questionnaire"))
    assert got.category.value == "access" and got.held


def test_how_a_company_gets_the_files_after_a_licence_question_is_an_access_request() -> None:
    body = ("Grüezi\nWir sind ein KMU aus Winterthur und entwickeln Zutrittssysteme. Dafür wären "
            "DiF bzw. die Annotationen sehr nützlich für eine interne Evaluation.\n"
            "- Unter welchen Lizenzbedingungen wird der Datensatz abgegeben?\n"
            "- Wenn ja: Wie kommen wir zu den Dateien?\nBesten Dank\nReto Baumgartner")
    assert kinds(mail(body, "Lizenzbedingungen DiF / kommerzielle Evaluation")) == ("access",
                                                                                   "access")


def test_how_to_get_another_dataset_named_in_the_mail_is_no_access_request() -> None:
    body = ("Beste,\nIk begrijp dat Diversity in Faces is samengesteld uit de YFCC100M-collectie."
            "\nVoor een ander onderzoek zoek ik de originele YFCC100M-metadata.\nWeten jullie "
            "hoe wij die bestanden kunnen downloaden?\nAlvast bedankt, Marieke")
    assert "access" not in kinds(mail(body, "Vraag over YFCC100M-metadata"))


def test_what_is_held_about_the_photos_we_found_is_an_inquiry() -> None:
    body = ("Oi, obrigado pelo retorno rápido. Antes de decidir qualquer coisa: quais "
            "informações vocês têm sobre essas três fotos?\nAbs, Thiago\n\n"
            "Em qua., 18 de jun. de 2019 às 17:55, DiF Privacy <dif-privacy@example.org> "
            "escreveu:\n> Encontrámos 3 fotografias da sua conta Flickr (thiago_f) no conjunto "
            "Diversity in Faces.\n> Pretende que sejam removidas?\n")
    assert kinds(mail(body, "Re: Fotografias encontradas"))[0] == "removal/inquiry"


def test_yes_above_our_request_for_links_asks_no_removal() -> None:
    """Review 83: our mail that asks for Flickr links says "we ... delete them once your
    request is done"; that offers no removal, and "Yes, here it is" above it sends a link."""
    body = "\n".join([
        "Yes, here it is: https://www.flickr.com/photos/fionamca/", "", "Fiona", "", OURS,
        "> To find your photos in the DiF dataset we need to know which ones they are.",
        "> Please reply with the links to the photos on Flickr. We use them only to locate",
        "> the image URLs in the DiF dataset and delete them once your request is done."])
    assert "removal/opt_out" not in kinds(mail(body, "Re: Your question"))


def test_a_portuguese_sentence_that_opens_with_a_is_no_reply_header() -> None:
    """Review 83: "A minha mãe já vos escreveu em 12/03/2021 ... o pedido dela:" is the
    writer's own line; the request below it is read."""
    body = ("Bom dia,\n\nescrevo em nome da minha família.\nA minha mãe já vos escreveu em "
            "12/03/2021 e nunca teve resposta, por isso repito o pedido dela:\nRetirem todas as "
            "fotografias dela do conjunto DiF.\n\nObrigado,\nRui Lima")
    assert "Retirem todas" in boilerplate.clean(body).text
