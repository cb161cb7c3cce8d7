"""The words that keep a reply from being a clear acceptance of the terms of use:
negations, conditions, hedges, questions, refusals, what the terms are about, partial
answers, retractions, proxies and times, and the courtesies a short reply may hold.
Part of `words.acceptance` (which re-exports every name), kept apart for size."""

from __future__ import annotations

from difbot.understand.words import word_set

# --- not a clear acceptance -----------------------------------------------------------
# Negations; also "unable", "impossible": the accepting word next to one is a refusal.
NEGATIONS = {
    "en": word_set("not never no none nobody nothing neither nor noone nowhere unable "
                   "unwilling impossible"),
    "de": word_set("nicht nie niemals kein keine keinen keinem keiner keines niemand nichts "
                   "weder unmoglich keineswegs keinesfalls nimmer"),
    "fr": word_set("ne non pas jamais aucun aucune ni rien nullement impossible guere "
                   "aucunement"),
    "es": word_set("no nunca jamas ningun ninguna ninguno nadie ni tampoco nada imposible"),
    "it": word_set("non mai nessun nessuno nessuna ne niente nulla neanche neppure nemmeno "
                   "impossibile affatto"),
    "nl": word_set("niet nooit geen niemand noch niets nergens onmogelijk geenszins "
                   "allerminst"),
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
          r"condition|clause|point)|\binstead\b|\brather than\b|\bwith one change\b|"
          r"\bwithout\b|\bminus\b|\bsans\b|\bbar (?:one|two|the|clause|term|point|section)\b|"
          r"\bexclud\w*|\baside\b|\bleaving out\b|\bbesides\b",
    "de": r"\bohne\b|\bbis auf\b|\bausgeschlossen\b|"
          r"\bwenn\b|\bfalls\b|\bsofern\b|\bsolange\b|\bvorausgesetzt\b|\bunter der "
          r"(?:bedingung|voraussetzung)\b|\bvorbehalt\w*|\bes sei denn\b|\bausser\b|"
          r"\bausgenommen\b|\bausnahme\b|\babgesehen von\b|\b(?:ab)?anderung\w*|\bandern\b|"
          r"\banpassung\w*|\banstatt\b|\bstatt (?:der|des|dem|den)\b",
    "fr": r"\bsans\b|\bexclu\w*|\bhors\b|\ba part\b|"
          r"\ba condition\b|\bpourvu que?\b|\btant que?\b|\bsous reserve\b|\breserves?\b|"
          r"\bsauf\b|\bexcepte\b|\bhormis\b|\bexception\b|\ba moins (?:que?|d)\b|"
          r"\bdans la mesure ou\b|\bmodifi\w*|\bau lieu\b|\bplutot que?\b",
    "es": r"\bsin\b|\bmenos\b|\bexclu\w*|\baparte de\b|"
          r"\bsiempre (?:que|y cuando)\b|\bcon la condicion\b|\ba condicion\b|\bcon tal de\b|"
          r"\bmientras\b|\bsalvo\b|\bexcepto\b|\bexcepcion\b|\ba menos que\b|\breservas?\b|"
          r"\bmodifica\w*|\bcambios?\b|\ben (?:lugar|vez) de\b",
    "it": r"\bsenza\b|\bmeno\b|\bescluso\b|\besclus\w*|\ba parte\b|"
          r"\bpurche\b|\ba condizione\b|\ba patto che\b|\bfinche\b|\btranne\b|\beccetto\b|"
          r"\beccezione\b|\ba meno che\b|\briserv[ae]\b|\bmodific\w*|\binvece di\b|\banziche\b",
    "nl": r"\bzonder\b|\bmin\b|\buitgesloten\b|"
          r"\bmits\b|\bop voorwaarde\b|\bzolang\b|\btenzij\b|\bbehalve\b|\buitzondering\b|"
          r"\buitgezonderd\b|\bindien\b|\bvoorbehoud\b|\bwijzig\w*|\baanpass\w*|"
          r"\bin plaats van\b",
    "pt": r"\bsem\b|\bmenos\b|\bexclu\w*|\bexceto\b|"
          r"\bdesde que\b|\bcontanto que\b|\bcom a condicao\b|\bsob condicao\b|"
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


# --- never an unconditional acceptance, wherever they stand in a reply -----------------
# Jokes, sarcasm, taking back, refusing idioms: "just kidding", "over my dead body".
RETRACTIONS = {
    "en": r"\bjust kidding\b|\bkidding\b|\bjoking\b|\bjk\b|\bjoke\b|\bscratch that\b|"
          r"\bsecond thoughts?\b|\bforget (?:it|that|about it)\b|\bnever ?mind\b|"
          r"\bignore (?:this|that|my|the)\b|\bdisregard\b|\byeah,? right\b|\bas if\b|"
          r"\bpigs (?:fly|might fly)\b|\bdead body\b|\bin your dreams\b|\bin my dreams\b|"
          r"\bno way\b|\bnot really\b|\bnot at all\b|\bby no means\b|\bin no way\b|"
          r"\bon no account\b|\bunder no circumstances?\b|\bsarcas\w*|\blol\b|\blmao\b|"
          r"\bhaha\w*|\bpsych\b|\bsike\b|\btake (?:it|that) back\b|\bretract\w*|"
          r"\bwithdraw\w*|\brevok\w*|\bcancel\w*|\bundo\b|\bactually\b|\bwait\b|"
          r"\breluctant\w*|\bunder (?:protest|duress)\b|\bgrudging\w*",
    "de": r"\bscherz\w*|\bspass\b|\bwitz\b|\bauf keinen fall\b|\bkeineswegs\b|"
          r"\bkeinesfalls\b|\bganz und gar nicht\b|\bvergiss (?:es|das)\b|"
          r"\bvergessen sie (?:es|das)\b|\bwiderruf\w*|\bzuruckgezogen\b|\bvon wegen\b|"
          r"\bja klar\b|\bnur im traum\b|\bueber meine leiche\b|\buber meine leiche\b|"
          r"\bignorier\w*|\bunter protest\b|\bwiderwillig\w*",
    "fr": r"\bje plaisante\b|\bplaisant\w*|\bblague\w*|\brigol\w*|\bpas du tout\b|"
          r"\ben aucun cas\b|\bjamais de la vie\b|\bsur mon cadavre\b|\boubliez\b|"
          r"\boublie (?:ca|cela)\b|\bretire\b|\bannule\w*|\bc'est ca\b|\bmon oeil\b|"
          r"\bignorez\b|\ba contrecoeur\b|\bsous la contrainte\b",
    "es": r"\bes broma\b|\bbroma\w*|\bbromea\w*|\bde ninguna manera\b|\bde ningun modo\b|"
          r"\ben absoluto\b|\bni de broma\b|\bni hablar\b|\bolvidalo\b|\bolvide\w*|"
          r"\bretiro\b|\banul\w*|\bsi claro\b|\bsobre mi cadaver\b|\bignore\w*|"
          r"\ba reganadientes\b",
    "it": r"\bscherz\w*|\bper niente\b|\bin nessun caso\b|\bneanche per sogno\b|"
          r"\bassolutamente no\b|\blascia perdere\b|\blasciate perdere\b|\bdimentica\w*|"
          r"\britiro\b|\bannull\w*|\bsul mio cadavere\b|\bignora\w*|\bcontrovoglia\b",
    "nl": r"\bgrap\w*|\bgeintje\b|\bgeenszins\b|\bhelemaal niet\b|\bin geen geval\b|"
          r"\bvergeet (?:het|dat|dit)\b|\blaat maar\b|\bintrekken\b|\btrek\w* in\b|"
          r"\bover mijn lijk\b|\bnegeer\w*|\bmet tegenzin\b|\bja hoor\b",
    "pt": r"\bbrincadeira\b|\bbrincando\b|\bpiada\b|\bde modo (?:algum|nenhum)\b|"
          r"\bde jeito nenhum\b|\bde forma alguma\b|\bnem pensar\b|\besquec\w*|"
          r"\bretiro\b|\bcancel\w*|\bsobre o meu cadaver\b|\bignore\w*|"
          r"\bcontragosto\b",
}
# Someone else's acceptance, a forwarded or automatic message: not the writer's own.
PROXIES = {
    "en": r"\bon behalf\b|\bin place of\b|\binstead of\b|\bin the name of\b|"
          r"\b(?:said|says|wrote|writes|told|tells)\b|\bforwarded\b|\bforwarding\b|\bfwd?\b|"
          r"\bautomatic reply\b|\bauto-?reply\b|\bauto-?generated\b|\bout of (?:the )?office\b|"
          r"\bon leave\b|\bsigned\b|\bassistant\b|\bsecretary\b|\bfor my (?:colleague|"
          r"supervisor|boss|student|pi|professor|advisor|team|lab|company|employer)\b|"
          r"\b(?:my|our|his|her|their) (?:supervisor|boss|pi|professor|advisor|colleague|"
          r"student|lawyer|manager|director)\b",
    "de": r"\bim namen\b|\bim auftrag\b|\banstelle\b|\bvertretung\b|\bschrieb\b|"
          r"\bschreibt\b|\bsagte\b|\bsagt\b|\bweitergeleitet\w*|\babwesenheit\w*|"
          r"\bautomatische antwort\b|\bfur (?:meinen|meine|unseren|unsere) \w+",
    "fr": r"\bau nom de\b|\bde la part de\b|\ba la place de\b|\ba ecrit\b|\ba dit\b|"
          r"\btransfer\w*|\babsen\w*|\breponse automatique\b|\bpour (?:mon|ma|notre|nos) \w+",
    "es": r"\ben nombre de\b|\ben representacion de\b|\ben lugar de\b|\bescribio\b|"
          r"\bdijo\b|\breenvi\w*|\bfuera de la oficina\b|\brespuesta automatica\b|"
          r"\bpara (?:mi|nuestro|nuestra) (?:colega|jefe|jefa|director|directora|empresa)\b",
    "it": r"\bper conto\b|\ba nome di\b|\bal posto di\b|\bha scritto\b|\bscrive\b|"
          r"\bha detto\b|\binoltrat\w*|\bfuori ufficio\b|\brisposta automatica\b|"
          r"\bper (?:il mio|la mia) \w+",
    "nl": r"\bnamens\b|\bin naam van\b|\bin plaats van\b|\bschreef\b|\bzei\b|"
          r"\bdoorgestuurd\w*|\bafwezig\w*|\bautomatisch antwoord\b|\bvoor mijn \w+",
    "pt": r"\bem nome d\w*|\bem representacao\b|\bno lugar de\b|\bescreveu\b|\bdisse\b|"
          r"\bencaminhad\w*|\bfora do escritorio\b|\bresposta automatica\b|"
          r"\bpara (?:o meu|a minha|meu|minha) \w+",
}
# Accepting at another time, or only for a time: "tomorrow", "until 2030", "bis Ende 2027".
TIMES = {
    "en": r"\btomorrow\b|\blater\b|\beventually\b|\bsomeday\b|\bsome ?time\b|\bsoon\b|"
          r"\buntil\b|\btill\b|\bafter\b|\bbefore\b|\bnext (?:week|month|year|time)\b|"
          r"\bfrom now\b|\bfrom next\b|\bstarting\b|\bwhen\b|\bwhenever\b|\btemporar\w*|"
          r"\bfor (?:a|one|two|three|six|\d+) (?:days?|weeks?|months?|years?)\b|"
          r"\bfor (?:a|one) (?:while|year)\b|\bonly\b|\bsolely\b|\bexclusively\b",
    "de": r"\bmorgen\b|\bspater\b|\birgendwann\b|\bbald\b|\bbis\b|\bnach\b|\bab\b|"
          r"\bnachste\w*|\bvorubergehend\b|\bbefristet\b|\bnur\b|\bwann\b|\bsobald\b",
    "fr": r"\bdemain\b|\bplus tard\b|\bun jour\b|\bbientot\b|\bjusqu\w*|\bapres\b|"
          r"\bprochaine?\b|\btemporaire\w*|\bseulement\b|\buniquement\b|\bquand\b",
    "es": r"\bmanana\b|\bmas tarde\b|\balgun dia\b|\bpronto\b|\bhasta\b|\bdespues\b|"
          r"\bproxim[oa]\b|\btemporal\w*|\bsolo\b|\bsolamente\b|\bunicamente\b|\bcuando\b",
    "it": r"\bdomani\b|\bpiu tardi\b|\bun giorno\b|\bpresto\b|\bfino\b|\bdopo\b|"
          r"\bprossim[oa]\b|\btemporanea\w*|\bsolo\b|\bsoltanto\b|\bunicamente\b|"
          r"\bquando\b",
    "nl": r"\bmorgen\b|\blater\b|\bbinnenkort\b|\booit\b|\btot\b|\bvolgende\b|"
          r"\btijdelijk\w*|\balleen\b|\buitsluitend\b|\bwanneer\b",
    "pt": r"\bamanha\b|\bmais tarde\b|\bum dia\b|\bem breve\b|\bate\b|\bdepois\b|"
          r"\bproxim[oa]\b|\btemporari\w*|\bsomente\b|\bapenas\b|\bquando\b",
}
# A sentence that opens as a question, question mark or not ("Do I accept the terms",
# "Kann ich", "Est-ce que"): matched at the start of a sentence or fragment, own languages.
QUESTION_STARTS = {
    "en": r"(?:do|does|did|is|are|am|was|were|can|could|may|might|must|shall|should|will|"
          r"would|have|has|had|need)\s+(?:i|we|you|they|it|there|he|she|this|that|my|our|the|"
          r"these|those)\b|(?:how|what|when|where|why|who|whom|whose|which)\b",
    "de": r"(?:kann|konnen|darf|durfen|muss|mussen|soll|sollen|ist|sind|gibt|habe|haben|wird|"
          r"werden|mochten|brauche|brauchen|akzeptiere|akzeptieren|stimme|stimmen|bin)\s+"
          r"(?:ich|wir|sie|es|man|du|ihr)\b|(?:wie|was|wann|wo|wohin|warum|wieso|weshalb|wer|"
          r"welche\w*|wozu)\b",
    "fr": r"est[- ]ce\b|(?:comment|pourquoi|quand|quel\w*|qui|combien|ou)\b|"
          r"\w+-(?:je|nous|vous|il|elle|ils|elles|on|t-il|t-elle)\b|y a[- ]t[- ]il\b",
    "es": r"(?:como|que|cuando|donde|por que|quien|quienes|cual|cuales|cuanto\w*|puedo|"
          r"podemos|puede|pueden|debo|debemos|hay|tengo|tenemos)\b",
    "it": r"(?:come|cosa|che cosa|quando|dove|perche|chi|quale|quali|quanto\w*|posso|possiamo|"
          r"devo|dobbiamo|devono|c e|ci sono)\b",
    "nl": r"(?:hoe|wat|wanneer|waar|waarom|wie|welke)\b|(?:kan|kunnen|mag|mogen|moet|moeten|is|"
          r"zijn|heb|hebben|ga|gaan|ben)\s+(?:ik|we|wij|u|jullie|het|er|dit|dat|je)\b",
    "pt": r"(?:como|o que|quando|onde|por que|porque|quem|qual|quais|quanto\w*|posso|podemos|"
          r"devo|devemos|ha|tenho|temos)\b",
}
# A verb that only introduces the accepting words: "I confirm that", "par la présente".
LEADS = word_set(
    "confirm confirmed hereby herewith bestatige bestatigen bestaetige bestaetigen hiermit "
    "confirme confirmons presente confirmo confirmamos confermo confermiamo bevestig "
    "bevestigen hierbij meio")
# What may follow the terms in an accepting clause: "of use", the dataset's name, a verb
# or particle a German or Dutch clause ends with. Nothing else: "the terms of Flickr",
# "the terms I sent you", "the terms tomorrow" are not the dataset's terms, now.
TAIL = word_set(
    "of use usage the this these dif diversity in faces ibm dataset data set for above "
    "stated listed mentioned them it all fully completely entirely unconditionally hereby "
    "herewith too also "
    "der des dem den die nutzung datensatzes datensatz zu sie alle vollstandig hiermit auch "
    "ebenfalls voll uneingeschrankt bin sind habe haben damit "
    "d de du des la le les utilisation donnees jeu "
    "del los las el uso datos conjunto "
    "di dei della delle dati "
    "het van gebruik ga gaan mee in ermee "
    "do da dos das utilizacao dados")
# Words after a bare "I accept" ("I accept it", "Ich stimme zu"): nothing else.
VERB_TAIL = word_set(
    "it them this all everything fully completely entirely too also hereby "
    "sie es alles zu voll vollstandig hiermit auch ebenfalls "
    "tout pleinement totalement todo plenamente totalmente tutto pienamente "
    "het alles mee ermee in volledig tudo")
# Accepting words that, in English, need "I" or "we" before them: "Accept the terms" is
# an instruction (or a quotation of ours), not the writer accepting.
NEEDS_SUBJECT = word_set("accept agree consent")
SUBJECTS = word_set("i we")
# Courtesy said as a whole fragment or sentence: thanks, greetings, closing formulas.
COURTESY_PHRASES = (
    r"(?:many |a lot of )?thanks?(?: you)?(?: (?:very|so) much| a lot| again| in advance)?"
    r"(?: (?:for|for the|for your) (?:(?:quick |fast |kind )?(?:reply|response|answer|help|"
    r"support|time|approval|access)|approving (?:our|my|the) (?:request|application)|"
    r"granting (?:us |me )?(?:the )?access|the (?:data|dataset|access)))?|"
    r"(?:i|we) (?:very much |really )?look forward to (?:working with|using|receiving) "
    r"(?:the|your) (?:data|dataset|data set)|have a (?:nice|good|great) (?:day|week|weekend)|"
    r"(?:best|kind|warm|warmest|kindest)(?: regards| wishes)?|regards|sincerely|"
    r"yours(?: sincerely| faithfully| truly)?|cheers|all the best|"
    r"sent from my (?:iphone|ipad|phone|mobile|android|samsung|galaxy|smartphone)(?: \w+)?|"
    r"(?:vielen |herzlichen |besten )?dank(?:e)?(?: schon| sehr)?(?: fur (?:die|ihre) "
    r"(?:freigabe|genehmigung|zusage|antwort|muhe|hilfe))?|"
    r"(?:mit )?(?:freundlichen|besten|viele|liebe|herzliche|schone) grusse?n?|lg|mfg|"
    r"merci(?: beaucoup| bien)?(?: (?:pour|de) (?:votre|la) (?:reponse|validation|"
    r"approbation|aide))?|(?:bien )?cordialement|bien a vous|(?:sinceres )?salutations"
    r"(?: distinguees)?|bonne (?:journee|soiree)|"
    r"(?:muchas )?gracias(?: de antemano)?|(?:un )?saludos?(?: cordiales)?|atentamente|"
    r"cordialmente|grazie(?: mille)?|(?:cordiali|distinti) saluti|saluti|"
    r"(?:hartelijk )?(?:dank|bedankt)(?: u wel)?|(?:met )?vriendelijke groet(?:en)?|groet(?:en)?|"
    r"(?:muito )?obrigad[oa]|(?:melhores )?cumprimentos|atenciosamente|abracos?"
)
# Capitalised words that are never a name in a signature line.
NOT_NAMES = word_set(
    "wait later tomorrow joke kidding just psych sike lol jk haha sarcasm actually sorry "
    "cancel stop reject rejected declined never nope nah scherz spass witz plaisante blague "
    "broma scherzo grapje brincadeira piada automatic reply auto out office fwd fw re "
    "forwarded message original sent from ps nb note")
