"""Every sentence of the offer search box (French; admins may override them)."""
from widgets.texts import define

define("offers.title", "Offres d'apprentissage et entreprises qui recrutent",
       label="Titre du module", max_length=120)
define("offers.intro", "Trouvez des offres d'apprentissage et des entreprises à qui proposer "
       "votre candidature, près du lieu de la formation.", label="Introduction", max_length=400)
define("offers.trade_label", "Métier", label="Champ métier : libellé", max_length=60)
define("offers.trade_hint", "Par exemple : boulanger, plombier, développeur web",
       label="Champ métier : aide", max_length=160)
define("offers.place_label", "Lieu", label="Champ lieu : libellé", max_length=60)
define("offers.place_hint", "Commune ou code postal", label="Champ lieu : aide", max_length=160)
define("offers.radius_label", "Rayon de recherche", label="Champ rayon : libellé", max_length=60)
define("offers.radius_option", "{km} km", label="Champ rayon : option",
       placeholders=("km",), max_length=30)
define("offers.submit", "Rechercher", label="Bouton de recherche", max_length=40)
define("offers.suggestions_count", "{n} suggestions. Flèches haut et bas pour parcourir, "
       "Entrée pour choisir.", label="Autocomplétion : nombre de suggestions, plusieurs "
       "(lecteurs d'écran)", placeholders=("n",), max_length=200)
define("offers.suggestions_one", "1 suggestion. Flèches haut et bas pour la choisir, Entrée pour "
       "valider.", label="Autocomplétion : une seule suggestion (lecteurs d'écran)", max_length=200)
define("offers.diploma_hint", "Diplôme, niveau {level} ({name})", label="Autocomplétion : "
       "mention d'un diplôme", placeholders=("level", "name"), max_length=80)
define("offers.diploma_hint_plain", "Diplôme", label="Autocomplétion : mention d'un diplôme "
       "sans niveau connu", max_length=40)
define("offers.trade_nomatch", "Aucun métier ni diplôme ne correspond à «\u202f{text}\u202f». Essayez "
       "un autre mot, ou cherchez sur La bonne alternance.", label="Autocomplétion : aucun métier "
       "ne correspond", placeholders=("text",), max_length=240)
define("offers.no_suggestion", "Aucune suggestion.",
       label="Autocomplétion : aucune suggestion (lecteurs d'écran)", max_length=100)
define("offers.results_heading", "{offers} et {companies} à moins de {radius} km de {place}, "
       "pour {trade}", label="Résultats : titre avec les nombres (en tête de phrase)",
       placeholders=("offers", "companies", "trade", "radius", "place"), max_length=240)
define("offers.offers_none", "aucune offre", label="Nombre d'offres : zéro", max_length=40)
define("offers.offers_one", "1 offre", label="Nombre d'offres : une", max_length=40)
define("offers.offers_many", "{n} offres", label="Nombre d'offres : plusieurs",
       placeholders=("n",), max_length=40)
define("offers.companies_none", "aucune entreprise", label="Nombre d'entreprises : zéro",
       max_length=40)
define("offers.companies_one", "1 entreprise", label="Nombre d'entreprises : une", max_length=40)
define("offers.companies_many", "{n} entreprises", label="Nombre d'entreprises : plusieurs",
       placeholders=("n",), max_length=40)
define("offers.offers_capped", "{n} offres ou plus",
       label="Nombre d'offres : la source s'arrête à ce nombre", placeholders=("n",),
       max_length=40)
define("offers.companies_capped", "{n} entreprises ou plus",
       label="Nombre d'entreprises : la source s'arrête à ce nombre", placeholders=("n",),
       max_length=40)
define("offers.counts_as_of", "Nombre d'offres : toutes les offres publiées au {date} ; la "
       "liste montre les plus proches.", label="Résultats : date du nombre d'offres (export "
       "quotidien)", placeholders=("date",), max_length=200)
define("offers.more_loaded", "{offers} et {companies} de plus, à partir de la position {first}.",
       label="Afficher plus : annonce (lecteurs d'écran)",
       placeholders=("offers", "companies", "first"), max_length=200)
define("offers.new_marker", "Suite de la liste\u202f: à partir du n°\u00a0{first}", label="Afficher plus : "
       "repère visible avant les nouveaux résultats", placeholders=("first",), max_length=80)
define("offers.place_fallback", "ce lieu", label="Lieu sans nom", max_length=40)
define("offers.trade_fallback", "ce métier", label="Métier sans nom", max_length=40)
define("offers.offers_heading", "Offres d'apprentissage", label="Titre de la liste des offres",
       max_length=80)
define("offers.companies_heading", "Entreprises à qui proposer une candidature spontanée",
       label="Titre de la liste des entreprises", max_length=120)
define("offers.companies_intro", "Ces entreprises recrutent souvent des apprentis dans ce métier, "
       "même sans offre publiée.", label="Introduction de la liste des entreprises",
       max_length=300)
define("offers.no_offers", "Aucune offre publiée dans ce rayon.", label="Aucune offre",
       max_length=200)
define("offers.no_companies", "Aucune entreprise repérée dans ce rayon.",
       label="Aucune entreprise", max_length=200)
define("offers.empty", "Aucune offre ni entreprise à moins de {radius} km de {place}, pour "
       "{trade}.", label="Aucun résultat (titre des résultats)",
       placeholders=("radius", "trade", "place"), max_length=240)
define("offers.widen", "Élargir la recherche à {radius} km", label="Aucun résultat : lien",
       placeholders=("radius",), max_length=80)
define("offers.new_tab", "nouvel onglet", label="Mention des liens ouverts dans un nouvel onglet",
       max_length=40)
define("offers.company_at", "{company}, {city}", label="Offre : entreprise et commune",
       placeholders=("company", "city"), max_length=80)
define("offers.distance", "à {km} km", label="Distance", placeholders=("km",), max_length=40)
define("offers.start", "Début : {date}", label="Date de début", placeholders=("date",),
       max_length=60)
define("offers.duration", "{months} mois", label="Durée du contrat", placeholders=("months",),
       max_length=40)
define("offers.level", "Niveau {level}", label="Niveau de diplôme visé (niveau sans équivalent "
       "connu)", placeholders=("level",), max_length=40)
define("offers.level_named", "Niveau {level} ({name})", label="Niveau de diplôme visé, avec son "
       "équivalent (CAP, Bac, Bac+2, Bac+3, Bac+5)", placeholders=("level", "name"),
       max_length=60)
define("offers.source", "Source : {source}", label="Source de l'offre", placeholders=("source",),
       max_length=80)
define("offers.size", "{size} salariés", label="Taille de l'entreprise", placeholders=("size",),
       max_length=60)
define("offers.more", "Afficher plus de résultats", label="Bouton « afficher plus »",
       max_length=60)
define("offers.demo_notice", "Offres de démonstration : ces offres et ces entreprises sont "
       "fictives. Elles montrent le fonctionnement du module ; pour de vraies offres, cherchez "
       "sur La bonne alternance.", label="Bandeau des offres de démonstration", max_length=300)
define("offers.stale_notice", "Le service des offres ne répond pas en ce moment : ces résultats "
       "viennent d'une recherche précédente et peuvent ne plus être à jour.",
       label="Bandeau des résultats anciens", max_length=300)
define("offers.unavailable", "Les offres ne peuvent pas être affichées pour le moment : le "
       "service qui les fournit ne répond pas.", label="Service indisponible", max_length=300)
define("offers.lba_link", "Chercher sur La bonne alternance", label="Lien vers La bonne alternance",
       max_length=80)
define("offers.trade_unknown", "Aucun métier ni diplôme ne correspond à «\u202f{text}\u202f». Essayez "
       "un autre mot ou choisissez dans la liste proposée.", label="Erreur : métier inconnu",
       placeholders=("text",), max_length=200)
define("offers.lba_words", "Chercher «\u202f{text}\u202f» sur La bonne alternance",
       label="Lien : chercher les mots saisis sur La bonne alternance", placeholders=("text",),
       max_length=160)
define("offers.place_unknown", "Aucune commune ne correspond à « {text} ». Saisissez le nom "
       "d'une commune ou un code postal.", label="Erreur : lieu inconnu",
       placeholders=("text",), max_length=200)
define("offers.trade_missing", "Indiquez un métier.", label="Erreur : métier manquant",
       max_length=100)
define("offers.place_missing", "Indiquez un lieu.", label="Erreur : lieu manquant",
       max_length=100)
define("offers.attribution", "Offres : La bonne alternance et ses partenaires, via l'API "
       "Apprentissage.", label="Mention de la source des offres", max_length=200)
define("offers.loading", "Recherche en cours…", label="Recherche en cours", max_length=60)
