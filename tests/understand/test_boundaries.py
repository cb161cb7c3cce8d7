"""Where the removal subtypes meet: a photographer content with the licence claims no
rights; "any other image of my account" speaks of no other people; "remove it, the age
field" removes no photo. Each was a wrong automatic answer on fresh mail (round 25)."""

from __future__ import annotations

from dataclasses import replace

from difbot.understand import classify
from tests.testing.inbound_mail import kind, message

RULES = classify.load()
ALONE = replace(RULES, second=None)


def answers(body: str, subject: str) -> tuple[str, str]:
    """The answer with the second opinion and by the rules alone."""
    msg = message(body, subject)
    return kind(RULES, msg), kind(ALONE, msg)


def test_a_photographer_content_with_the_licence_asking_which_claims_no_rights() -> None:
    body = ("Bonjour,\n\nJ'ai lu un article dans Le Soir sur la base de données d'IBM. Je "
            "suis photographe du\ndimanche et j'ai mis des milliers de photos sur Flickr sous "
            "licence libre, je n'ai aucun\nproblème avec ça, au contraire.\n\nPar simple "
            "curiosité, pouvez-vous me dire combien de photos de mon compte (pseudo :\n"
            "thibault_r_bxl) ont été reprises, et lesquelles ? Je ne demande rien d'autre, "
            "surtout pas\nde les retirer.\n\nBien à vous,\nThibault\n")
    assert "removal/rights" not in answers(
        body, "Suis-je dans votre base ? (question, pas une plainte)")


def test_all_rights_reserved_then_remove_them_is_no_opt_out() -> None:
    body = ("Bonjour,\n\nJ'ai repassé toutes mes photos Flickr en « Tous droits réservés » en "
            "2013, bien avant la constitution de votre jeu de données. Pourtant, au moins ces "
            "deux photos s'y trouvent :\nhttps://www.flickr.com/photos/sarahb/4122098761/\n\n"
            "Au moment où vous les avez collectées, aucune licence libre ne s'appliquait. Je "
            "vous demande de les retirer, ainsi que toute autre image de mon compte.\n\n"
            "Sarah Benoît\nPhotographe portraitiste")
    assert "removal/opt_out" not in answers(body, "Retrait de mes images")


def test_remove_it_the_age_field_removes_no_photo() -> None:
    body = ("Buongiorno, mi ha girato il link mia cugina che lavora all'università e mi ha\n"
            "mostrato i dati della mia foto del matrimonio di mio fratello\n"
            "(flickr.com/photos/robicatta/3124599876). Età stimata 55! Ne avevo 36, ho pure i\n"
            "documenti. Va bene essere dentro la vostra raccolta, ci ho riso anche su, ma il\n"
            "numero va sistemato: mettete quello vero o toglietelo proprio, il campo età.\n"
            "Le foto le lascio volentieri.\n\nSaluti\nRoberta C.\n")
    assert "removal/opt_out" not in answers(body, "Re: ma davvero 55 anni??")


def test_a_photographer_who_says_no_removal_is_asked_claims_no_rights() -> None:
    body = ("Hola qué tal,\n\nSoy fotógrafo aficionado en Guadalajara y tengo muchos "
            "autorretratos en Flickr con licencia CC (tomasherrera_gdl). Me gustaría saber si "
            "alguno quedó en su colección Diversity in Faces y cuántos. Aclaro que no estoy "
            "pidiendo que los quiten, me parece bien que se usen para investigación.\n\nTomás")
    assert "removal/rights" not in answers(body, "Solo una consulta, no quiero borrar nada")
