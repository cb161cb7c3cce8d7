"""Review 78 (126 adversarial mails on review 77's fixes and round 78) found no new wrong
automatic action; it found that a thanks above a forwarded request ("Thanks!" above a
sister's "I want them deleted") set the request aside (a forward's thread is read again
below a thanks: `boilerplate._forwards`); that the author's not-free rule also fired on an
owner's question about a price (never in a question or beside a fee, and only where the
mail speaks of photos); and that Portuguese "se estão lá" was too generic a membership
question ("se os ficheiros do DiF ainda se estão lá disponíveis")."""

from __future__ import annotations

from tests.testing.decisions import RULES, concepts_of, kinds, mail


def test_thanks_above_a_forwarded_request_reads_the_request() -> None:
    body = ("Thanks!\n\n---------- Forwarded message ---------\nFrom: Laura Marsh "
            "<laura.marsh@example.net>\nDate: Sun, 6 Dec 2026 at 21:04\nSubject: my photos in "
            "DiF\nTo: Tom Marsh <tom.marsh@example.net>\n\nTom, can you send this to the IBM "
            "people? I found three photos of me from my Flickr\naccount in the Diversity in Faces "
            "dataset and I want them deleted. I never agreed to\nthis. My Flickr user is lmarsh.\n")
    assert kinds(mail(body, "Fwd: my photos in DiF")) == ("removal/opt_out", "removal/opt_out")


def test_an_owner_asking_a_price_is_no_authors_claim() -> None:
    body = ("Goedendag,\n\nik ben eigenaar van een klein mediabedrijf. Klopt het dat de "
            "DiF-dataset niet gratis is? Wat kost een licentie?\n\nBram Jansen\n")
    assert "removal-c-author-not-free" not in RULES.classify(mail(body, "Vraag over DiF")).rules


def test_se_estao_la_is_no_membership_question() -> None:
    text = "queria saber se os ficheiros do DiF ainda se estão lá disponíveis"
    assert "am_i" not in concepts_of(text, "pt")
