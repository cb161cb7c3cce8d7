"""The function words that tell the seven languages apart, for `language.detect`.

Frequent short words, written as prose-like strings; each language's set is used as
it is (no stemming), so inflected forms are listed where they matter. Words that are
as frequent in a language we do not read are left out, or `language.is_foreign` would
take that language for ours: Czech "si", Polish "ci", Romanian "noi", "voi" and "ai",
German "alle" are not Italian's here.
"""

from __future__ import annotations

from difbot.understand.words import word_set

FUNCTION_WORDS: dict[str, frozenset[str]] = {
    "en": word_set(
        "the and is are was were of to that it we our you have has not with for this be "
        "been my please would will i from which on at by an they their there what any "
        "can could should do does did also but hello hi dear thanks regards confirm both"),
    "de": word_set(
        "der die das und ist nicht ich wir sie mit den dem ein eine einen einem zu von für "
        "auf auch haben hat wurde wurden sind bitte unser unsere uns dass es im bei oder "
        "noch mein meine wie aus sehr nach kein keine ihr ihre wird werden hallo guten tag "
        "grüße vielen dank bestätige beides bin ob nur diesem dieser diese aber mir mich "
        "wenn danke schon"),
    "fr": word_set(
        "le la les et est nous vous je des une un du pour dans que qui pas ne avec sur au "
        "aux notre nos été avons ce cette mais ou mon ma mes par être à ont sont votre vos "
        "il elle aucun aucune ces bonjour merci cordialement madame monsieur confirme "
        "deux moi"),
    "es": word_set(
        "el los las y es que de no con por para una un del al hemos nuestro nuestra su "
        "como lo se este esta pero muy mi sido está ha le sus ningún ninguna nadie gracias "
        "estos estas yo usted aquí mis también hay están eran hola saludos buenos días "
        "atentamente confirmo ambas"),
    "it": word_set(
        "il lo gli e è di che non per con una un della del delle dei nel nella alla "
        "abbiamo sono stato stata nostro nostra mio mia questo questa ma anche da ho ad "
        "sua suo loro nessun nessuna nessuno grazie buongiorno ciao saluti cordiali gentile "
        "confermo entrambe entrambi mie miei senza sul sulla dalla nei nelle degli agli "
        "quale quali perché vostro vostra vostri vostre vorrei potete posso siamo più già "
        "tutti tutte ancora molto essere avere io cosa dopo ogni questi queste hanno ha "
        "come solo"),
    "nl": word_set(
        "de het een en is niet van ik wij we met voor op te dat die zijn heeft hebben ons "
        "onze mijn ook aan bij naar werd wordt graag geen maar deze dit er u uw zij beste "
        "hallo groet groeten bedankt geachte bevestig beide jullie"),
    "pt": word_set(
        "o os as a e é de do da dos das que não com para um uma em no na nos foi temos "
        "nosso nossa meu minha mas como pelo pela ao foram está são seu sua nenhum "
        "nenhuma obrigado obrigada você aqui meus minhas também estão seguem há às num "
        "numa olá bom obrigado cumprimentos atenciosamente confirmo ambas vocês eu isso "
        "esse essa já muito muita pra até sobre desde mais ou ele ela porque quando onde "
        "pelos pelas tenho tem por nesse nessa neste nesta nisso nisto vc vcs"),
}
