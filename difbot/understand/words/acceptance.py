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

# --- not a clear acceptance -----------------------------------------------------------
# Negations; also "unable", "impossible": the accepting word next to one is a refusal.
NEGATIONS = {
    "en": word_set("not never no none nobody nothing neither nor noone nowhere unable "
                   "unwilling impossible"),
    "de": word_set("nicht nie niemals kein keine keinen keinem keiner keines niemand nichts "
                   "weder unmoglich"),
    "fr": word_set("ne non pas jamais aucun aucune ni rien nullement impossible"),
    "es": word_set("no nunca jamas ningun ninguna ninguno nadie ni tampoco nada imposible"),
    "it": word_set("non mai nessun nessuno nessuna ne niente nulla neanche neppure nemmeno "
                   "impossibile"),
    "nl": word_set("niet nooit geen niemand noch niets nergens onmogelijk"),
    "pt": word_set("nao nunca jamais nenhum nenhuma ninguem nem nada impossivel"),
}
# Negations that are ordinary words in another language: counted for their own only.
AMBIGUOUS_NEGATIONS = word_set("no ne mai noch")
# After a negation, a partial refusal ("not all of them") or a not-yet ("not yet").
TOTALITY = word_set("all fully completely entirely alle vollstandig ganz tous toutes tout "
                    "entierement totalement todos todas completamente totalmente tutti tutte "
                    "pienamente integralmente volledig helemaal")
NOT_YET = word_set("yet noch encore todavia ancora nog ainda")
CONJUNCTIONS = {
    "en": word_set("and or"), "de": word_set("und oder sowie"), "fr": word_set("et ou"),
    "es": word_set("y e o u"), "it": word_set("e ed o oppure"), "nl": word_set("en of"),
    "pt": word_set("e ou"),
}
# A refusal's clause ends here: "I accept that we cannot share it" refuses nothing.
COMPLEMENTIZERS = word_set("that dass que qu che dat")

# Conditions, exceptions, reservations, changes to a term.
CONDITIONS = {
    "en": r"\bif\b|\bunless\b|\bprovid(?:ed|ing) (?:that|we|i|you|it|the)\b|\bas long as\b|"
          r"\bso long as\b|\bon (?:the )?condition\b|\bsubject to\b|\bexcept\w*|\bexcluding\b|"
          r"\bother than\b|\bapart from\b|\baside from\b|\bsave for\b|\bexception\b|"
          r"\bassuming\b|\bon the understanding\b|\breservations?\b|\bcaveats?\b|"
          r"\bamend\w*|\bmodif\w*|\b(?:change|adjust|alter)\w* (?:to |of )?(?:the |term|"
          r"condition|clause|point)|\binstead\b|\brather than\b|\bwith one change\b",
    "de": r"\bwenn\b|\bfalls\b|\bsofern\b|\bsolange\b|\bvorausgesetzt\b|\bunter der "
          r"(?:bedingung|voraussetzung)\b|\bvorbehalt\w*|\bes sei denn\b|\bausser\b|"
          r"\bausgenommen\b|\bausnahme\b|\babgesehen von\b|\b(?:ab)?anderung\w*|\bandern\b|"
          r"\banpassung\w*|\banstatt\b|\bstatt (?:der|des|dem|den)\b",
    "fr": r"\ba condition\b|\bpourvu que?\b|\btant que?\b|\bsous reserve\b|\breserves?\b|"
          r"\bsauf\b|\bexcepte\b|\bhormis\b|\bexception\b|\ba moins (?:que?|d)\b|"
          r"\bdans la mesure ou\b|\bmodifi\w*|\bau lieu\b|\bplutot que?\b",
    "es": r"\bsiempre (?:que|y cuando)\b|\bcon la condicion\b|\ba condicion\b|\bcon tal de\b|"
          r"\bmientras\b|\bsalvo\b|\bexcepto\b|\bexcepcion\b|\ba menos que\b|\breservas?\b|"
          r"\bmodifica\w*|\bcambios?\b|\ben (?:lugar|vez) de\b",
    "it": r"\bpurche\b|\ba condizione\b|\ba patto che\b|\bfinche\b|\btranne\b|\beccetto\b|"
          r"\beccezione\b|\ba meno che\b|\briserv[ae]\b|\bmodific\w*|\binvece di\b|\banziche\b",
    "nl": r"\bmits\b|\bop voorwaarde\b|\bzolang\b|\btenzij\b|\bbehalve\b|\buitzondering\b|"
          r"\buitgezonderd\b|\bindien\b|\bvoorbehoud\b|\bwijzig\w*|\baanpass\w*|"
          r"\bin plaats van\b",
    "pt": r"\bdesde que\b|\bcontanto que\b|\bcom a condicao\b|\bsob condicao\b|"
          r"\bna condicao\b|\bexceto\b|\bexcecao\b|\ba menos que\b|"
          r"\ba nao ser que\b|\bressalvas?\b|\bmodificac\w*|\balterac\w*|\balterar\b|"
          r"\bem vez de\b|\bao inves de\b",
}
# Short conditional words, read for the reply's own languages, and only where they do
# not stand alone ("Si, acepto" is a "sí" typed without its accent).
CONDITIONS_OWN = {
    "en": word_set("if"), "de": word_set("wenn falls"), "fr": word_set("si"),
    "es": word_set("si"), "it": word_set("se"), "nl": word_set("als"),
    "pt": word_set("se"),
}
# "But", "however": a reservation follows.
ADVERSATIVES = {
    "en": r"\bbut\b|\bhowever\b|\balthough\b|\bthough\b|\bnevertheless\b",
    "de": r"\baber\b|\bjedoch\b|\ballerdings\b|\bobwohl\b|\bsondern\b",
    "fr": r"\bcependant\b|\btoutefois\b|\bpourtant\b|\bneanmoins\b|\bbien que\b",
    "es": r"\bpero\b|\bsin embargo\b|\baunque\b|\bno obstante\b",
    "it": r"\bpero\b|\btuttavia\b|\bsebbene\b|\banche se\b",
    "nl": r"\bmaar\b|\bechter\b|\bhoewel\b",
    "pt": r"\bporem\b|\bcontudo\b|\btodavia\b|\bno entanto\b|\bembora\b",
}
ADVERSATIVES_OWN = {
    "en": frozenset(), "de": frozenset(), "fr": word_set("mais"), "es": frozenset(),
    "it": word_set("ma"), "nl": frozenset(), "pt": word_set("mas"),
}
# Hedges, and accepting later or not by oneself: "I think", "once", "will accept".
HEDGES = {
    "en": r"\b(?:i|we) (?:think|believe|guess|suppose|assume|presume|hope|expect|feel)\b|"
          r"\bprobabl[ey]\b|\bmaybe\b|\bperhaps\b|\bpossibly\b|\blikely\b|\bin principle\b|"
          r"\bbasically\b|\btentative\w*|\bprovisional\w*|\bpreliminar\w*|"
          r"\bfor (?:now|the time being|the moment)\b|\bat (?:this|the) (?:point|moment)\b|"
          r"\bonce\b|\bas soon as\b|\bpending\b|\bhopefully\b|\bunsure\b|"
          r"\b(?:will|shall|would|could|might|may|should|must|going to|plan to|intend to|"
          r"want to|wish to|need to|have to|willing to|ready to|able to|about to) (?:\w+ )?"
          r"(?:accept|agree|sign)\b|\bcheck(?:ing)? with\b|\bconsult\w*|\bget back to\b|"
          r"\bshould be (?:fine|ok)\b|\b(?:kind|sort) of\b|\bmore or less\b|\bsomewhat\b|"
          r"\bmostly\b|\blargely\b|\bgenerally\b|\bin general\b|\bbroadly\b",
    "de": r"\b(?:ich|wir) (?:denke|glaube|vermute|hoffe|nehme an|denken|glauben|vermuten|"
          r"hoffen)\b|\bwahrscheinlich\b|\bvermutlich\b|\bvielleicht\b|\beventuell\b|"
          r"\bmoglicherweise\b|\bhoffentlich\b|\bgrundsatzlich\b|\bim prinzip\b|\bvorerst\b|"
          r"\bvorlaufig\b|\bsobald\b|\bnicht sicher\b|\b(?:werde|werden|wurde|wurden|konnte|"
          r"konnten|mochte|mochten|muss|mussen|will|wollen)\b[^.;!?]{0,60}\b(?:akzeptieren|"
          r"zustimmen|annehmen)\b|\brucksprache\b|\bklaren\b|\bim grossen und ganzen\b|"
          r"\bweitgehend\b|\bgrosstenteils\b|\bim allgemeinen\b|\bin etwa\b",
    "fr": r"\bje (?:pense|crois|suppose|presume|crains|espere)\b|\bnous (?:pensons|croyons|"
          r"supposons|esperons)\b|\bprobablement\b|\bpeut[- ]etre\b|\bsans doute\b|"
          r"\ben principe\b|\bpour (?:l'?instant|le moment)\b|\bprovisoirement\b|\bdes que\b|"
          r"\bune fois que\b|\bpas (?:sur|certain)e?s?\b|\baccepter(?:ai|ons|ais|ions|ait)\b|"
          r"\b(?:vais|allons|voudrais|pourrais|pourrions|devrais|devrions|dois|devons|"
          r"souhaite|souhaitons|prete?s?)\b[^.;!?]{0,40}\baccepter\b|\bconsulter\b|"
          r"\bplus ou moins\b|\ben gros\b|\bglobalement\b|\bdans l'ensemble\b|"
          r"\ben general\b",
    "es": r"\b(?:creo|creemos|pienso|supongo|suponemos|espero|esperamos)\b|"
          r"\bprobablemente\b|\bquizas?\b|\btal vez\b|\ba lo mejor\b|\ben principio\b|"
          r"\bpor (?:ahora|el momento)\b|\bde momento\b|\bprovisional\w*|\buna vez que\b|"
          r"\ben cuanto\b|\btan pronto como\b|\bno estoy segur[oa]\b|\baceptar(?:e|emos|ia|"
          r"iamos)\b|\b(?:voy|vamos|quiero|queremos|quisiera|podria|podriamos|debo|debemos|"
          r"tengo que|tenemos que)\b[^.;!?]{0,40}\baceptar\b|\bconsultar\b|"
          r"\bmas o menos\b|\ben general\b|\bmayormente\b|\ben gran parte\b",
    "it": r"\b(?:penso|pensiamo|credo|crediamo|suppongo|spero|speriamo)\b|"
          r"\bprobabilmente\b|\bforse\b|\bin linea di (?:principio|massima)\b|"
          r"\bin principio\b|\bper (?:ora|il momento|adesso)\b|\bprovvisoriamente\b|"
          r"\buna volta che\b|\bnon appena\b|\bnon sono sicur[oa]\b|\baccetter(?:o|emo|ei|"
          r"emmo)\b|\b(?:vorrei|vorremmo|potrei|potremmo|devo|dobbiamo|voglio|vogliamo)\b"
          r"[^.;!?]{0,40}\baccettare\b|\bconsultar\w*|\bpiu o meno\b|\bin generale\b|"
          r"\bgrosso modo\b|\bin gran parte\b",
    "nl": r"\bik (?:denk|geloof|veronderstel|hoop|neem aan)\b|\b(?:wij|we) (?:denken|hopen)\b|"
          r"\bwaarschijnlijk\b|\bmisschien\b|\bwellicht\b|\bmogelijk\b|\bin principe\b|"
          r"\bvoorlopig\b|\bvoor nu\b|\bzodra\b|\bniet zeker\b|\b(?:zal|zullen|zou|zouden|"
          r"ga|gaan|gaat|wil|willen|moet|moeten|kan|kunnen)\b[^.;!?]{0,40}\b(?:accepteren|"
          r"aanvaarden|instemmen)\b|\b(?:zal|zullen|zou|zouden) (?:\w+ ){0,4}akkoord\b|"
          r"\boverleggen\b|\bnavragen\b|\bmin of meer\b|\bgrotendeels\b|"
          r"\bin het algemeen\b|\bglobaal\b",
    "pt": r"\b(?:acho|achamos|creio|acredito|penso|suponho|espero|esperamos)\b|"
          r"\bprovavelmente\b|\btalvez\b|\bem principio\b|\bpor (?:agora|enquanto|ora)\b|"
          r"\bprovisoriamente\b|\bassim que\b|\buma vez que\b|\blogo que\b|"
          r"\bnao (?:tenho|estou) (?:a )?cert\w*|\bnao estou segur[oa]\b|\baceitar(?:ei|emos|"
          r"ia|iamos)\b|\b(?:vou|vamos|quero|queremos|gostaria|poderia|podemos|devo|devemos|"
          r"tenho de|tenho que|temos de|temos que)\b[^.;!?]{0,40}\baceitar\b|\bconsultar\b|"
          r"\bmais ou menos\b|\bem geral\b|\bde modo geral\b|\bem grande parte\b",
}
# Questions asked without a question mark.
QUESTIONS = {
    "en": r"\bi (?:was )?wonder\w*|\blet (?:me|us) know (?:if|whether|how|when|what)\b|"
          r"\b(?:could|can|would|will) you\b|\bis (?:it|there) (?:possible|a way|ok|allowed|"
          r"permitted)\b|\b(?:am|are) (?:i|we) allowed\b|\bplease (?:clarify|advise|explain)\b|"
          r"\bquestions?\b|\bclarif\w*|\bwhether\b",
    "de": r"\b(?:ich frage mich|wir fragen uns)\b|\b(?:konnten|konnen|wurden) sie\b|"
          r"\bist es (?:moglich|erlaubt|in ordnung)\b|\bdurfen wir\b|\bklarung\b|\bfragen?\b|"
          r"\bob\b",
    "fr": r"\bje me demande\b|\bnous nous demandons\b|\bpourri(?:ez|ons)[- ]vous\b|"
          r"\bpouvez[- ]vous\b|\best[- ]il possible\b|\bquestions?\b|\bsavoir si\b|"
          r"\bprecision\w*",
    "es": r"\bme pregunto\b|\bnos preguntamos\b|\bpodrian?\b|\bes posible\b|\bpregunta\w*|"
          r"\bdudas?\b|\bsaber si\b|\baclar\w*",
    "it": r"\bmi chiedo\b|\bci chiediamo\b|\bpotreste\b|\bpotrebbe\b|\bpotete\b|"
          r"\be possibile\b|\bdomand[ae]\b|\bdubbi\w*|\bsapere se\b|\bchiariment\w*",
    "nl": r"\bik vraag me af\b|\bwij vragen ons af\b|\b(?:kunt|zou|zoudt) u\b|"
          r"\bkunnen jullie\b|\bis het mogelijk\b|\bmogen (?:wij|we)\b|\bvra(?:ag|gen)\b|"
          r"\bweten of\b|\bverduidelijk\w*",
    "pt": r"\bgostaria de saber\b|\bpergunt\w*|\bduvidas?\b|\bpoderi(?:a|am)\b|\bpodem\b|"
          r"\be possivel\b|\bsaber se\b|\besclarec\w*",
}
# Refusals, and no longer wanting the data.
DECLINES = {
    "en": r"\bno longer (?:need|want|require|interested|wish|plan)|\b(?:do|does|did) not "
          r"(?:need|want|require)\b[^.;!?]{0,40}\b(?:anymore|any more|any longer)\b|"
          r"\bnot interested\b|\bnot (?:be )?(?:proceeding|pursuing)\b|"
          r"\b(?:withdraw|cancel|retract)(?:s|ing)? (?:my|our|the|this) (?:request|"
          r"application)\b|\bdecided? (?:not to|against)\b|\bno,? thanks\b|"
          r"\b(?:decline|reject|refuse)(?: to (?:accept|agree(?: to)?|sign))?(?: (?:the|these|"
          r"your|them|it|this|those))?(?: (?:terms|conditions|offer))?(?: of use)?\s*"
          r"(?:[.,;!]|$)",
    "de": r"\b(?:brauche|brauchen|benotige|benotigen)\b[^.;!?]{0,40}\bnicht mehr\b|"
          r"\bkein(?:en)? (?:bedarf|interesse)\b|\b(?:ziehe|ziehen)\b[^.;!?]{0,40}\bzuruck\b|"
          r"\blehnen?\b[^.;!?]{0,40}\bab\b|\bablehn\w*|\bnicht mehr (?:notig|erforderlich|benotigt|"
          r"interessiert)\b|\bnein,? danke\b",
    "fr": r"\bplus besoin\b|\bplus interesse\w*|\bpas interesse\w*|\bje refuse\b|"
          r"\bnous refusons\b|\b(?:retire|retirons|annule|annulons) (?:ma|notre|la) demande\b|"
          r"\bnon,? merci\b|\bdecide de ne pas\b",
    "es": r"\bya no (?:necesit|requer|nos interesa|me interesa|quier)|\bno necesit\w* "
          r"(?:mas|ya)\b|\bno (?:me|nos) interesa\b|\brechaz(?:o|amos)\b|\b(?:retiro|"
          r"retiramos|cancelo|cancelamos) (?:mi|nuestra|la) solicitud\b|\bno,? gracias\b|"
          r"\bdecidido no\b",
    "it": r"\bnon (?:ho|abbiamo|mi|ci) (?:piu )?bisogno\b|\bnon (?:mi|ci) serv\w* piu\b|"
          r"\bnon (?:mi|ci) interess|\brifiut(?:o|iamo)\b|\b(?:ritiro|ritiriamo|annullo|"
          r"annulliamo) (?:la|mia|nostra) (?:mia |nostra )?richiesta\b|\bno,? grazie\b|"
          r"\bdeciso di non\b",
    "nl": r"\bniet meer nodig\b|\bgeen (?:interesse|behoefte)\b|\bweiger\w*|"
          r"\b(?:trek|trekken) (?:mijn|onze|de) aanvraag in\b|\bnee,? (?:dank|bedankt)|"
          r"\bbesloten (?:om )?(?:niet|af te zien)\b|\bzien? af\b",
    "pt": r"\bja nao (?:precis|necessit|tenho interesse|temos interesse|quer)|\bnao "
          r"(?:precis|necessit)\w* mais\b|\bnao (?:tenho|temos) (?:mais )?interesse\b|"
          r"\b(?:recuso|recusamos|rejeito|rejeitamos)\b|\b(?:retiro|retiramos|cancelo|"
          r"cancelamos) (?:o|a|meu|nosso|minha|nossa) (?:meu |nosso )?(?:pedido|solicitacao)\b|"
          r"\bnao,? obrigad[oa]\b|\bdesist\w*",
}
# What the terms are about: a reply that talks of sharing, commercial use, identifying
# people or keeping copies says more than "I accept", and a person reads it.
TOPICS = {
    "en": r"\bshar(?:e|es|ed|ing)\b|\bpartners?\b|\bthird[- ]?part|\bcollaborat\w*|"
          r"\bcolleagues?\b|\bcommercial\w*|\bcompan(?:y|ies)\b|\bstart-?ups?\b|\bproducts?\b|"
          r"\bcustomers?\b|\bclients?\b|\bsell\w*|\bsold\b|\bmonetiz\w*|\bprofit\b|"
          r"\b(?:re-?)?identif\w*|\bde-?anonymi\w*|\bbackups?\b|\barchiv\w*|\bretain\w*",
    "de": r"\bteil(?:en|e|t)\b|\bgeteilt\b|\bweiter(?:gegeben|geben|gabe|zugeben)\b|"
          r"\bpartner\w*|\bdritte\w*|\bkooperation\w*|\bkolleg\w*|\bkommerziell\w*|\bfirm\w*|"
          r"\bunternehmen\b|\bprodukt\w*|\bkunde\w*|\bverkauf\w*|\bidentifizier\w*|"
          r"\bsicherungskopie\w*",
    "fr": r"\bpartag\w*|\bpartenaire\w*|\btiers\b|\bcollabor\w*|\bcollegue\w*|"
          r"\bcommercia\w*|\bentreprise\w*|\bsociete\w*|\bproduit\w*|\bvend(?:re|u|ue|us|ues|"
          r"ons|ez)\b|\bidentifi\w*|\bsauvegarde\w*",
    "es": r"\bcompart\w*|\bsocios?\b|\bterceros?\b|\bcolabor\w*|\bcolegas?\b|\bcomercia\w*|"
          r"\bempresas?\b|\bproductos?\b|\bclientes?\b|\bvend(?:er|emos|o|ido|ida)\b|"
          r"\bidentific\w*|\bcopias? de seguridad\b",
    "it": r"\bcondivi\w*|\bterz[io]\b|\bcollabora\w*|\bcolleg(?:a|he|hi)\b|\bcommercia\w*|"
          r"\baziend\w*|\bsociet\w*|\bprodott\w*|\bvend(?:ere|iamo|uto|uta)\b|\bidentific\w*",
    "nl": r"\bdel(?:en|t)\b|\bgedeeld\b|\bderde\w*|\bsamenwerk\w*|\bcollega\w*|"
          r"\bcommercie\w*|\bbedrijf\w*|\bklant\w*|\bverko\w*|\bidentificer\w*",
    "pt": r"\bpartilh\w*|\bcompartilh\w*|\bparceir\w*|\bterceir\w*|\bcolabor\w*|\bcoleg\w*|"
          r"\bcomercia\w*|\bempresas?\b|\bprodutos?\b|\bclientes?\b|\bvend(?:er|emos|ido|ida)\b|"
          r"\bidentific\w*|\bcopias? de seguranca\b",
}
# Some of the terms, not all: "terms 1-3", "the first two", "partially".
PARTIAL = (
    r"\b\d\b|\b(?:first|second|third|fourth|last|some|most|part|partly|partially|partial|"
    r"certain|several|majority|erste\w*|zweite\w*|dritte\w*|vierte\w*|letzte\w*|einige\w*|"
    r"manche\w*|meisten|teil|teile|teilweise|bestimmte\w*|premiere?s?|deuxieme|troisieme|"
    r"quatrieme|derniere?s?|quelques|certaine?s?|plupart|partie|partiellement|primer[oa]?s?|"
    r"segund[oa]s?|tercer[oa]?s?|cuart[oa]s?|ultim[oa]s?|algun[oa]?s?|mayoria|parte|"
    r"parcialmente|ciert[oa]s|prim[oaie]|second[oaie]|terz[oaie]|quart[oaie]|alcun[ei]|"
    r"maggior\w*|parzialmente|cert[ie]|eerste|tweede|derde|vierde|laatste|sommige|enkele|"
    r"meeste|deel|gedeeltelijk|bepaalde|primeir[oa]s?|terceir[oa]s?|algum|alguns|algumas|maioria|"
    r"cert[oa]s)\b"
)

# --- a short reply's courtesies ---------------------------------------------------------
# What may stand beside a bare "yes": thanks, greetings, closings.
COURTESY = word_set(
    "thanks thank please for very much many lot great perfect wonderful excellent appreciated "
    "best kind regards greetings cheers sincerely "
    "danke vielen dank schonen besten grusse gruss lg viele "
    "merci beaucoup bien cordialement parfait "
    "gracias muchas saludos perfecto genial "
    "grazie mille saluti cordiali perfetto "
    "bedankt hartelijk groeten groet "
    "obrigado obrigada muito cumprimentos perfeito otimo")
GREETINGS = word_set(
    "dear hi hello hey liebe lieber hallo sehr guten bonjour cher chere madame monsieur hola "
    "estimado estimada estimados ciao gentile gentili caro cara salve beste geachte hoi ola "
    "prezado prezada caros bom")
