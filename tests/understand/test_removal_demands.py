"""A removal demand that goes on "and do not use them again" is still a removal demand:
the "not" of "et de ne pas les réintégrer", "er verder niets meer mee te doen", "e que não
voltem a constar" belongs to a phrase that says stop (a `!` phrase), and negates no
deletion. Each case fails with the rules before."""

from __future__ import annotations

import pytest

from tests.testing.decisions import kinds
from tests.testing.inbound_mail import message


@pytest.mark.parametrize("body", [
    pytest.param("Je ne sais pas si certaines de mes photos Flickr (id 61234987@N08) figurent "
                 "dans votre collection DiF ; si c'est le cas, je vous prie de les supprimer "
                 "toutes, et de ne pas les réintégrer dans une prochaine version.",
                 id="fr-ne-pas-les-reintegrer"),
    pytest.param("Gelieve alle foto's waarop ik sta uit \"Diversity in Faces\" te verwijderen en "
                 "er verder niets meer mee te doen. "
                 "https://www.flickr.com/photos/griet_v/7150023387/",
                 id="nl-niets-meer-mee-te-doen"),
    pytest.param("Não sei se alguma das minhas fotos do Flickr (38112945@N02) está no DiF; "
                 "caso estejam, peço que sejam retiradas todas e que não voltem a constar de "
                 "versões futuras.", id="pt-nao-voltem-a-constar"),
])
def test_delete_and_never_use_again_is_an_opt_out(body: str) -> None:
    assert set(kinds(message(body, "fotos"))) == {"removal/opt_out"}

