"""Readings round 83 (access requests from people who do not know the procedure,
inquiries after the news and for groups, replies and forwards, photographers and the
people pictured) showed wrong, looked at after its before-look measure: a library's
"Dode link naar DiF-projectpagina" answered as an access request; "¿Me pueden enviar lo
que tienen de cada foto?" above our finding answered as one; "Ob meine Bilder dabei sind
... will ich es gar nicht wissen. Das musste ich einfach mal loswerden" answered as an
inquiry; "Ja, bitte alle 9 raus." above our offer to remove, beside "the full list is
attached as a text file", left to a person; a French "Pour résumer" read as a job's
résumé."""

from __future__ import annotations

import pytest

from tests.testing.decisions import concepts_of, kinds, mail, tuning_mail


@pytest.mark.parametrize(("text", "lang", "concept", "present"), [
    ("Dode link naar DiF-projectpagina", "nl", "request", False),
    ("Ob meine Bilder dabei sind, will ich es gar nicht wissen.", "de", "no_request", True),
    ("Das musste ich einfach mal loswerden.", "de", "no_request", True),
    # a word of a phrase of another concept keeps its own concept ("solo quería
    # desahogarme" in no_request took "quería" out of want when "quería" was no term)
    ("Antes de rellenar el formulario quería preguntar:", "es", "want", True),
])
def test_round_83_words(text: str, lang: str, concept: str, present: bool) -> None:
    assert (concept in concepts_of(text, lang)) is present


OFFER = "\n".join([
    "-------- Ursprüngliche Nachricht --------",
    "Von: DiF Privacy <dif-privacy@example.org>",
    "Datum: 18.11.20 17:03 (GMT+01:00)",
    "Betreff: RE: Fotos meiner Kinder", "",
    "Dear Mr Schäfer,", "",
    "We found 9 images from your Flickr account (NSID 27740116@N03) in the DiF URL",
    "list. The full list is attached to this e-mail as a text file.", "",
    "If you would like them removed from the dataset, please reply and confirm.", "",
    "Kind regards,", "DiF Privacy Team"])


def test_yes_above_our_offer_beside_an_attached_list_is_an_opt_out() -> None:
    body = f"Ja, bitte alle 9 raus.\n\nGruß T. Schäfer\n\n{OFFER}"
    assert kinds(mail(body, "AW: RE: Fotos meiner Kinder"))[0] == "removal/opt_out"


@pytest.mark.parametrize(("name", "want"), [
    # "¿Me pueden enviar lo que tienen de cada foto?" above our finding: what is held
    ("removal-inquiry/es-r83-yo-antes-de-decidir-que-datos.eml", "unknown"),
    # "Pour résumer : je suis doctorant" is no job application's résumé
    ("access/fr-r83-ym-tr-renvoye-par-ibm-france.eml", "access"),
])
def test_round_83_mails(name: str, want: str) -> None:
    got = kinds(tuning_mail(name))
    assert got[0] == want and got[1] == want


def test_not_wanting_to_know_whether_one_is_in_it_is_no_inquiry() -> None:
    body = ("Guten Abend,\nich bin seit 2005 bei Flickr und habe tausende Bilder unter Creative "
            "Commons veröffentlicht.\nHeute lese ich, dass IBM eine Million dieser Fotos genommen "
            "hat.\nOb meine Bilder dabei sind, weiß ich nicht, und ehrlich gesagt will ich es gar "
            "nicht wissen.\nDas musste ich einfach mal loswerden.\nHartmut")
    assert "removal/inquiry" not in kinds(mail(body, "Ihr Gesichter-Datensatz"))
