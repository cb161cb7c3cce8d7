"""The words a reply accepting the terms of use is read with, in the seven languages.

Kept apart from the reading logic in `acceptance` so that a missing word is added here,
in one table per language, without touching how a reply is judged. Everything is
written as `stems.fold` leaves a text: lower case, without accents ("terminos",
"condicoes", "grusse"), so that a reply typed without its accents reads the same.

Two kinds of table. Content words and phrases (accepting verbs, the nouns for the
terms, conditions, hedges, refusals, the subjects of the terms) are distinctive and are
looked for in every language: the caller's language may be wrong for a short reply, and
mail mixes languages. Short function words (negations, conjunctions, "yes", "if") collide
across languages ("no" is "in the" in Portuguese, "ma" is "my" in French, "ja" is
"already" in Portuguese, "als" is "as" in Dutch), so only the reply's own languages use
theirs.
"""

from __future__ import annotations

from difbot.understand.words import word_set

# --- phrases rewritten before anything is read ------------------------------------
# (pattern, replacement). Phrases that hold a negation or an "if" but say neither a
# refusal nor a condition ("non-commercial", "without reservation", "no problem", "if
# you need anything else"), and two-word forms read as one word ("d'accord").
REWRITES: tuple[tuple[str, str], ...] = (
    (r"\bthank you\b", "thanks"),
    (r"\bo\.?k\.?(?!\w)|\bokay\b|\boke\b", "ok"),
    (r"\bd'? ?accordo\b|\bdaccordo\b", " daccordo "),
    (r"\bd'? ?accord\b", " daccord "),
    (r"\bde acuerdo\b", " deacuerdo "),
    (r"\bde acordo\b", " deacordo "),
    (r"\b(?:all|alle|tous les|toutes les|todos los|todas las|todos os|todas as|tutti i|"
     r"tutte le) (?:of the )?(?:4|four|vier|quatre|cuatro|quattro|quatro)\b", " all "),
    # Neither a negation nor a condition.
    (r"\bnon[- ]?commerci\w*|\bnicht[- ]?kommerziell\w*|\bno[- ]comercial\w*|"
     r"\bniet[- ]commerci\w*|\bnao[- ]comercia\w*", " noncommercial "),
    (r"\bnon[- ]?profit\b|\bnot[- ]for[- ]profit\b|\bsin (?:animo|fines) de lucro\b|"
     r"\bsenza (?:scopo|fini) di lucro\b|\bsans but lucratif\b|\bsem fins lucrativos\b|"
     r"\bzonder winstoogmerk\b", " nonprofit "),
    (r"\b(?:without|with no) (?:any )?(?:reservations?|conditions?|exceptions?|"
     r"restrictions?|objections?|hesitation|limitations?|question|doubt)\b|"
     r"\bohne (?:jede |jegliche |irgendwelche )?(?:einschrankung|vorbehalt|bedingung|ausnahme|"
     r"frage|zweifel)\w*|"
     r"\bsans (?:aucune )?(?:reserve|condition|exception|restriction|hesitation)s?\b|"
     r"\bsin (?:ninguna |ningun )?(?:reserva|condicion|excepcion|restriccion|duda)(?:es|s)?\b|"
     r"\bsenza (?:alcuna |alcun )?(?:riserv|condizion|eccezion|restrizion|dubbi)[aeio]\b|"
     r"\bzonder (?:enig |enige )?(?:voorbehoud|voorwaarden|uitzondering|beperking|twijfel)\w*|"
     r"\bsem (?:qualquer |nenhuma )?(?:reserva|ressalva|condic|excec|restric|duvida)\w*", " "),
    (r"\bno problem\b|\bnot a problem\b|\bkein problem\b|\bpas de (?:probleme|souci)\b|"
     r"\bsin problema\b|\bnessun problema\b|\bgeen probleem\b|\bsem problema\b", " "),
    (r"\bno (?:further |more |other )?(?:questions|objections?)\b|\bkeine (?:weiteren )?"
     r"(?:fragen|einwande)\b|\bpas d'autres questions\b|\baucune objection\b|"
     r"\bninguna objecion\b|\bnessuna obiezione\b|\bgeen (?:verdere )?(?:vragen|bezwaar)\b|"
     r"\bnenhuma objecao\b", " "),
    (r"\b(?:do not|please do not) hesitate to\b|\bne hesitez pas a\b|\bno dude en\b|"
     r"\bnon esit(?:i|ate) a\b|\baarzel niet om\b|\bnao hesite em\b|"
     r"\bzogern sie nicht\b", " "),
    (r"\b(?:let me know |contact me )?if you (?:need|require|have) (?:any ?)?(?:further |more |"
     r"additional |other )?(?:anything|something|questions|information|info|details|"
     r"documents)(?: (?:else|further|more))?(?: from (?:me|us))?\b|"
     r"\bfalls sie (?:noch )?(?:fragen|weitere informationen)\b|"
     r"\bsi vous avez (?:besoin|des questions)\b|\bsi (?:necesita|tiene)n? (?:algo|alguna|"
     r"cualquier)\b|\bse (?:avete|ha) bisogno\b|\bals u (?:nog )?(?:vragen|iets nodig) heeft\b|"
     r"\bse (?:precisar|tiver) de (?:algo|mais)\b", " "),
    # "Confermo di accettare": the infinitive after "I confirm" is a first-person accepting.
    (r"\bconferm(?:o|iamo) di accettare\b", "confermo accetto"),
    (r"\bconfirm(?:o|amos) aceptar\b", "confirmo acepto"),
    (r"\bconfirm(?:o|amos) aceitar\b", "confirmo aceito"),
    (r"\bconfirm(?:e|ons) accepter\b", "confirme accepte"),
    # "I would like to confirm that I accept": the accepting words are what follows.
    (r"\b(?:would like|wish|want) to (?=(?:hereby )?confirm\b)|\b(?:am|are) writing to "
     r"(?=confirm\b)|\b(?:mochten?|moechten?|wollen|will)\b(?= (?:\w+ ){0,2}bestatigen\b)|"
     r"\b(?:voudrais|voudrions|souhaite|souhaitons|tiens a|tenons a)\b(?= (?:\w+ ){0,2}"
     r"confirmer\b)|\b(?:quisiera|quisieramos|quiero|queremos|deseo|deseamos|me gustaria)\b"
     r"(?= (?:\w+ ){0,2}confirmar\b)|\b(?:vorrei|vorremmo|desidero|desideriamo|tengo a)\b"
     r"(?= (?:\w+ ){0,2}confermare\b)|\b(?:wil|willen|zou)\b(?= (?:\w+ ){0,2}bevestigen\b)|"
     r"\b(?:gostaria de|gostariamos de|venho|vimos|quero|queremos)\b(?= (?:\w+ ){0,3}"
     r"confirmar\b)", " "),
)

# --- accepting ----------------------------------------------------------------------
# Words that accept by themselves, said by the writer: first-person verbs, participles,
# "agreed", "einverstanden". An accepting clause holds one of them and otherwise only
# CLEAN words and the nouns of TERMS (the logic checks that).
ACCEPT = {
    "en": word_set("accept agree accepted agreed consent acceptance"),
    "de": word_set("akzeptiere akzeptieren akzeptiert einverstanden stimme stimmen "
                   "zustimmung einverstandnis"),
    "fr": word_set("accepte acceptons acceptee acceptees acceptes acceptation daccord consens"),
    "es": word_set("acepto aceptamos aceptado aceptada aceptados aceptadas aceptacion "
                   "deacuerdo"),
    "it": word_set("accetto accettiamo accettato accettata accettati accettate accettazione "
                   "daccordo acconsento"),
    "nl": word_set("accepteer accepteren geaccepteerd aanvaard aanvaarden aanvaarding akkoord "
                   "stem stemmen"),
    "pt": word_set("aceito aceitamos aceitei aceitos aceitacao concordo concordamos deacordo"),
}
# Any form of accepting, agreeing or refusing to: negated, it is a refusal.
ACCEPT_FAMILY = (
    r"accept\w*|agree\w*|disagree\w*|consent\w*|akzeptier\w*|einverstanden|zustimm\w*|"
    r"stimme|stimmen|daccord|acept\w*|deacuerdo|accett\w*|daccordo|acconsent\w*|akkoord|"
    r"aanvaard\w*|instem\w*|stem|aceit\w*|concord\w*|deacordo"
)
# The terms of use, by name or as "the above".
TERMS = (
    r"terms?|conditions?|rules|requirements|obligations|restrictions|licen[cs]e|above|"
    r"\w*bedingung(?:en)?|regeln|auflagen|vorgaben|\w*lizenz\w*|obigen|oben|"
    r"termes|regles|clauses|modalites|dessus|"
    r"terminos?|condiciones|condicion|normas|reglas|clausulas|licencia|anteriores|"
    r"termini|condizioni|regole|clausole|licenza|sopra|suddett[ie]|"
    r"\w*voorwaarden?|regels|bepalingen|licentie|bovenstaande|"
    r"termos?|condicoes|regras|licenca|acima"
)
# Words an accepting clause may hold besides its accepting word and the terms: subjects,
# articles, "hereby", "have read and", "confirm that", the dataset's name.
CLEAN = {
    "en": word_set(
        "i we our my hereby herewith hence therefore thus also both fully formally explicitly "
        "expressly gladly happily happy glad pleased to the these those this that them it all "
        "every each everything of use usage with and above stated listed outlined described "
        "mentioned set out in have has read understood understand carefully do confirm "
        "confirmed completely entirely absolutely certainly definitely indeed wholeheartedly "
        "unconditionally now am are is abide comply by thanks dif diversity faces dataset data "
        "yes ok sure accordingly your"),
    "de": word_set(
        "ich wir hiermit hiemit bestatige bestatigen bestaetige bestaetigen dass das die der "
        "den dem des diese diesen dieser dieses alle allen samtliche samtlichen sie habe "
        "haben hab gelesen verstanden und voll vollstandig vollumfanglich uneingeschrankt "
        "vorbehaltlos gerne gern ausdrucklich mit ihren ihre ihrer genannten obigen "
        "aufgefuhrten bin sind damit hierzu dazu zu ebenfalls auch nutzung datensatz "
        "datensatzes danke ja"),
    "fr": word_set(
        "je j nous par presente confirme confirmons confirmer que qu les la le l ces cette "
        "vos votre toutes tous tout ai avons lu compris et pleinement entierement totalement "
        "bien volontiers suis sommes avec de des du ci mentionnees enoncees utilisation "
        "donnees jeu merci oui"),
    "es": word_set(
        "yo nosotros por la presente confirmo confirmamos confirmar que los las el estos "
        "estas sus su todos todas todo he hemos leido entendido comprendido y e plenamente "
        "totalmente estoy estamos de con del uso datos conjunto mencionados mencionadas "
        "expresamente gracias si"),
    "it": word_set(
        "io noi con la presente confermo confermiamo confermare che i gli le il l lo questi "
        "queste tutti tutte tutto ho abbiamo letto compreso capito e ed pienamente "
        "integralmente sono siamo d di dei delle del degli uso dati dataset indicati indicate "
        "espressamente grazie"),
    "nl": word_set(
        "ik wij we hierbij bevestig bevestigen dat de het deze alle uw heb hebben gelezen "
        "begrepen en volledig ga gaan te met ermee daarmee hiermee mee in gebruik gegevens "
        "dataset genoemde graag dank bedankt ja"),
    "pt": word_set(
        "eu nos por este meio confirmo confirmamos confirmar que os as o a estes estas seus "
        "suas todos todas tudo li lemos lido compreendi entendi e plenamente totalmente "
        "integralmente estou estamos de com do da dos das uso utilizacao dados conjunto "
        "referidos mencionados tenho temos obrigado obrigada sim"),
}
# Clean only after the accepting word: "akzeptiere sie" is "accept them", "Sie
# akzeptieren" is "you accept".
OBJECT_ONLY = word_set("sie")
# Words that end an accepting clause: "Accetto tranne il punto 3" accepts, with an
# exception (read in CONDITIONS); the short ones of the own languages end one too.
CLAUSE_ENDS = word_set(
    "but however unless except provided if although aber jedoch sofern solange vorausgesetzt "
    "ausser ausgenommen wenn falls sauf excepte hormis pourvu cependant toutefois pero salvo "
    "excepto aunque tranne eccetto purche tuttavia maar mits tenzij behalve indien echter "
    "exceto porem contudo embora")
# A bare "yes": accepting only in a short reply that says nothing else.
YES = {
    "en": word_set("yes yep yeah ok sure"),
    "de": word_set("ja jawohl ok klar gerne"),
    "fr": word_set("oui ok entendu"),
    "es": word_set("si vale ok claro yes"),  # "yes": a "sí" with its accent (see the logic)
    "it": word_set("si ok certo certamente yes"),
    "nl": word_set("ja ok prima"),
    "pt": word_set("sim ok claro certo"),
}
# A bare "no": refusing in a short reply.
NO = {
    "en": word_set("no nope"), "de": word_set("nein"), "fr": word_set("non"),
    "es": word_set("no"), "it": word_set("no"), "nl": word_set("nee neen"),
    "pt": word_set("nao"),
}

# The other half of the tables: words/acceptance_doubts.py.
from difbot.understand.words.acceptance_doubts import (  # noqa: E402, F401
    ADVERSATIVES,
    ADVERSATIVES_OWN,
    AMBIGUOUS_NEGATIONS,
    COMPLEMENTIZERS,
    CONDITIONS,
    CONDITIONS_OWN,
    CONJUNCTIONS,
    COURTESY,
    COURTESY_PHRASES,
    DECLINES,
    GREETINGS,
    HEDGES,
    LEADS,
    NEEDS_SUBJECT,
    NEGATIONS,
    NOT_NAMES,
    NOT_YET,
    PARTIAL,
    PROXIES,
    QUESTION_STARTS,
    QUESTIONS,
    RETRACTIONS,
    SUBJECTS,
    TAIL,
    TIMES,
    TOPICS,
    TOTALITY,
    VERB_TAIL,
)

# English contractions and French elision, undone before a reply is read.
CONTRACTIONS = (
    (r"\bcan't\b|\bcannot\b", "can not"),
    (r"\bwon't\b", "will not"),
    (r"\bshan't\b", "shall not"),
    (r"(\w)n't\b", r"\1 not"),
    (r"\b(i|we|you|they)'m\b", r"\1 am"),
    (r"\b(i|we|you|they)'re\b", r"\1 are"),
    (r"\b(i|we|you|they)'ve\b", r"\1 have"),
    (r"\b(i|we|you|they)'d\b", r"\1 would"),
    (r"\b(i|we|you|they)'ll\b", r"\1 will"),
    (r"\bn'", "non "),  # French elision: n'accepte -> non accepte
)

