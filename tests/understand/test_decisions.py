"""How concept rules decide: what may answer, what goes to a person, and why.

The tuning set is a regression guard here, not a quality figure (that is `make eval` on
the frozen evaluation set): the rules were tuned on it, so a wrong automatic answer
on it is a rule change that broke something.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from difbot.understand import categories, classify, opinion
from difbot.understand.categories import Category, Subtype
from tests.testing import corpus, labelled_runs, paths
from tests.testing.decisions import ALONE, ANSWERED, OWN, RULES, alone, classified, kind, mail


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


@labelled_runs.reads_whole_sets
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
