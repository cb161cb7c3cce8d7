"""Words round 50 of the tuning set showed missing or misread, each a way many people write:
- IBM's other datasets (Project Debater, Project CodeNet, DocLayNet, ...) are not DiF: a
  student asking for one at this address asks for no access;
- the Italian "usarle" (to use them), and "autorizato" with one z, are a use and a
  consent; "non ho mai autorizzato nessuno a usarle, la licenza CC non parlava di IA" is
  no rights claim by itself (review 53: researchers and the people pictured write the
  same), so the model's doubt sends such a mail to a person;
- "non ho mai voluto" (I never wanted) is an objection, so "se ci sono, toglietele, non ho
  mai voluto..." still asks for the removal;
- "ci sono o no?" (are they in it or not?), the Brazilian "tem foto minha nisso aí?", the
  Portuguese "alguma minha" (any of mine) and the Dutch "daar ook in" ask whether the
  writer is in it;
- "Welke kenmerken hebben jullie van mij vastgelegd?" (what have you recorded of me?)
  asks what is held;
- "il nostro servizio giuridico" (our legal department) is no marketing, which "i nostri
  servizi" is;
- "vorrei ricevere una copia delle annotazioni delle mie foto" asks for what is held (the
  right of access), so an offer further on to change a profile text as proof of the
  account does not make it a rectification;
- "rights and freedoms", "sui miei diritti" and the like are the GDPR's words for the
  data subject, not a licence."""

from __future__ import annotations

import pytest

from tests.testing.decisions import concepts_of, kinds, mail


@pytest.mark.parametrize("body, subject, want", [
    pytest.param("Buongiorno, sto cercando il dataset di argomentazioni di Project Debater per la "
                 "mia tesi di laurea. Sapreste dirmi dove si scarica? Grazie, Giulia",
                 "Richiesta dataset Project Debater", "unknown", id="it-project-debater"),
    pytest.param("Salve, ho letto del dataset DiF. Sono su Flickr come "
                 "flickr.com/photos/annalisa_b. Se ci sono mie foto dentro toglietele, non ho "
                 "mai voluto che il mio viso servisse a queste cose. Annalisa",
                 "Flickr", "removal/opt_out", id="it-mai-voluto"),
    pytest.param("Grazie per la risposta, ma non ho capito: le mie foto ci sono o no? Ve lo "
                 "riscrivo: https://www.flickr.com/photos/pgalli/albums/721576\nPaolo",
                 "Re: [DiF-privacy] La sua richiesta", "removal/inquiry", id="it-ci-sono-o-no"),
    pytest.param("tem foto minha nisso aí? li uma reportagem sobre o dataset da IBM. "
                 "meu usuario do flickr é carol.rj", "foto", "removal/inquiry",
                 id="pt-nisso-ai"),
    pytest.param("oi, vi no jornal a história da IBM e das fotos do Flickr. queria saber se tem "
                 "alguma minha nesse dataset. flickr.com/photos/tiago_sp", "minhas fotos",
                 "removal/inquiry", id="pt-alguma-minha"),
    pytest.param("hoi, ik las over die IBM dataset met gezichten van Flickr. is mijn gezicht "
                 "daar ook in? mijn account was flickr.com/photos/jorisvdb", "vraag",
                 "removal/inquiry", id="nl-daar-ook-in"),
    pytest.param("Goedemiddag, er staat een foto van mij in Diversity in Faces: "
                 "https://www.flickr.com/photos/evaj/5123398800/ . Welke kenmerken hebben "
                 "jullie van mij vastgelegd? Groet, Eva Jansen", "Diversity in Faces",
                 "removal/inquiry", id="nl-welke-kenmerken-van-mij"),
])
def test_the_words_round_50_showed_missing(body: str, subject: str, want: str) -> None:
    assert set(kinds(mail(body, subject))) == {want}


@pytest.mark.parametrize("body, subject, never", [
    pytest.param("Buongiorno, sono docente all'Università di Torino. Il comitato etico non ci ha "
                 "ancora autorizzato a usarli senza una copia della licenza: vorrei richiedere "
                 "l'accesso al dataset Diversity in Faces.\nAnna Leone", "Accesso DiF",
                 "removal/rights", id="it-researcher-not-yet-authorised"),
    pytest.param("Hola, soy investigador en la Universidad Politécnica de Madrid. Entendemos que "
                 "la licencia no permite usar los datos con fines comerciales y no lo haremos. "
                 "Quisiéramos solicitar acceso al conjunto Diversity in Faces.\nLuis Moreno",
                 "Solicitud de acceso", "removal/rights", id="es-licence-does-not-permit"),
    pytest.param("Olá, sou pesquisadora da USP. Sabemos que a licença não autoriza usar os dados "
                 "para fins comerciais e não o faremos. Gostaríamos de solicitar acesso ao "
                 "dataset Diversity in Faces.\nFernanda Rocha", "Acesso DiF", "removal/rights",
                 id="pt-licence-does-not-authorise"),
    pytest.param("Olá, sou eu nas fotos, quem as tirou foi o meu marido. Nunca autorizei ninguém a "
                 "usar as fotos e a licença Creative Commons não fala disso. Não quero estar no "
                 "dataset, apaguem-nas.\nJoana", "Diversity in Faces", "removal/rights",
                 id="pt-pictured-never-authorised"),
])
def test_a_licence_beside_a_use_not_allowed_is_no_rights_claim_by_itself(
        body: str, subject: str, never: str) -> None:
    """Review 53: a rule that read "never authorised ... to use ... licence" in one sentence as
    the author's claim (rights) answered researchers' promises ("the licence does not allow
    commercial use, and we won't") and the person pictured ("sou eu nas fotos") as rights
    claims; it was taken back. The rules alone never say rights here, nor does the model."""
    assert never not in kinds(mail(body, subject))


def test_a_copy_of_the_annotations_of_one_s_photos_is_asked_as_an_inquiry() -> None:
    """A data subject asks for a copy of the annotations of her photos and offers to prove
    the account is hers: the offer's "cambiare" is no rectification to answer."""
    body = ("Buongiorno, sono su Flickr (https://www.flickr.com/photos/martalodi/) e in molte "
            "delle mie foto ci sono io. Vorrei ricevere una copia delle annotazioni sulle mie "
            "foto, come previsto dal diritto di accesso. Se vi serve una prova che l'account è "
            "mio, posso cambiare la descrizione del profilo con un codice che mi indicate.")
    assert set(kinds(mail(body, "Copia delle annotazioni"))) == {"removal/inquiry"}


@pytest.mark.parametrize("lang, sentence", [
    ("en", "Unless you show compelling legitimate grounds which override my interests, rights "
           "and freedoms, stop processing my data."),
    ("it", "Nessun legittimo interesse può prevalere sui miei diritti."),
    ("de", "Ihr Interesse überwiegt nicht meine Rechte und Freiheiten."),
    ("fr", "Aucun motif légitime ne prévaut sur mes droits et libertés."),
    ("es", "Ningún interés legítimo prevalece sobre mis derechos y libertades."),
    ("pt", "Nenhum interesse legítimo prevalece sobre os meus direitos e liberdades."),
    ("nl", "Uw belang weegt niet zwaarder dan mijn rechten en vrijheden."),
])
def test_the_gdpr_s_rights_of_the_data_subject_are_no_licence(lang: str, sentence: str) -> None:
    found = concepts_of(sentence, lang)
    assert not {"licence", "licence_terms", "licence_claim"} & found, found


@pytest.mark.parametrize("lang, sentence, marketing", [
    ("it", "Il nostro servizio giuridico chiede se esiste un accordo d'uso da firmare.", False),
    ("it", "Scopra i nostri servizi di consulenza per la protezione dei dati.", True),
])
def test_an_institution_s_department_is_no_marketing(lang: str, sentence: str,
                                                     marketing: bool) -> None:
    found = concepts_of(sentence, lang)
    assert ("marketing" in found) is marketing
