"""How concept rules decide: what may answer, what goes to a person, and why.

The tuning set is a regression guard here, not a quality figure (that is `make eval` on
the frozen evaluation set): the rules were tuned on it, so a wrong automatic answer
on it is a rule change that broke something.
"""

from __future__ import annotations

from dataclasses import replace
from email.message import EmailMessage
from pathlib import Path

import pytest

from difbot.understand import categories, classify, opinion
from difbot.understand.categories import Category, Subtype
from difbot.understand.inbound import Message, parse
from tests.testing import corpus, inbound_mail, labelled_runs, paths

RULES = classify.load()
ALONE = replace(RULES, second=None)
OWN = inbound_mail.OWN
ANSWERED = ("access", "withdrawal", "removal/opt_out", "removal/inquiry",
            "removal/annotation", "removal/rights")


def mail(body: str, subject: str = "") -> Message:
    return inbound_mail.message(body, subject, "Ann Example <ann@example.net>")


def classified(msg: Message, registered: bool = False,
               rules: classify.RuleSet = RULES) -> classify.Classification:
    return rules.classify(msg, classify.Context(registered=registered, own_address=OWN))


def kind(msg: Message, registered: bool = False) -> str:
    return inbound_mail.kind(RULES, msg, registered)


def alone(msg: Message) -> str:
    """`kind` by the rules alone, without the second opinion."""
    got = classified(msg, rules=ALONE)
    return categories.label(got.category, got.subtype)


@pytest.mark.parametrize("body", [
    "Could you please send me the Diversity in Faces data? It is for my PhD thesis.",
    "Hallo, könnte ich den DiF-Datensatz für meine Masterarbeit bekommen?",
    "Bonjour, je suis doctorante et j'aimerais obtenir le jeu de données DiF pour ma thèse.",
    "Hola, soy investigadora en la universidad y quisiera solicitar acceso al dataset DiF.",
    "Buongiorno, sono un dottorando: potreste inviarmi il dataset DiF per la mia tesi?",
    "Hallo, ik ben promovendus en wil graag toegang tot de DiF-dataset voor mijn onderzoek.",
    "Olá, sou doutoranda e gostaria de obter o conjunto de dados DiF para a minha tese.",
])
def test_everyday_access_requests_in_seven_languages(body: str) -> None:
    assert kind(mail(body)) == "access", body


def test_a_rights_reserved_footer_never_decides() -> None:
    msg = mail("Dear team, please find our new catalogue attached.\n\n"
               "© 2024 Nordlicht Fotostudio GmbH, photographer Ann Example. "
               "All rights reserved on all photos.")
    assert kind(msg) not in ANSWERED


def test_wording_only_out_of_office_is_automatic_only_when_nothing_is_asked() -> None:
    away = "I am out of the office until 22 August and will reply when I am back."
    assert kind(mail(away, "Out of office")) == "auto"
    assert kind(mail(away)) == "auto"
    asked = (f"{away}\n\nBut before I go: please remove my photos from Diversity in Faces, "
             "my Flickr account is flickr.com/photos/ann_example/.")
    assert kind(mail(asked)) == "removal/opt_out"


def test_what_a_reply_answers_names_the_dataset_it_speaks_of() -> None:
    """A correction typed above our list of DiF photos names neither DiF nor Flickr: the
    thread it answers does, and says what the mail is about; it never votes itself."""
    own = ("Thanks for the list. The age on the second one is way off though, I was 31 "
           "in that photo, not 54. Can you correct it?\n\nNadia")
    thread = ("\n\nOn Tue, 14 May 2019 at 16:02, DiF Privacy <dif-privacy@example.org> "
              "wrote:\n> we found 2 images from your Flickr account in the Diversity in "
              "Faces\n> dataset:\n> https://www.flickr.com/photos/nh/4410238812 age: 29\n")
    assert kind(mail(own, "Re: your list")) == "unknown"   # nothing says it is DiF
    assert kind(mail(own + thread, "Re: your list")) == "removal/annotation"
    assert kind(mail(own, "Re: Your request regarding Diversity in Faces")) == (
        "removal/annotation")
    # The thread alone asks nothing: a bare thank-you above it stays with a person.
    assert kind(mail("Thank you, got it." + thread, "Re: your list")) not in ANSWERED


def test_counter_evidence_against_a_subtype_doubts_only_that_subtype() -> None:
    """"This is not about the licence" argues against a rights claim, not against the
    removal asked: it lowers the rights vote only, and the opt-out is answered."""
    msg = mail("My children are in photos I uploaded to Flickr years ago. This is not about "
               "the licence, the licence is fine. Please remove these photos from Diversity "
               "in Faces: https://www.flickr.com/photos/annex/")
    got = ALONE.classify(msg, classify.Context(own_address=OWN))
    assert (got.category, got.subtype) == (Category.REMOVAL, Subtype.OPT_OUT)


def test_support_alone_never_answers() -> None:
    # My photos and a Flickr link, but nothing asked of them: a person reads it.
    msg = mail("My photos are on Flickr: https://www.flickr.com/photos/ann_example/ "
               "and my family photos too, flickr.com/photos/ann_family/.")
    assert kind(msg) == "unknown"


def test_close_subtypes_go_to_a_person_unless_the_second_opinion_picks_one() -> None:
    msg = mail(
        "I am the photographer of these pictures and the licence is CC BY-NC-ND, which this "
        "use violates. The people in them never consented either, for their privacy please "
        "remove my photos: flickr.com/photos/ann_example/.")
    alone = ALONE.classify(msg, classify.Context())
    # Removal wins clearly, but a rights claim and an opt-out are argued about equally.
    assert alone.category is Category.UNKNOWN
    assert dict(alone.scores)["removal"] >= 3
    assert {name for name, _ in alone.subtypes[:2]} == {"rights", "opt_out"}
    # The model may settle it, but only for one of the two, and only when it is sure.
    got = RULES.classify(msg, classify.Context())
    assert got.category is Category.UNKNOWN or (
        got.moved == "confirmed" and str(got.subtype) in {"rights", "opt_out"}
        and dict(got.opinion)[f"removal/{got.subtype}"] >= opinion.CONFIRM)


def test_an_erasure_letter_follows_the_sender_in_concepts_too() -> None:
    body = ("Under Article 17 GDPR I ask you to erase all personal data you hold about me "
            "without undue delay.")
    assert kind(mail(body), registered=True) == "withdrawal"
    assert kind(mail(body), registered=False) == "removal/opt_out"


def test_mail_in_another_language_answers_only_on_article_and_flickr() -> None:
    polish = ("Dzień dobry, na podstawie art. 17 RODO żądam usunięcia moich zdjęć z waszego "
              "zbioru danych. Moje konto: https://www.flickr.com/photos/jan_kowalski/ . "
              "Proszę o potwierdzenie wykonania tego żądania w ustawowym terminie. Z poważaniem")
    assert kind(mail(polish)) == "removal/opt_out"
    chatty = ("Dzień dobry, czytałem artykuł o waszym zbiorze i mam pytanie o licencję "
              "i prawa autorskie do zdjęć, które są tam używane. Czy to jest legalne? "
              "Pozdrawiam serdecznie, Jan")
    assert kind(mail(chatty)) == "unknown"
    # A licence claim, or an article without a Flickr link, is not plain enough.
    rights = ("Jsem fotograf. Moje fotografie na https://www.flickr.com/photos/jan_example/ "
              "jsou pod licencí CC BY-NC-SA 2.0 a nesmí se používat komerčně ani pro IBM. "
              "Žádám o jejich okamžité odstranění z Diversity in Faces. Jan Novák")
    assert kind(mail(rights)) == "unknown"
    no_link = polish.replace("Moje konto: https://www.flickr.com/photos/jan_kowalski/ .",
                             "Moje konto na Flickr nazywa się tak samo jak ja.")
    assert kind(mail(no_link)) == "unknown"


def test_a_rectification_letter_in_another_language_is_an_annotation_claim() -> None:
    # Art. 16 of the GDPR and a Flickr photo make the intent clear in any language (the
    # rules alone: the second opinion may still send a text it cannot read to a person).
    czech = ("Dobrý den, u mé fotografie https://www.flickr.com/photos/petra_example/4409871123 "
             "je uveden odhadovaný věk 58 let. V době pořízení mi bylo 29. Žádám o opravu "
             "těchto nepřesných údajů (čl. 16 GDPR). Děkuji, Petra")
    got = ALONE.classify(mail(czech), classify.Context())
    assert (got.category, got.subtype) == (Category.REMOVAL, "annotation")
    # Without the regulation named, an article 16 of some other law decides nothing.
    other_law = czech.replace("(čl. 16 GDPR)", "(čl. 16 zákona)")
    assert ALONE.classify(mail(other_law), classify.Context()).category is Category.UNKNOWN


def test_a_text_in_another_language_is_read_for_names_and_numbers_only() -> None:
    romanian = ("Bună ziua, sunt fotograf și am citit un articol despre colecția voastră de date. "
                "Fotografiile mele sunt publicate cu licența Creative Commons și nu am dat "
                "niciodată permisiunea pentru o astfel de utilizare. Cu stimă, Ion")
    ex = RULES.explain(mail(romanian), classify.Context())
    found = set().union(*(s.concepts for s in ex.sentences))
    assert not found & {"photo", "author", "licence", "consent"}, found


def test_a_reply_subject_is_not_the_writer_s_words() -> None:
    msg = mail("Thanks a lot for sorting this out so quickly, much appreciated. James",
               "Re: Remove my photos from Diversity in Faces")
    assert kind(msg) not in ANSWERED


def test_explain_names_the_sentence_each_rule_fired_in() -> None:
    ex = RULES.explain(mail("Hello.\n\nCould you send me the DiF dataset? I work at a "
                            "university lab on fairness."), classify.Context())
    where = {r.name: w for r, w in ex.fired}
    assert where["access-c-request"] == "Could you send me the DiF dataset?"
    assert ex.result.category is Category.ACCESS
    assert "at least its threshold" in ex.why


def test_a_sender_is_registered_by_its_own_writer_s_list(tmp_path: Path) -> None:
    """Two writers invented one address: only the one who listed it meant a researcher;
    a writer without a list of their own reads the set's."""
    (tmp_path / "registered-VL37.txt").write_text("ann@example.pt\n", "utf-8")
    (tmp_path / "registered-WW34.txt").write_text("ines@example.pt\n", "utf-8")
    (tmp_path / "registered.txt").write_text("ann@example.pt\nines@example.pt\n", "utf-8")
    known = corpus.registered_senders(tmp_path)
    assert known(Path("withdrawal/pt-r34-ww-sair.eml"), "ines@example.pt")
    assert not known(Path("removal-opt_out/pt-r37-vl-art17.eml"), "ines@example.pt")
    assert known(Path("removal-opt_out/pt-r37-vl-art17.eml"), "ann@example.pt")
    assert known(Path("withdrawal/pt-r1-a-sair.eml"), "ines@example.pt")


@pytest.mark.parametrize("folder", [paths.TUNING, paths.TUNING_OTHER], ids=["tuning", "other"])
def test_no_wrong_automatic_answer_on_the_tuning_sets(folder: Path) -> None:
    wrong = []
    for run in labelled_runs.runs(folder):
        got = categories.label(run.both.category, run.both.subtype)
        if got in ANSWERED and got != corpus.label(run.path):
            wrong.append(f"{run.path.relative_to(folder)}: {corpus.label(run.path)} answered "
                         f"as {got}")
    assert not wrong, "\n".join(wrong)


def test_the_subtype_enum_is_what_the_rules_name() -> None:
    named = {r.subtype for r in RULES.rules if r.subtype}
    assert named == set(Subtype)


def test_out_of_office_wording_in_a_thread_is_never_automatic() -> None:
    # A requester's answers that start with a note about leave must still be read.
    msg = mail("I am out of the office until 22 August and will reply to other mail when "
               "I am back.\n\n1. Name: Ann Example\n2. Position: PhD student",
               "Re: Your request for the DiF dataset")
    new = RULES.classify(msg, classify.Context(own_address=OWN))
    thread = RULES.classify(msg, classify.Context(own_address=OWN, thread=True))
    assert new.category is Category.AUTO
    assert thread.category is not Category.AUTO
    assert not RULES.is_automatic(msg, classify.Context(own_address=OWN))


@pytest.mark.parametrize("body", [
    "Je ne veux pas être dans DiF. J'étais absent quand on a pris la photo.",
    "I will be back with my lawyer if you do not take me out of DiF.",
    "Das Bild wurde am 3. Mai aufgenommen. Bitte nehmen Sie es aus DiF raus.",
])
def test_everyday_words_never_silence_a_request_as_automatic(body: str) -> None:
    assert kind(mail(body)) != "auto", body


def test_a_forwarded_request_below_an_away_note_is_not_automatic() -> None:
    body = ("I'm back in the office now, forwarding my earlier request below.\n\n"
            "---------- Forwarded message ---------\nFrom: Ann <ann@example.net>\n"
            "Please remove my photos from DiF: flickr.com/photos/ann_example/")
    assert kind(mail(body)) != "auto"


def test_a_reply_below_a_long_quote_is_read() -> None:
    quote = "\n".join(f"> line {i} of an earlier mail about nothing in particular"
                      for i in range(1500))
    body = f"{quote}\n\nPlease remove my photos from DiF: flickr.com/photos/ann_example/"
    assert len(body) > 60_000
    assert kind(mail(body)) == "removal/opt_out"


@pytest.mark.parametrize("body", [
    "I'm a master student. How did IBM get the images for the DiF dataset? "
    "Where can I read about the process?",
    "Dear DiF team, I read your paper on DiF for my thesis. Could you send me the slides?",
    "This week: what Art. 15 GDPR means for your company, and how to answer access requests.",
    "For a story, I'd like to know how many people used Art. 17 GDPR to remove their "
    "photos from DiF.",
    "I want my face removed from Facebook.",
    "Our company builds synthetic face datasets. We would love to share our dataset with "
    "your team at IBM research.",
])
def test_mail_that_asks_nothing_of_dif_gets_no_automatic_answer(body: str) -> None:
    assert kind(mail(body)) not in ANSWERED, body


def test_a_company_footer_in_capitals_is_still_a_footer() -> None:
    msg = mail("Dear team, our new catalogue is attached.\n\n"
               "© 2024 Photo EU Ltd. All rights reserved. Photographer: Ann.")
    assert kind(msg) not in ANSWERED


def test_a_registered_researcher_s_photo_erasure_is_a_removal() -> None:
    body = ("Under Art. 17 GDPR, please erase my photos from DiF: "
            "https://www.flickr.com/photos/ann_example/ .")
    assert kind(mail(body), registered=True) == "removal/opt_out"


def test_a_renewal_is_never_a_withdrawal() -> None:
    body = ("Our project ended, and we would like to request access to DiF again "
            "for a new project.")
    assert kind(mail(body), registered=True) != "withdrawal"


def test_are_my_photos_in_it_then_delete_them_is_an_opt_out() -> None:
    body = "Are my photos in DiF? Please delete them. My Flickr account is ann_example."
    assert kind(mail(body)) == "removal/opt_out"


def test_away_wording_with_anything_else_in_the_mail_goes_to_a_person() -> None:
    # Below every threshold, but something was said beyond the away note.
    body = ("I am out of the office until Monday 3 June. By the way, my photos of the "
            "marathon are on Flickr.")
    assert kind(mail(body)) == "unknown"


@pytest.mark.parametrize("body", [
    "Je souhaite obtenir l'accès aux informations que vous détenez sur moi dans la base DiF "
    "d'IBM. Pourriez-vous m'en envoyer une copie ?",
    "Gostaria de ter acesso aos dados que vocês têm sobre mim no dataset DiF. Podem "
    "enviar-me uma cópia?",
    "Can you explain how the Diversity in Faces dataset is used by IBM today?",
    "Could you send me the technical report describing how the DiF annotations were computed?",
])
def test_a_data_subject_or_a_reader_never_gets_the_dataset_questionnaire(body: str) -> None:
    assert kind(mail(body)) != "access", body


@pytest.mark.parametrize("body", [
    "Our project with the DiF dataset finished last month. We would like to keep the data on "
    "our server for one more year so reviewers can reproduce the results. Is that acceptable?",
    "I completed and sent the DiF questionnaire three weeks ago. Has my application been "
    "approved yet?",
])
def test_a_registered_researcher_s_other_business_is_not_a_withdrawal(body: str) -> None:
    """Not answered: a person reads it (unknown, or an access reminder held for them)."""
    got = classified(mail(body), registered=True)
    assert categories.label(got.category, got.subtype) not in ANSWERED or got.held, body
    assert got.category is not Category.WITHDRAWAL


@pytest.mark.parametrize("subject, body", [
    # Responders that set no header and write "Absent:" before the subject they answer.
    ("Ausente: Pedido de informação DiF", "Obrigado pela sua mensagem. Encontro-me "
     "ausente do escritório até dia 21 de agosto. A sua mensagem será lida após o meu regresso."),
    # "Réponse :" is a reply's prefix: the subject repeats our request's words.
    ("Réponse : Votre demande concernant DiF", "Bonjour, je suis absent du cabinet du 1er au "
     "22 août inclus, sans accès à ma messagerie. Votre message ne sera pas transféré."),
    ("", "Beste, bedankt voor uw bericht. Ik ben met verlof tot en met 5 augustus en lees "
     "mijn mails niet. Met vriendelijke groeten, Koen"),
])
def test_an_out_of_office_without_headers_is_automatic(subject: str, body: str) -> None:
    assert kind(mail(body, subject)) == "auto"


@pytest.mark.parametrize("body", [
    "I write to place on record my concern about the Diversity in Faces dataset: photographs "
    "of people who were never asked, Creative Commons licensed by the photographer only. I do "
    "not expect a reply, and none of my photographs are involved. Yours faithfully, Gordon",
    "O Conselho de Ética manifesta a sua preocupação quanto ao conjunto de dados Diversity in "
    "Faces: a utilização de obras licenciadas de fotógrafos do Flickr para medir rostos "
    "desvirtua a licença. A presente comunicação não constitui pedido. Não é necessária resposta.",
])
def test_a_complaint_that_asks_for_nothing_is_not_answered(body: str) -> None:
    assert ALONE.classify(mail(body), classify.Context()).category is Category.UNKNOWN


def test_a_request_whose_subject_starts_absent_is_still_read() -> None:
    # "Absent:" before a subject marks a responder's reply; the subject is set aside
    # like a reply's, and the writer's words decide (an adversarial review's mail).
    body = ("I never gave consent for my face to be in the Diversity in Faces dataset. "
            "Please remove all my photos: https://www.flickr.com/photos/ann_example/")
    assert kind(mail(body, "Absent: my consent for DiF")) == "removal/opt_out"


def test_a_registered_researcher_s_foreign_article_letter_goes_to_a_person() -> None:
    # Czech: "we are registered researchers; a participant of our study asked us under
    # Art. 15 GDPR whether his photo is in DiF. How should we proceed?"
    czech = ("Dobrý den, jsme registrovaní výzkumníci. Jeden z účastníků naší studie se na "
             "nás obrátil podle čl. 15 GDPR a chce vědět, zda je jeho fotografie "
             "https://www.flickr.com/photos/petr_example/99887766/ v sadě Diversity in "
             "Faces. Jak máme postupovat? S pozdravem, Eva Dvořáková, Univerzita Karlova")
    assert kind(mail(czech), registered=True) == "unknown"
    got = classified(mail(czech), registered=True)
    assert "seven languages" in got.reason, got
    assert kind(mail(czech)) == "removal/inquiry"   # from anyone else: an Art. 15 letter


@pytest.mark.parametrize("body", ["como descargo el DiF? gracias",
                                  "come si scarica il dataset DiF?? grazie"])
def test_a_one_line_how_to_download_is_an_access_request(body: str) -> None:
    assert ALONE.classify(mail(body, "DiF"), classify.Context()).category is Category.ACCESS


def test_a_request_that_names_the_format_it_wants_is_still_a_request() -> None:
    body = ("Petición: el listado de URLs de Flickr. Las anotaciones de pose, edad y contraste "
            "de piel. Y, si existe, el documento que describe cada esquema de codificación, "
            "en JSON. Todo eso es lo que necesitaríamos para el proyecto. ¿Nos lo podrían "
            "facilitar? Estamos dispuestos a rellenar el cuestionario que haga falta. Marta, "
            "Investigadora postdoctoral, Universitat Pompeu Fabra")
    got = ALONE.classify(mail(body, "Petición DiF"), classify.Context())
    assert got.category is Category.ACCESS, got


def test_back_again_in_an_out_of_office_asks_for_nothing_again() -> None:
    body = ("Ich bin vom 22. Januar bis 5. Februar abwesend und lese meine E-Mails in dieser "
            "Zeit nicht. Ihre Nachricht wird nicht weitergeleitet. Ab dem 6. Februar bin ich "
            "gerne wieder für Sie da.")
    assert kind(mail(body, "Abwesend")) == "auto"


@pytest.mark.parametrize("body", [
    "mi cuenta de flickr es 67120934@N07. estan mis fotos en su base de caras? si estan "
    "quitenlas por favor, no quiero salir ahi. gracias",
    "il mio account flickr e 66778899@N01. Sono nel vostro dataset di facce? Se si "
    "toglietemi, non voglio esserci. Grazie",
    "mijn flickr is 33019876@N00. zitten mijn fotos in die dataset van jullie? zo ja graag "
    "verwijderen want ik wil daar niet in.",
])
def test_if_so_remove_me_i_do_not_want_to_be_in_it_is_an_opt_out(body: str) -> None:
    got = ALONE.classify(mail(body, "fotos"), classify.Context())
    assert (got.category, got.subtype) == (Category.REMOVAL, "opt_out"), got
    # "If so, please don't remove them": a hedge, no opt-out.
    hedged = body.replace("quitenlas por favor", "no las quiten").replace(
        "toglietemi", "non toglietele").replace("graag verwijderen", "niet verwijderen")
    got = ALONE.classify(mail(hedged, "fotos"), classify.Context())
    assert got.subtype != "opt_out", got


@pytest.mark.parametrize("subject, body", [
    ("Prácticas IBM", "Buenas tardes, ¿cómo puedo solicitar unas prácticas en el equipo que "
     "creó DiF? Tengo experiencia con Python y JSON. Gracias"),
    ("Internship", "Hi, how can I apply for an internship with the team behind the DiF "
     "dataset at IBM? I attach my CV."),
])
def test_asking_how_to_apply_for_an_internship_is_no_access_request(subject: str,
                                                                     body: str) -> None:
    assert ALONE.classify(mail(body, subject), classify.Context()).category is not (
        Category.ACCESS)


@pytest.mark.parametrize("body, want", [
    # A photographer content with the licence who asks which photos are in: no rights claim.
    ("Sou fotógrafo e publiquei muito material com licença CC-BY no Flickr. Não tenho "
     "problema com o uso, escolhi a licença justamente para isso. Mas gostaria de saber "
     "quais fotos minhas foram incluídas no Diversity in Faces. Vocês conseguem me mandar a "
     "lista de IDs?", "removal/inquiry"),
    # ... who asks for a correction, the person pictured happy to stay in the dataset.
    ("Photographe amateur, j'ai accepté sans problème que mes portraits sous CC BY soient "
     "utilisés par la recherche. Sur https://www.flickr.com/photos/pyg/3210987654/ les "
     "points de repère sont tous décalés. Les mesures sont donc fausses. Le modèle est "
     "d'accord pour rester dans la base, mais nous aimerions que ces points soient "
     "corrigés.", "removal/annotation"),
])
def test_a_photographer_content_with_the_licence_claims_no_rights(body: str, want: str) -> None:
    """"No problem with the use" is content ("!" phrases take their words: its "não" and
    "sans" negate nothing), and counts against a rights claim; "happy to stay in the
    dataset" counts against an opt-out. The rules alone, without the second opinion."""
    assert alone(mail(body)) == want


def test_not_ok_with_it_is_no_content() -> None:
    body = ("I never licensed my Flickr photos for face research and I'm not ok with an "
            "old CC licence being used as an excuse. Please remove all my photos from DiF: "
            "https://www.flickr.com/photos/annex/. This is a copyright infringement.")
    got = classified(mail(body), rules=ALONE)
    assert "removal-c-content-no-claim" not in got.rules


def test_a_reminder_names_what_the_writer_s_own_earlier_mail_below_names() -> None:
    """"No answer to my request below": the request quoted below, from the writer's own
    address or full name to this mailbox, says what it was about (a dataset, the GDPR),
    though only DiF's name is ever borrowed from anyone else's mail (a newsletter's "face
    dataset")."""
    own = ("Op 14 januari stuurde ik u een verzoek om inzage in mijn persoonsgegevens (zie "
           "hieronder). De termijn van een maand is verstreken zonder enige reactie. Ik "
           "verzoek u alsnog binnen veertien dagen te antwoorden.")
    mine = ("\n\n-----Oorspronkelijk bericht-----\nVan: Ann Example <ann@example.net>\n"
            f"Aan: {OWN}\nVerzonden: 14 januari 2021\nOnderwerp: Inzageverzoek\n\nGraag "
            "had ik geweten of u gegevens over mij verwerkt in uw gezichtendataset (AVG art. "
            "15).\n")
    by_name = mine.replace("Ann Example <ann@example.net>", "Ann Example")
    elsewhere = mine.replace(f"Aan: {OWN}", "Aan: info@fn.example")
    theirs = elsewhere.replace("Ann Example <ann@example.net>", "Face News <news@fn.example>")
    assert kind(mail(own)) == "unknown"
    assert kind(mail(own + mine)) == "removal/inquiry"
    assert kind(mail(own + by_name)) == "removal/inquiry"
    assert kind(mail(own + theirs)) == "unknown"
    assert kind(mail(own + elsewhere)) == "unknown"     # not our mail: a quote to others


@pytest.mark.parametrize("body", [
    "I filled in your questionnaire for the DiF dataset three weeks ago and have heard "
    "nothing since. Could you tell me where my application stands?",
    "Scusate se insisto: a fine gennaio ho compilato il questionario per ottenere Diversity "
    "in Faces, ma non ho ricevuto nessuna risposta. Potreste verificare lo stato?",
])
def test_a_reminder_after_the_questionnaire_is_an_access_request_held(body: str) -> None:
    got = classified(mail(body))
    assert (got.category, got.held) == (Category.ACCESS, "access-c-hold-status")


@pytest.mark.parametrize("body", [
    "Non ho mai autorizzato l'uso delle mie foto per addestrare l'intelligenza artificiale. "
    "Toglietele dal vostro dataset.",
    "Je n'ai jamais autorisé l'usage de mes photos pour entraîner de l'IA. Retirez-les.",
])
def test_never_authorised_my_photos_for_ai_is_never_answered_as_an_opt_out(body: str) -> None:
    """The author's "I never authorised the use of my photos" (no face, person or
    privacy in the sentence) is a rights claim in 52 of 56 tuning sentences: the rules
    alone no longer answer it as an opt-out."""
    assert alone(mail(body)) != "removal/opt_out"


def test_never_authorising_the_use_of_my_likeness_is_an_opt_out() -> None:
    """"A minha imagem" (my likeness, as in "direito de imagem") is the person pictured
    speaking, not an author: a face word, so the author's rule above stays silent."""
    body = ("Não autorizo o uso da minha imagem. Me tirem desse banco de dados de rostos. "
            "flickr.com/photos/cadulima")
    assert alone(mail(body, "Não autorizo")) == "removal/opt_out"


@pytest.mark.parametrize("body", [
    "Just the URL list + annotations? We don't need any images, just the list of Flickr "
    "URLs and the annotation JSON from DiF. Either way, how do we apply?",
    "¿Puedo pedir solo las anotaciones de DiF? Estoy haciendo la tesina y no necesito bajar "
    "las fotos de Flickr. ¿Y la lista de URLs viene en el mismo paquete?",
])
def test_asking_for_part_of_the_data_is_no_stop_and_no_technical_question(body: str) -> None:
    """"We don't need the images, just the JSON": the scope of a request (only_part), not
    a researcher who stopped, nor a question about files they already have."""
    assert alone(mail(body)) == "access"


def test_a_photographer_asking_for_the_list_of_his_photos_makes_no_rights_claim() -> None:
    """Being a photographer is a rights vote (2); asking to be sent the list of one's
    photos that are in it, and nothing done, is an inquiry's (2): never a rights claim
    answered (a person decides the tie, or the second opinion settles it)."""
    body = ("Sou fotógrafo profissional e partilhei retratos no Flickr durante vários anos "
            "(nunovalente_retratos). Gostaria de receber a lista das minhas fotografias que "
            "integram o vosso conjunto de dados, para avaliar a situação com calma. Não "
            "estou, por enquanto, a pedir a remoção de nada; preciso apenas de saber o que lá "
            "está.")
    got = classified(mail(body, "Lista das minhas fotografias incluídas"), rules=ALONE)
    votes = dict(got.subtypes)
    assert votes.get("inquiry", 0) >= votes.get("rights", 0)
    assert got.subtype is not Subtype.RIGHTS


# Found by the seventh adversarial review (of this session's tuning), each a wrong
# automatic answer before its fix.

@pytest.mark.parametrize("body, subject", [
    ("I filled in the registration form for IBM Think 2024. Could you confirm my seat?",
     "IBM Think conference"),
    ("J'ai rempli le formulaire d'inscription pour IBM Think. Pouvez-vous confirmer ma place ?",
     "IBM Think"),
    ("I submitted the completed DiF questionnaire on 3 March. Please let me know when I can "
     "download the data.", "DiF"),
])
def test_a_form_said_filled_in_is_never_answered_with_the_questionnaire(body: str,
                                                                        subject: str) -> None:
    """"I filled in the form/questionnaire" is a reminder, or another form of IBM's: a
    person answers, whatever the category."""
    got = classified(mail(body, subject))
    assert got.category is not Category.ACCESS or got.held, got


def test_a_quote_of_the_writer_s_mail_to_someone_else_lends_nothing() -> None:
    own = ("Two weeks have passed and there is still no answer to my request below. Please "
           "delete my photos and my profile now.\n\nAnn Example")
    dating = ("\n\n-----Original Message-----\nFrom: Ann Example <ann@example.net>\nSent: "
              "Monday, 3 June 2024 10:00\nTo: support@lovematch.example\nSubject: Delete my "
              "account\n\nPlease delete my account and all my photos from your database.\n")
    to_us = dating.replace("support@lovematch.example", OWN)
    assert kind(mail(own + dating, "Re: Delete my account")) == "unknown"
    assert kind(mail(own + to_us, "Re: Delete my account")) == "removal/opt_out"


def test_a_name_inside_another_name_is_not_the_writer() -> None:
    """"Ann Lee" is not "Joann Leeds": a quote is the writer's own by their address or
    their full name as whole words."""
    def quoted(sender: str) -> frozenset[str]:
        m = EmailMessage()
        m["From"], m["To"], m["Subject"] = "Ann Lee <ann.lee@example.net>", OWN, "Re: club"
        m.set_content("There is still no answer to the request below. Please delete my "
                      f"photos now.\n\n-----Original Message-----\nFrom: {sender}\nTo: {OWN}"
                      "\nSubject: club\n\nAll member photos are now in the club dataset.\n")
        return RULES.view(parse(m.as_bytes())).replied_to

    assert "dataset" not in quoted("Joann Leeds <joann@club.example>")
    assert "dataset" in quoted("Ann Lee <lee@other.example>")
    assert "dataset" in quoted("Someone <ann.lee@example.net>")


def test_a_long_first_line_that_starts_like_a_field_is_the_writer_s_own() -> None:
    body = ("Re: is this genuine? I never asked for anything like this and I do not know "
            "you.\n\n---------- Forwarded message ---------\nFrom: DiF Removal Team "
            "<removal@dif-optout.example>\nDate: Mon, 3 Jun 2024 at 10:00\nSubject: Your "
            "Flickr photos in Diversity in Faces\nTo: <ann@example.net>\n\nDear Flickr user, "
            "some of your photos are in the IBM Diversity in Faces dataset. If you want your "
            "photos removed, please confirm below and we will delete them from the dataset.\n")
    assert kind(mail(body, "Fwd: Your Flickr photos in Diversity in Faces")) not in ANSWERED


@pytest.mark.parametrize("body, never", [
    # A wish to be included is no inquiry.
    ("I would like my photos to be included in the next version of the IBM dataset. They "
     "are all CC0.", "removal/inquiry"),
    # The husband's photos may stay; hers may not.
    ("Is my photo https://www.flickr.com/photos/lisab/4455667788/ in Diversity in Faces? If "
     "so I do not want it used. My husband's photos can stay in it.", "removal/inquiry"),
    # "Not happy for IBM to use them under that licence" is no content with the licence.
    ("My photos on Flickr are under a CC BY-NC licence. I am not happy for IBM to use them "
     "for commercial research under that licence. Please remove my photos from Diversity "
     "in Faces.", "removal/opt_out"),
])
def test_the_new_counter_rules_read_whose_and_whether(body: str, never: str) -> None:
    assert alone(mail(body)) != never


# Found by the eighth adversarial review (of the seventh's fixes), each a wrong automatic
# answer before its fix.

@pytest.mark.parametrize("body", [
    "I have filled out the DiF questionnaire. Could you please send me the dataset?",
    "Ho già compilato il questionario DiF. Potreste inviarmi il dataset?",
    "He completado el cuestionario de DiF. ¿Me pueden enviar el dataset?",
])
def test_a_questionnaire_said_filled_out_in_any_words_is_held(body: str) -> None:
    got = classified(mail(body, "DiF"))
    assert (got.category, bool(got.held)) == (Category.ACCESS, True), got


@pytest.mark.parametrize("body, subject", [
    ("Could I get a trial key for IBM Watson for my thesis project?", "Watson"),
    ("He completado el formulario de inscripción para el evento de IBM en Madrid. ¿Me pueden "
     "enviar la confirmación?", "Formulario"),
])
def test_naming_ibm_alone_is_no_access_request(body: str, subject: str) -> None:
    """IBM makes many things: only DiF, a dataset or its annotations make an access
    request ("the IBM faces dataset" names it)."""
    got = classified(mail(body, subject))
    assert got.category is not Category.ACCESS or got.held, got


def test_if_so_i_am_not_ok_with_that_is_no_mere_inquiry() -> None:
    body = "Are my photos in the IBM Diversity in Faces dataset? If so, I am not ok with that."
    assert alone(mail(body, "DiF")) != "removal/inquiry"


def test_a_question_above_a_forward_keeps_the_forward_aside() -> None:
    body = ("Subject: is this genuine?\n\n---------- Forwarded message ---------\nFrom: DiF "
            "Removal Team <removal@dif-optout.example>\nDate: Mon, 3 Jun 2024 at 10:00\n"
            "Subject: Your Flickr photos in Diversity in Faces\nTo: <ann@example.net>\n\nDear "
            "Flickr user, some of your photos are in the IBM Diversity in Faces dataset. If "
            "you want your photos removed, please confirm below and we will delete them.\n")
    assert kind(mail(body, "Fwd: Your Flickr photos")) not in ANSWERED


def test_our_address_in_a_quote_names_no_dataset() -> None:
    body = ("Still nothing after a month. Please delete my photos and my profile now.\n\nAnn "
            "Example\n\nOn Mon, 3 Jun 2024 at 10:00, Photo Club <info@club.example> wrote:\n> "
            "Dear Ann Example, your photos are in our club database and on our Flickr group.\n"
            f"> Questions? Write to the club, or about other matters to {OWN}.\n")
    assert kind(mail(body, "Re: Your photo club")) not in ANSWERED


def test_a_flickr_id_in_the_writer_s_own_quoted_mail_is_no_address() -> None:
    """Addresses are taken out of a quote before it is read (ours names no "DiF"), but
    an NSID ("12345678@N05") is a Flickr reference, not an address."""
    msg = mail("Still no answer to my request below. Please remove them.\n\n-----Original "
               "Message-----\nFrom: Ann Example <ann@example.net>\n"
               f"To: {OWN}\nSubject: photos\n\nMy Flickr NSID is 12345678@N05.\n",
               "Re: photos")
    assert "flickr_link" in RULES.view(msg).replied_to


# A first request that asks how to fill in the questionnaire is an access request, held
# for a person (access-c-hold-fill-question): the same question comes from data subjects
# after a GDPR form, registrants and applicants (the ninth review, tests/data/adversarial/
# person/). The "filled" words are past forms written `=` ("rempli", not "remplir"), and
# "i =filled in" is done where "should I fill in" asks.

@pytest.mark.parametrize("body, subject", [
    ("Hello, I would like to use Diversity in Faces for my master's thesis. Do I need to "
     "fill in the questionnaire myself, or my supervisor?", "DiF access"),
    ("Bonjour, je souhaite obtenir DiF pour ma thèse. Chaque étudiant doit-il remplir le "
     "questionnaire ?", "Accès DiF"),
    ("Buenos días, quiero acceder al dataset DiF para mi tesis. ¿Hay algún formulario que "
     "deba rellenar?", "Acceso DiF"),
    ("Bom dia, gostaria de acessar o DiF para a minha dissertação. Poderiam enviar o "
     "formulário? Preciso preencher o questionário?", "Acesso DiF"),
    ("Goedemiddag, ik wil de DiF-dataset gebruiken voor mijn scriptie. Moet ik zelf de "
     "vragenlijst invullen?", "Toegang DiF"),
])
def test_asking_how_to_fill_in_the_questionnaire_is_an_access_request_held(
        body: str, subject: str) -> None:
    got = classified(mail(body, subject))
    assert (got.category, got.held) == (Category.ACCESS, "access-c-hold-fill-question"), got


@pytest.mark.parametrize("body, subject", [
    ("Hello, I filled in the DiF questionnaire in March. Do I need to fill in anything "
     "else?", "DiF access"),
    ("Bonjour, j'ai rempli le questionnaire DiF le mois dernier. Dois-je remplir autre "
     "chose ?", "Accès DiF"),
    ("Olá, já enviamos o formulário do DiF em março. Precisamos preencher mais alguma "
     "coisa?", "Acesso DiF"),
])
def test_a_questionnaire_already_filled_in_is_still_held(body: str, subject: str) -> None:
    got = classified(mail(body, subject))
    assert (got.category, bool(got.held)) == (Category.ACCESS, True), got


# A rights claim's "remove my photos" is its remedy: where the licence is the only ground
# (no privacy, no person pictured, no data-protection right), removal-c-licence-remedy
# takes the opt-out vote down and the claim is answered as one (tuning: 49 more rights
# claims right by the rules alone, none lost). Where the people pictured are the ground,
# it is no rights claim.

@pytest.mark.parametrize("body", [
    "I took these photos and they are on Flickr under CC BY-NC 2.0. IBM is a commercial "
    "company, so this use is not covered by my licence. Please remove my photos from "
    "Diversity in Faces.",
    "Soy el autor de estas fotos; en Flickr tienen licencia CC BY-NC-SA. IBM es una empresa "
    "comercial y ese uso no está permitido por mi licencia. Quiten mis fotos de Diversity "
    "in Faces, por favor.",
])
def test_a_licence_the_only_ground_makes_remove_my_photos_a_rights_claim(body: str) -> None:
    """Only from the author (the ninth review: a data subject's CC-licensed selfies with
    a stalker as the ground stay contested)."""
    assert alone(mail(body, "DiF")) == "removal/rights"


@pytest.mark.parametrize("body", [
    "My photos on Flickr are licensed CC BY. The people I photographed in the street never "
    "agreed to have their faces measured. Please remove my photos from Diversity in Faces.",
    "Le mie foto su Flickr sono sotto licenza CC BY. Mia figlia è in molte di queste foto e "
    "non voglio che il suo volto sia misurato. Rimuovete le mie foto da Diversity in Faces.",
])
def test_a_licence_beside_the_people_pictured_is_no_rights_claim(body: str) -> None:
    assert alone(mail(body, "DiF")) != "removal/rights"


def test_a_journalist_asking_how_readers_get_out_is_no_access_request() -> None:
    """"Lettori" (readers) are other people, and "uscirne" (get out of it) a stop: the
    procedure the press asks after is an opt-out's, for others."""
    body = ("Buongiorno, per un servizio che andrà online sabato vorrei sentire la vostra "
            "versione. Molti lettori ci scrivono chiedendo se sono dentro il dataset e cosa "
            "possono fare: esiste una procedura ufficiale per chi vuole uscirne?")
    assert alone(mail(body, "Intervista - raccolta di volti IBM")) != "access"


# A reminder whose own words ask for nothing the rules answer is read by the writer's
# own earlier mail to us that it quotes (classify.REMINDER): its kind is that mail's,
# and it is held for a person, never answered.

EARLIER_ACCESS = ("Dear DiF team, I am a master's student at the University of Porto and "
                  "would like to request access to the Diversity in Faces dataset for my "
                  "thesis on age estimation. Could you send me the questionnaire?")
EARLIER_OPT_OUT = ("Hello, my photos are on Flickr (flickr.com/photos/annex). Please remove "
                   "every photo of me from Diversity in Faces. I do not want my face in it.")
NUDGE = "Sorry to insist - it has been three weeks and I have not received any answer.\n\n"


def outlook(text: str, sender: str = "Ann Example <ann@example.net>", to: str = OWN) -> str:
    return (f"-----Original Message-----\nFrom: {sender}\nSent: Monday, 3 February 2020 "
            f"10:02\nTo: {to}\nSubject: Request\n\n{text}\n")


def gmail(text: str, who: str = "Ann Example <ann@example.net>") -> str:
    quoted = "\n".join(f"> {line}" for line in text.split(". "))
    return f"On Mon, 3 Feb 2020 at 10:02, {who} wrote:\n{quoted}\n"


@pytest.mark.parametrize("below, kind", [
    (outlook(EARLIER_ACCESS), "access"),
    (gmail(EARLIER_ACCESS), "access"),
    (outlook(EARLIER_OPT_OUT), "removal/opt_out"),
    (gmail(EARLIER_OPT_OUT), "removal/opt_out"),
])
def test_a_reminder_takes_the_kind_of_its_own_quoted_request_held(below: str, kind: str) -> None:
    got = classified(mail(NUDGE + below, "Fw: Request"))
    assert (categories.label(got.category, got.subtype), got.held) == (kind, classify.REMINDER)
    assert "held for a person" in RULES.explain(mail(NUDGE + below, "Fw: Request")).why


@pytest.mark.parametrize("below", [
    # Someone else's mail, quoted: not the writer's own request.
    outlook(EARLIER_OPT_OUT, sender="Bob Other <bob@example.com>"),
    gmail(EARLIER_ACCESS, who="Bob Other <bob@example.com>"),
])
def test_a_reminder_above_another_person_s_mail_takes_nothing_from_it(below: str) -> None:
    got = classified(mail(NUDGE + below, "Fw: Request"))
    assert (got.category, got.held) == (Category.UNKNOWN, ""), got


def test_without_reminder_words_a_quote_of_one_s_own_request_decides_nothing() -> None:
    own = ("Our lab moves to a new building next month, so my phone number and office "
           "will change from the first of March.\n\n")
    got = classified(mail(own + outlook(EARLIER_OPT_OUT), "Fw: Request"))
    assert (got.category, got.held) == (Category.UNKNOWN, ""), got


@pytest.mark.parametrize("body", [
    "I'm a wedding photographer; my work is on Flickr under CC BY. I chose that licence "
    "myself and I'm not bothered about the copyright side of it. What bothers me is that "
    "the guests never imagined their faces would be measured. Please remove every photo "
    "from my account from Diversity in Faces.",
    "Soy fotógrafo de bodas y subí mis reportajes a Flickr con licencia CC BY. Lo de la "
    "licencia no me preocupa; lo que me preocupa es la gente que sale. Os pido que retiréis "
    "de Diversity in Faces todas las fotos de mi cuenta.",
])
def test_a_photographer_not_bothered_by_the_licence_objects_for_the_guests(body: str) -> None:
    assert alone(mail(body, "DiF")) == "removal/opt_out"


def test_german_zu_infinitives_of_taking_out_are_deletes() -> None:
    body = ("Mein Vater hat Familienfotos auf Flickr veröffentlicht (https://www.flickr.com/"
            "photos/rolfmaier_fotos/). Als Erbe bitte ich Sie, alle Bilder aus seinem Konto "
            "aus Ihrem Datensatz herauszunehmen.")
    assert alone(mail(body, "Fotos meines verstorbenen Vaters")) == "removal/opt_out"


def test_a_reservation_under_german_copyright_law_is_no_opt_out() -> None:
    """"Nutzungsvorbehalt nach § 44b UrhG" is the author's reservation against text and
    data mining, "freigegeben" a licence never given: a rights claim (by the rules alone
    too close to call against its "remove my pictures", so a person decides)."""
    body = ("Ich habe meine Fotos nie für KI- oder Machine-Learning-Zwecke freigegeben. Auf "
            "meinem Flickr-Profil (flickr.com/photos/jalbrecht_pics) steht ein ausdrücklicher "
            "Nutzungsvorbehalt nach § 44b Abs. 3 UrhG. Entfernen Sie meine Bilder aus Ihrem "
            "Gesichtsdatensatz.")
    assert alone(mail(body, "Nutzungsvorbehalt – keine Freigabe für KI")) != "removal/opt_out"


def test_a_photographer_who_asks_no_removal_makes_no_rights_claim() -> None:
    body = ("Photographe amateur, j'ai placé mes photos de rue sous licence Creative Commons "
            "pour qu'elles circulent : je n'ai donc pas d'objection de principe. J'aimerais "
            "savoir lesquelles ont été intégrées à Diversity in Faces. Pourriez-vous m'envoyer "
            "la liste des URL provenant de flickr.com/photos/plebrun_streets ? Je ne demande "
            "aucun retrait.")
    assert alone(mail(body, "Quelles photos de mon compte avez-vous retenues ?")) != (
        "removal/rights")


def test_who_allowed_you_and_a_bare_demand_is_no_inquiry() -> None:
    body = ("Wie heeft jullie toestemming gegeven om mijn gezicht te gebruiken?? Haal het er NU "
            "uit. Mijn flickr heet gerdakok_1965.")
    assert alone(mail(body, "SCHANDALIG")) != "removal/inquiry"


def test_if_so_delete_them_i_do_not_like_it_is_an_opt_out() -> None:
    """"Non mi va" is the writer's objection, not a negated delete."""
    body = ("Volevo sapere se le foto del mio profilo flickr (www.flickr.com/photos/irenecosta/) "
            "sono dentro il vostro dataset di facce. Nel caso ci siano per favore cancellatele "
            "tutte, non mi va proprio.")
    assert alone(mail(body, "Le mie foto sono nel dataset?")) == "removal/opt_out"


def test_which_labels_were_assigned_to_me_is_an_inquiry() -> None:
    body = ("I'm pretty sure a few of my selfies from 2011 are in Diversity in Faces (my Flickr "
            "is naomif). Before I decide anything I'd like to understand what you hold: which "
            "labels did your system assign to me? Age? Gender?")
    assert alone(mail(body, "What exactly do you store about my face?")) == "removal/inquiry"


@pytest.mark.parametrize("body, subject", [
    ("Hi, I'm away for the Christmas holidays and will be back on Monday 6 January. I won't "
     "be checking my e-mail in the meantime. Your message has not been forwarded.", "Re: DiF"),
    ("Estou em licença-maternidade até 15/05/2022 e não estou acompanhando os e-mails neste "
     "período. Assuntos do laboratório: falar com o Prof. Ricardo Lemes.", "Re: DiF"),
    ("Ik ben momenteel met zwangerschapsverlof en lees mijn e-mail niet. Uw e-mail wordt niet "
     "automatisch doorgestuurd.", "Re: DiF"),
])
def test_an_out_of_office_without_headers_is_automatic_by_its_words(body: str,
                                                                     subject: str) -> None:
    """"Licença" is leave here, not a licence: no rights claim from a maternity leave."""
    assert kind(mail(body, subject)) == "auto"


@pytest.mark.parametrize("body", [
    "I chose that licence myself: CC BY-NC, precisely so that companies like IBM cannot use "
    "my photos. Remove my photos from the DiF dataset.",
    "La licencia me da igual: soy el autor de estas fotos y nunca autoricé a IBM a usarlas. "
    "Quiten mis fotos del dataset DiF.",
])
def test_a_licence_asserted_is_no_licence_disclaimed(body: str) -> None:
    """"I chose that licence myself" asserts the licence as often as it disclaims a
    complaint (the ninth review): it is no `not_licence` phrase."""
    assert alone(mail(body, "DiF")) != "removal/opt_out"
