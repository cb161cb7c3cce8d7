"""The words a withdrawal confirmation is read with, in the seven supported languages.

Kept apart from the reading logic in `confirmation` so that a missing word is added
here, in one table per language, without touching how negation is scoped. Terms
(deleted, shared, kept) are distinctive content words and are looked for in every
language; function words (negations, conjunctions) and markers (hedges, future) are
short and collide across languages ("no" is "in the" in Portuguese, "van" is "go" in
Spanish and "of" in Dutch), so only the reply's own languages use theirs.
"""

from __future__ import annotations

import re

from difbot.understand.words import word_set


def _tokens(pattern: str) -> re.Pattern[str]:
    """A regex that must match one whole token."""
    return re.compile(rf"(?:{pattern})")


# The dataset is gone: participles, past forms and nouns of deleting.
DELETED = _tokens(
    r"delet(?:ed|ion)|destroyed|destruction|erased|removed|wiped|purged|discarded|disposed|"
    r"eliminated|shredded|"
    r"gelöscht|geloescht|löschung|vernichtet|vernichtung|entfernt|zerstört|beseitigt|"
    r"supprimée?s?|suppression|détruite?s?|effacée?s?|éliminée?s?|"
    r"eliminad[oa]s?|borrad[oa]s?|destruid[oa]s?|suprimid[oa]s?|eliminación|destrucción|"
    r"eliminamos|borramos|destruimos|suprimimos|eliminé|borré|destruí|"
    r"cancellat[oaie]|eliminat[oaie]|distrutt[oaie]|rimoss[oaie]|cancellazione|"
    r"eliminazione|distruzione|"
    r"verwijderd|vernietigd|gewist|verwijdering|vernietiging|"
    r"apagad[oa]s?|excluíd[oa]s?|destruíd[oa]s?|removid[oa]s?|deletad[oa]s?|eliminação|"
    r"destruição|apagámos|apagamos|eliminámos|destruímos|excluímos|removemos"
)
# Deleting still to come, or not done: "will delete", "did not delete", "eliminaremos".
DELETE_LATER = _tokens(
    r"delete|destroy|erase|remove|wipe|purge|discard|"
    r"löschen|vernichten|entfernen|zerstören|"
    r"supprimer|détruire|effacer|supprimerons|supprimerai|détruirons|effacerons|"
    r"eliminar|borrar|destruir|suprimir|eliminaremos|borraremos|destruiremos|eliminaré|"
    r"cancellare|eliminare|distruggere|rimuovere|cancelleremo|elimineremo|distruggeremo|"
    r"cancellerò|"
    r"verwijderen|vernietigen|wissen|"
    r"apagar|excluir|remover|apagaremos|eliminaremos|excluiremos|destruiremos|apagarei"
)
# Keeping it: negated ("no copy was kept") it says deleted, affirmed it says not.
KEPT = _tokens(
    r"kept|retained|keep|retain|"
    r"behalten|aufbewahrt|zurückbehalten|"
    r"conservée?s?|gardée?s?|conservons|gardons|"
    r"conservad[oa]s?|guardad[oa]s?|conservamos|guardamos|"
    r"conservat[oaie]|tenut[oaie]|mantenut[oaie]|conserviamo|"
    r"bewaard|behouden|bewaren|gehouden|"
    r"mantid[oa]s?|mantemos"
)
# What "kept" must be about for it to count: the data or a copy of it.
DATA = re.compile(
    r"\bcop(?:y|ies)\b|\bdata(?:set)?\b|\bfiles?\b|\bkopien?\b|\bdaten(?:satz)?\b|\bcopies?\b|"
    r"\bdonnées\b|\bcopias?\b|\bdatos\b|\bconjunto\b|\bdati\b|\bgegevens\b|\bcópias?\b|"
    r"\bdados\b|\bdif\b"
)
# Sharing verbs and nouns that need no recipient to mean "given to someone else".
SHARED_STRONG = _tokens(
    r"shared?|sharing|disclosed?|disclosure|distributed?|distribution|sold|sell|"
    r"transferred|transfer|forwarded|leaked|redistributed?|handed|sublicensed|"
    r"passed|disseminated|"
    r"weitergegeben|weitergabe|weiterzugeben|geteilt|offengelegt|offenlegung|übermittelt|"
    r"übermittlung|verkauft|übertragen|weitergeleitet|verbreitet|überlassen|"
    r"partagée?s?|partage|partager|divulguée?s?|divulgation|divulguer|cédée?s?|cession|"
    r"vendue?s?|distribuée?s?|diffusée?s?|diffusion|transférée?s?|"
    r"compartid[oa]s?|compartir|compartimos|divulgad[oa]s?|divulgar|divulgación|"
    r"cedid[oa]s?|ceder|cesión|vendid[oa]s?|distribuid[oa]s?|"
    r"difundid[oa]s?|transferid[oa]s?|"
    r"condivis[oaie]|condividere|condivisione|divulgat[oaie]|divulgare|divulgazione|"
    r"cedut[oaie]|cedere|cessione|vendut[oaie]|distribuit[oaie]|"
    r"diffus[oaie]|trasferit[oaie]|"
    r"gedeeld|delen|verstrekt|verstrekken|verstrekking|doorgegeven|doorgeven|openbaar|"
    r"verkocht|verspreid|overgedragen|doorgestuurd|"
    r"compartilhad[oa]s?|compartilhar|compartilhamos|compartilhamento|partilhad[oa]s?|"
    r"partilhar|partilhámos|partilhamos|partilha|divulgámos|divulgamos|divulgação|"
    r"cedemos|cedência|distribuíd[oa]s?|repassad[oa]s?|repassamos"
)
# Verbs that mean sharing only with a third party named in the same sentence.
SHARED_WEAK = _tokens(
    r"given|gave|give|sent|provided|received|accessed|access|transmitted|communicated|"
    r"got|gotten|obtained|bekommen|obtenue?s?|obtenid[oa]s?|ottenut[oaie]|gekregen|"
    r"verkregen|obtid[oa]s?|"
    r"available|published|"
    r"veröffentlicht|publiée?s?|publicad[oa]s?|pubblicat[oaie]|gepubliceerd|"
    r"gegeben|geschickt|gesendet|bereitgestellt|zugänglich|zugriff|erhalten|verfügung|"
    r"donnée?|envoyée?s?|fournie?s?|transmise?s?|communiquée?s?|accès|reçue?s?|disposition|"
    r"enviad[oa]s?|proporcionad[oa]s?|facilitad[oa]s?|acceso|recibid[oa]s?|"
    r"comunicad[oa]s?|disposición|"
    r"inviat[oaie]|fornit[oaie]|trasmess[oaie]|comunicat[oaie]|accesso|ricevut[oaie]|"
    r"disposizione|"
    r"gegeven|gestuurd|verzonden|toegang|ontvangen|beschikbaar|beschikking|"
    r"fornecid[oa]s?|facultad[oa]s?|acesso|recebid[oa]s?|disponibilizad[oa]s?"
)
# Someone outside: a recipient that makes a weak verb mean sharing.
THIRD_PARTY = re.compile(
    r"third[- ]part|anyone|anybody|nobody|no one|someone|somebody|\bothers?\b|outside|"
    r"external|partner|collaborat|colleague|compan(?:y|ies)|another|\belse\b|vendor|"
    r"contractor|dritte|niemand|jemand|\banderen?\b|extern|kolleg|firma|unternehmen|"
    r"\btiers\b|personne|quelqu|\bautres?\b|extérieur|partenaire|collègue|entreprise|"
    r"société|tercer|nadie|alguien|\botr[oa]s?\b|socio|colega|empresa|\bterz|nessuno|"
    r"qualcuno|\baltr[ie]\b|estern|collega|aziend|derden|iemand|\bander|bedrijf|terceir|"
    r"ninguém|alguém|\boutr[oa]s?\b|parceir"
)
# "... except our partner", "... only with the co-authors": a recipient after all.
EXCEPTION = re.compile(
    r"\bexcept\b|\bapart from\b|\bother than\b|\bbesides\b|\bonly (?:with|to|by)\b|"
    r"\bexcluding\b|\bwith the exception\b|\bsave for\b|\bbut (?:with|to)\b|"
    r"\baußer\b|\bausgenommen\b|\bnur (?:mit|an|für)\b|\bmit ausnahme\b|\babgesehen von\b|"
    r"\bsauf\b|\bexcepté\b|\bhormis\b|\bà l'exception\b|\b(?:uniquement|seulement) (?:avec|à)\b|"
    r"\bqu'(?:avec|à|au|aux)\b|"
    r"\bexcepto\b|\bsalvo\b|\b(?:solo|sólo|solamente|únicamente) (?:con|a)\b|"
    r"\ba excepción\b|\bmás que con\b|\baparte de\b|"
    r"\btranne\b|\beccetto\b|\b(?:solo|soltanto|unicamente) (?:con|a)\b|\bad eccezione\b|"
    r"\bse non con\b|\bfatta eccezione\b|"
    r"\bbehalve\b|\b(?:alleen|enkel|uitsluitend) (?:met|aan)\b|\bmet uitzondering\b|"
    r"\buitgezonderd\b|"
    r"\bexceto\b|\b(?:apenas|só|somente|unicamente) (?:com|a|ao|aos)\b|\ba não ser\b|"
    r"\bcom exceção\b|\bà exceção\b"
)
# "We no longer have it": gone, said without a deleting verb.
GONE = re.compile(
    r"\bno longer (?:have|has|hold|holds|possess|keep|store|retain)\b|"
    r"\b(?:do|does|did) not (?:have|hold|possess|keep|store|retain)\b.{0,40}"
    r"\b(?:anymore|any more|any longer)\b|\bno cop(?:y|ies) (?:remain|exist|is left|are left)|"
    r"\bnicht mehr (?:im besitz|vorhanden|gespeichert|verfügbar)\b|"
    r"\b(?:haben|besitzen|hat|besitzt)\b.{0,40}\bnicht mehr\b|\bkeine kopien? mehr\b|"
    r"\bne (?:l |les |la )?(?:avons|possédons|détenons|disposons|conservons|gardons|ai) plus\b|"
    r"\bplus aucune? copie|"
    r"\bya no (?:lo |la |los |las )?(?:tenemos|tengo|conservamos|guardamos|disponemos|"
    r"poseemos)\b|"
    r"\bnon (?:lo |la |li |le |ne )?(?:abbiamo|possediamo|conserviamo|ho) più\b|"
    r"\bnon (?:è|sono) più in (?:nostro|mio) possesso\b|"
    r"\bniet meer in (?:ons|mijn) bezit\b|\b(?:hebben|bezitten|heb)\b.{0,40}\bniet meer\b|"
    r"\bjá não (?:o |a |os |as )?(?:temos|tenho|possuímos|guardamos)\b|"
    r"\bnão (?:o |a |os |as )?(?:temos|tenho|possuímos|guardamos) mais\b"
)
# "We still have a copy": not gone.
STILL = re.compile(
    r"\bstill (?:have|has|hold|holds|keep|keeps|store|stores|possess|exists?|on)\b"
    r"(?! not| no\b| never)|"
    r"\bnoch (?:im besitz|vorhanden|gespeichert|verfügbar|eine kopie|kopien)\b|"
    r"\b(?:haben|hat|besitzen)\b.{0,30}\bnoch\b(?! nicht| kein)|"
    r"\b(?:avons|possédons|gardons|conservons|ai|détenons) (?:\w+ ){0,2}encore\b(?! pas)|"
    r"\b(?:todavía|aún) (?:lo |la |los |las )?(?:tenemos|tengo|conservamos|guardamos)\b|"
    r"\b(?:abbiamo|ho|conserviamo) ancora\b|\bancora in (?:nostro|mio) possesso\b|"
    r"\b(?:hebben|heb|bewaren) (?:\w+ ){0,3}nog\b(?! niet| geen)|"
    r"\bnog in (?:ons|mijn) bezit\b|"
    r"\bainda (?:o |a |os |as )?(?:temos|tenho|guardamos|possuímos)\b"
)
# "I confirm", "confirmed" and their kin: first person or participle, never a request
# ("please confirm") and never a question.
CONFIRM = re.compile(
    r"\b(?:i|we)(?: (?:hereby|herewith|can|do|also|fully))* confirm\b|\bconfirmed\b|"
    r"\bbestätige\b|\bbestätigen wir\b|\bwir bestätigen\b|\bbestätigt\b|"
    r"\bje (?:vous )?confirme\b|\bconfirmons\b|\bconfirmée?s?\b|"
    r"\bconfirmo\b|\bconfirmamos\b|\bconfirmad[oa]s?\b|"
    r"\bconfermo\b|\bconfermiamo\b|\bconfermat[oaie]\b|"
    r"\bbevestig\b|\bbevestigen\b|\bbevestigd\b"
)
REQUEST = re.compile(
    r"\bplease\b|\bcan you\b|\bcould you\b|\bbitte\b|\bmerci de\b|\bveuillez\b|"
    r"\bpourriez\b|\bpor favor\b|\bper favore\b|\bpotete\b|\bgraag\b|\balstublieft\b|"
    r"\bkunt u\b|\bpodem\b|\bpodrían\b|\bprego\b|\bpeço\b|\bpedimos\b|\bwould you\b"
)
# Both statements at once: "both", "les deux", "1 and 2", "the above".
BOTH = re.compile(
    r"\b(?:both|beides|beide|ambas|ambos|entrambe|entrambi|obigen|bovenstaande|acima|"
    r"ci-dessus|sopra)\b|\ball of the above\b|\bthe above\b|\bboth statements\b|"
    r"\bles deux\b|\blas dos\b|\blos dos\b|\btutte e due\b|\ball(?:e|es)? (?:two|zwei)\b|"
    r"\bas duas\b|\bos dois\b|\bdie beiden\b|\b1\s*(?:and|und|et|y|e|en|&|\+)\s*2\b"
)
ORDINAL = re.compile(
    r"\b(?:first|second|1st|2nd|one of|erste[nrs]?|zweite[nrs]?|premier|première|deuxième|"
    r"seconde?|primer[oa]?|segund[oa]|prim[oa]|second[oa]|eerste|tweede|primeir[oa])\b|"
    r"\b(?:point|statement|punkt|aussage|déclaration|punto|declaración|dichiarazione|punt|"
    r"verklaring|ponto|declaração|no\.?|nr\.?|n°|#)\s*[12]\b"
)
YES = word_set("yes yep yeah correct true right ja richtig stimmt korrekt oui exact "
                "exactement vrai sí si correcto cierto sì esatto corretto vero klopt juist "
                "sim correto certo verdade")
NO = word_set("no nope false incorrect wrong nein falsch non faux nee não falso")

# Subject pronouns: after "and", one of them starts a clause of its own.
SUBJECTS = word_set(
    "i we you he she they ich wir er man je nous il elle ils elles on yo nosotros nosotras "
    "ellos ellas él io noi lui lei loro ik wij hij zij eu nós ele ela eles elas")

# Function words and markers, per language.
NEGATIONS = {
    "en": word_set("not never no nobody none neither nor without nothing noone nowhere"),
    "de": word_set("nicht nie niemals kein keine keinen keinem keiner keines niemand niemandem "
                    "niemanden weder ohne nichts"),
    "fr": word_set("ne n pas jamais aucun aucune ni sans non rien nullement"),
    "es": word_set("no nunca jamás ningún ninguna ninguno nadie ni sin tampoco nada"),
    "it": word_set("non mai nessun nessuno nessuna né senza niente nulla neanche neppure "
                    "nemmeno"),
    "nl": word_set("niet nooit geen niemand noch zonder niets nergens"),
    "pt": word_set("não nunca jamais nenhum nenhuma ninguém nem sem nada"),
}
CONJUNCTIONS = {
    "en": frozenset({"and", "or"}), "de": frozenset({"und", "oder", "sowie"}),
    "fr": frozenset({"et", "ou"}), "es": frozenset({"y", "e", "o", "u"}),
    "it": frozenset({"e", "ed", "o", "oppure"}), "nl": frozenset({"en", "of"}),
    "pt": frozenset({"e", "ou"}),
}
ADVERSATIVES = {
    "en": word_set("but however although though whereas"),
    "de": word_set("aber jedoch sondern allerdings obwohl doch"),
    "fr": word_set("mais cependant pourtant toutefois néanmoins"),
    "es": word_set("pero sino aunque embargo"),
    "it": word_set("ma però tuttavia sebbene"),
    "nl": word_set("maar echter hoewel doch"),
    "pt": word_set("mas porém contudo embora todavia"),
}
HEDGES = {
    "en": r"\b(?:i|we) (?:think|believe|guess|assume|suppose|hope)\b|\bprobably\b|\bmaybe\b|"
          r"\bperhaps\b|\blikely\b|\bas far as (?:i|we) (?:know|can tell)\b|"
          r"\bto (?:the best of )?(?:my|our) knowledge\b|\bnot (?:sure|certain)\b|\bunsure\b|"
          r"\bhopefully\b|\bshould (?:have|be)\b|\bmight\b|\bmay have\b|\bno idea\b|"
          r"\bdo not know\b|\bapparently\b|\bseems?\b|\bpresumably\b|\bnot aware\b|"
          r"\bi am not certain\b|\bcannot (?:say|tell)\b|\bcan not (?:say|tell)\b",
    "de": r"\bich (?:glaube|denke|vermute|hoffe|nehme an)\b|\bwir (?:glauben|denken|vermuten)\b|"
          r"\bwahrscheinlich\b|\bvermutlich\b|\bvielleicht\b|\beventuell\b|"
          r"\bsoweit (?:ich|wir) (?:weiß|wissen)\b|\bmeines wissens\b|\bunseres wissens\b|"
          r"\bnicht sicher\b|\bsollte(?:n)?\b|\bkeine ahnung\b|\bwohl\b|\bangeblich\b|"
          r"\bhoffentlich\b|\bmöglicherweise\b",
    "fr": r"\bje (?:pense|crois|suppose|présume|crains)\b|\bnous (?:pensons|croyons|supposons)\b|"
          r"\bprobablement\b|\bpeut-être\b|\bsans doute\b|\bil me semble\b|"
          r"\bà (?:ma|notre) connaissance\b|\bpas sûre?s?\b|\bnormalement\b|\bdevrai(?:t|ent)\b|"
          r"\ben principe\b|\bj'espère\b|\bsemble\b|\bapparemment\b",
    "es": r"\bcreo\b|\bcreemos\b|\bpienso\b|\bsupongo\b|\bprobablemente\b|\bquizás?\b|"
          r"\btal vez\b|\bque (?:yo )?sepa(?:mos)?\b|\bno estoy segur[oa]\b|\bdebería\b|"
          r"\ba lo mejor\b|\bespero\b|\bsegún (?:mi|nuestro) conocimiento\b|\bparece\b",
    "it": r"\bpenso\b|\bcredo\b|\bcrediamo\b|\bsuppongo\b|\bprobabilmente\b|\bforse\b|"
          r"\bper quanto (?:ne )?(?:so|sappiamo)\b|\bnon sono sicur[oa]\b|\bdovrebbe(?:ro)?\b|"
          r"\bspero\b|\ba quanto mi risulta\b|\bmi sembra\b|\bsembra\b",
    "nl": r"\bik (?:denk|geloof|veronderstel|hoop|neem aan)\b|\bwe denken\b|\bwaarschijnlijk\b|"
          r"\bmisschien\b|\bvolgens mij\b|\bvoor zover (?:ik|wij|we) (?:weet|weten)\b|"
          r"\bniet zeker\b|\bzou(?:den)?\b|\bvermoedelijk\b|\bmogelijk\b|\blijkt\b",
    "pt": r"\bacho\b|\bachamos\b|\bcreio\b|\bpenso\b|\bsuponho\b|\bprovavelmente\b|\btalvez\b|"
          r"\bque eu saiba\b|\bque saibamos\b|\bnão tenho certeza\b|\bnão estou segur[oa]\b|"
          r"\bdeveria\b|\bespero\b|\bpossivelmente\b|\bparece\b",
}
# Not done yet, or only planned.
FUTURE = {
    "en": r"\b(?:will|shall|going to|soon|yet|plan|plans|planning|planned|intend|intends|"
          r"about to|in the process|pending|to be|tomorrow|next|shortly|scheduled|later)\b",
    "de": r"\b(?:wird|werden|bald|demnächst|noch nicht|geplant|vorgesehen|morgen|in kürze|"
          r"zeitnah|später)\b",
    "fr": r"\b(?:sera|seront|va|vont|allons|vais|pas encore|bientôt|prochainement|prévue?s?|"
          r"en cours|demain|plus tard)\b",
    "es": r"\b(?:será|serán|vamos|voy|va|van|todavía no|aún no|pronto|próximamente|"
          r"previst[oa]s?|en curso|mañana|más adelante)\b",
    "it": r"\b(?:sarà|saranno|verrà|verranno|andrà|non ancora|ancora|presto|prossimamente|"
          r"previst[oa]|in corso|domani|più avanti)\b",
    "nl": r"\b(?:zal|zullen|gaan|gaat|nog niet|binnenkort|gepland|morgen|wordt|worden|later)\b",
    "pt": r"\b(?:será|serão|vai|vamos|vou|ainda não|em breve|brevemente|previst[oa]s?|"
          r"em curso|amanhã|mais tarde)\b",
}
# Past or perfect auxiliaries: with one, a future word does not make "not shared" a promise.
PAST = {
    "en": word_set("has have had was were did been"),
    "de": word_set("wurde wurden haben hat hatten ist sind war waren"),
    "fr": word_set("a avons ont été ai avait"),
    "es": word_set("ha hemos han fue fueron sido había"),
    "it": word_set("è stato stata stati abbiamo ha hanno fu"),
    "nl": word_set("is zijn werd werden hebben heeft had"),
    "pt": word_set("foi foram temos tem tinha sido"),
}
