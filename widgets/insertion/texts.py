"""Every sentence the insertion widget shows, editable by admins (per caller or for all).

Definitions are written for a candidate (often a minor, on a phone): plain French, one
idea per sentence, and the two families of rates never described as one.
"""
from widgets.insertion.rules import RATE_KEYS
from widgets.texts import define

define("insertion.heading.formation", "Que deviennent les jeunes après cette formation ?",
       label="Titre (une formation)", max_length=100)
define("insertion.heading.establishment", "Que deviennent les apprentis de ce CFA ?",
       label="Titre (un CFA, toutes formations)", max_length=100)
define("insertion.intro",
       "Chiffres officiels InserJeunes : la situation des jeunes après leur dernière année "
       "de formation.",
       label="Phrase d'introduction", max_length=300)

# What the figures are about
define("insertion.context.formation", "Formation", label="Contexte : formation", max_length=40)
define("insertion.context.establishment", "Établissement", label="Contexte : établissement",
       max_length=40)
define("insertion.context.scope", "Périmètre", label="Contexte : périmètre", max_length=40)
define("insertion.context.population", "Jeunes concernés", label="Contexte : public",
       max_length=40)
define("insertion.context.millesime", "Millésime", label="Contexte : millésime", max_length=40)
define("insertion.all_formations", "Toutes les formations en apprentissage du CFA",
       label="Formation : toutes celles du CFA", max_length=100)
define("insertion.uai", "UAI {uai}", label="Code UAI de l'établissement", max_length=40,
       placeholders=("uai",))
define("insertion.scope.etablissement", "Cet établissement", label="Périmètre : établissement",
       max_length=80)
define("insertion.scope.region", "Région {region}", label="Périmètre : région", max_length=80,
       placeholders=("region",))
define("insertion.scope.national", "France entière", label="Périmètre : France", max_length=80)
define("insertion.population.apprentissage", "Apprentis",
       label="Public : apprentissage", max_length=80)
define("insertion.population.voie_scolaire", "Élèves de la voie professionnelle scolaire",
       label="Public : voie scolaire", max_length=80)
define("insertion.population.superieur", "Étudiants de l'enseignement supérieur",
       label="Public : supérieur", max_length=80)
define("insertion.column.apprentissage", "Apprentis", label="Colonne : apprentis",
       max_length=40)
define("insertion.column.voie_scolaire", "Voie scolaire", label="Colonne : voie scolaire",
       max_length=40)
define("insertion.column.superieur", "Étudiants", label="Colonne : supérieur", max_length=40)
define("insertion.millesime.period", "cumul {start}-{end} (deux années cumulées)",
       label="Millésime : deux années cumulées", max_length=120, placeholders=("start", "end"))
define("insertion.millesime.year", "{year}", label="Millésime : une année",
       max_length=80, placeholders=("year",))

# The three bars
define("insertion.bars.heading", "6 mois après la dernière année de formation",
       label="Titre des barres", max_length=100)
define("insertion.bars.unit", "Sur 100 jeunes inscrits en dernière année de formation",
       label="Unité des barres", max_length=150)
define("insertion.bars.missing",
       "La répartition emploi, formation et autres situations n'est pas publiée pour ce "
       "millésime.",
       label="Barres : répartition non publiée", max_length=200)

# Tables
define("insertion.table.shares.caption",
       "Situation 6 mois après la dernière année de formation, en % des jeunes inscrits "
       "en dernière année",
       label="Tableau 1 : légende (parts)", max_length=200)
define("insertion.table.leavers.caption",
       "Taux d'emploi des jeunes qui ont arrêté leurs études, en % de ces jeunes",
       label="Tableau 2 : légende (taux d'emploi des sortants)", max_length=200)
define("insertion.table.contracts.caption", "Contrats d'apprentissage",
       label="Tableau 3 : légende (contrats)", max_length=120)
define("insertion.col.indicator", "Indicateur", label="Colonne : indicateur", max_length=40)
define("insertion.col.value", "Valeur", label="Colonne : valeur", max_length=40)
define("insertion.cell.withheld", "Non publié : trop peu d'élèves",
       label="Cellule : taux non publié (seuil)", max_length=60)
define("insertion.cell.missing", "Non disponible", label="Cellule : non disponible",
       max_length=60)
define("insertion.cell.not_applicable", "Sans objet",
       label="Cellule : sans objet (contrats d'apprentissage hors apprentissage)", max_length=60)
define("insertion.value.points", "{value} points", label="Valeur : en points (2 ou plus)",
       max_length=40, placeholders=("value",))
define("insertion.value.point", "{value} point",
       label="Valeur : en points (moins de 2, au singulier)", max_length=40,
       placeholders=("value",))

ROW_LABELS = {
    "part_en_emploi_6_mois": "En emploi à 6 mois",
    "part_en_formation": "En formation (poursuite d'études)",
    "part_autres_6_mois": "Autres situations à 6 mois",
    "part_en_emploi_12_mois": "En emploi à 12 mois",
    "part_autres_12_mois": "Autres situations à 12 mois",
    "part_en_emploi_18_mois": "En emploi à 18 mois",
    "part_autres_18_mois": "Autres situations à 18 mois",
    "part_en_emploi_24_mois": "En emploi à 24 mois",
    "part_autres_24_mois": "Autres situations à 24 mois",
    "taux_emploi_6_mois": "En emploi 6 mois après la sortie d'études",
    "taux_emploi_12_mois": "En emploi 12 mois après la sortie d'études",
    "taux_emploi_18_mois": "En emploi 18 mois après la sortie d'études",
    "taux_emploi_24_mois": "En emploi 24 mois après la sortie d'études",
    "taux_emploi_6_mois_attendu": "Taux d'emploi attendu à 6 mois",
    "valeur_ajoutee_6_mois": "Valeur ajoutée du CFA (écart avec le taux attendu)",
    "part_contrats_interrompus": "Contrats d'apprentissage interrompus avant leur terme",
}
for _key in RATE_KEYS:
    define(f"insertion.row.{_key}", ROW_LABELS[_key], label=f"Ligne : {ROW_LABELS[_key]}",
           max_length=100)
define("insertion.bar.part_en_emploi_6_mois", "En emploi", label="Barre : en emploi",
       max_length=40)
define("insertion.bar.part_en_formation", "En formation", label="Barre : en formation",
       max_length=40)
define("insertion.bar.part_autres_6_mois", "Autres situations", label="Barre : autres",
       max_length=40)

# Definitions, in plain French
define("insertion.definitions.heading", "Comprendre ces chiffres",
       label="Titre des définitions", max_length=80)
define("insertion.def.en_emploi",
       "« En emploi » veut dire : un emploi salarié en France, pas forcément dans le métier "
       "préparé. Le travail à son compte et l'emploi à l'étranger ne sont pas comptés ; "
       "l'emploi public n'est compté que depuis le millésime 2022.",
       label="Définition : en emploi", max_length=400)
define("insertion.def.shares",
       "En emploi, en formation, autres situations : sur 100 jeunes inscrits en dernière "
       "année de formation, combien travaillent, combien continuent leurs études et combien "
       "sont dans une autre situation (au chômage, à l'étranger, à leur compte…) 6 mois plus "
       "tard. Les trois parts font environ 100.",
       label="Définition : parts (les trois barres)", max_length=500)
define("insertion.def.leavers",
       "Taux d'emploi après la sortie d'études : parmi les jeunes qui ont arrêté leurs "
       "études après leur dernière année, la part qui a un emploi salarié 6, 12, 18 ou 24 "
       "mois plus tard. Ceux qui continuent leurs études ne sont pas comptés : ce taux ne "
       "s'additionne pas avec les parts ci-dessus.",
       label="Définition : taux d'emploi des sortants", max_length=500)
define("insertion.def.expected",
       "Taux d'emploi attendu : le taux d'emploi à 6 mois qu'on attendrait pour ce CFA "
       "compte tenu du profil des jeunes qu'il forme.",
       label="Définition : taux attendu", max_length=400)
define("insertion.def.value_added",
       "Valeur ajoutée : l'écart, en points, entre le taux d'emploi à 6 mois du CFA et son "
       "taux attendu. Au-dessus de 0, ses apprentis trouvent plus souvent un emploi que "
       "prévu ; en dessous de 0, moins souvent.",
       label="Définition : valeur ajoutée", max_length=400)
define("insertion.def.contracts",
       "Contrats d'apprentissage interrompus : la part des contrats rompus avant la date "
       "prévue.",
       label="Définition : contrats interrompus", max_length=300)
define("insertion.def.threshold",
       "Un taux n'est publié que s'il repose sur au moins 20 élèves : en dessous, il n'est "
       "pas affiché, car il ne serait pas fiable.",
       label="Définition : seuil de publication", max_length=300)
define("insertion.def.cumul",
       "Les chiffres d'un établissement ou d'une région cumulent deux années de sortants, "
       "pour reposer sur plus d'élèves.",
       label="Définition : années cumulées", max_length=300)

# What the reader must know about these figures (one sentence each)
define("insertion.note.below_threshold",
       "Les taux ne peuvent pas être affichés car il n'y a pas assez d'élèves pour fournir "
       "une information fiable.",
       label="Note : aucun taux publié (seuil)", max_length=300)
define("insertion.note.partly_withheld",
       "Certains taux ne sont pas affichés car il n'y a pas assez d'élèves pour fournir une "
       "information fiable.",
       label="Note : taux en partie non publiés (seuil)", max_length=300)
define("insertion.note.all_formations",
       "Ces chiffres portent sur l'ensemble des formations en apprentissage du CFA, pas sur "
       "une formation en particulier.",
       label="Note : toutes les formations du CFA", max_length=300)
define("insertion.note.fallback_all_formations",
       "Les chiffres de cette formation sont momentanément indisponibles : voici ceux de "
       "l'ensemble du CFA.",
       label="Note : repli sur les chiffres du CFA", max_length=300)
define("insertion.note.stale",
       "Le service InserJeunes ne répond pas : ces chiffres sont ceux de la dernière "
       "consultation.",
       label="Note : chiffres conservés (service indisponible)", max_length=300)
define("insertion.note.predecessor_diploma",
       "Ces chiffres sont ceux de l'ancien diplôme ({code}) que cette formation a remplacé.",
       label="Note : chiffres de l'ancien diplôme", max_length=300, placeholders=("code",))
define("insertion.note.successor_diploma",
       "Ces chiffres sont ceux du nouveau diplôme ({code}) qui a remplacé cette formation.",
       label="Note : chiffres du nouveau diplôme", max_length=300, placeholders=("code",))
define("insertion.note.formation_closed", "Cette formation n'est plus ouverte.",
       label="Note : formation fermée", max_length=200)
define("insertion.note.data_of_gestionnaire",
       "Ces chiffres sont ceux du CFA gestionnaire ({uai}) : ils regroupent tous ses lieux "
       "de formation, pas seulement celui-ci.",
       label="Note : chiffres du CFA gestionnaire", max_length=300, placeholders=("uai",))
define("insertion.note.data_of_formateur",
       "Ces chiffres sont ceux de l'organisme formateur ({uai}), pas seulement de ce lieu "
       "de formation.",
       label="Note : chiffres de l'organisme formateur", max_length=300, placeholders=("uai",))
define("insertion.note.data_of_lieu_formation",
       "Ces chiffres sont ceux du lieu de formation {uai}.",
       label="Note : chiffres d'un lieu de formation", max_length=300, placeholders=("uai",))
define("insertion.note.data_of_inconnu",
       "Ces chiffres sont ceux d'un autre établissement ({uai}).",
       label="Note : chiffres d'un autre établissement", max_length=300, placeholders=("uai",))
define("insertion.note.compared_unavailable",
       "Les chiffres de la voie scolaire sont momentanément indisponibles.",
       label="Note : comparaison indisponible", max_length=300)
define("insertion.note.compared_not_found",
       "Aucun chiffre n'est publié pour cette formation en voie scolaire.",
       label="Note : pas de chiffres en voie scolaire", max_length=300)

define("insertion.note.unavailable",
       "Les taux d'insertion par formation ne sont pas disponibles sur ce service pour le "
       "moment.",
       label="Note : chiffres par formation indisponibles (service désactivé)",
       max_length=300)
define("insertion.empty",
       "Aucun établissement ni aucune formation n'a été indiqué : ce module ne peut rien "
       "afficher.",
       label="Page sans paramètre", max_length=300)

# When there is nothing to show
define("insertion.unavailable",
       "Les taux d'insertion de cette formation sont momentanément indisponibles. "
       "Réessayez plus tard.",
       label="Indisponible : service InserJeunes", max_length=300)
define("insertion.not_found", "Aucun chiffre InserJeunes n'est publié pour cette demande.",
       label="Introuvable : aucune donnée", max_length=300)
define("insertion.not_found.millesime",
       "Pas de chiffres pour le millésime demandé. Millésimes disponibles : {millesimes}.",
       label="Introuvable : autre millésime disponible", max_length=300,
       placeholders=("millesimes",))
define("insertion.not_found.not_final_year",
       "Les chiffres sont publiés pour la dernière année de la formation : utilisez son code "
       "({codes}).",
       label="Introuvable : pas une dernière année", max_length=300, placeholders=("codes",))
define("insertion.error.heading", "Paramètres à corriger", label="Erreur : titre",
       max_length=80)

# Source
define("insertion.source", "Source : {label}. Données du {date}.",
       label="Ligne de source", max_length=300, placeholders=("label", "date"))
define("insertion.source.link", "Voir la source", label="Lien vers la source", max_length=60)
define("insertion.new_tab", "nouvelle fenêtre", label="Mention nouvelle fenêtre",
       max_length=40)

# One line for the wish summary
define("insertion.line.shares",
       "{rate} des {who} en emploi 6 mois après leur sortie",
       label="Résumé : part en emploi à 6 mois", max_length=200, placeholders=("rate", "who"))
define("insertion.line.leavers",
       "{rate} des {who} sortis d'études en emploi 6 mois après",
       label="Résumé : taux d'emploi des sortants à 6 mois", max_length=200,
       placeholders=("rate", "who"))
WHO = {
    ("etablissement", "apprentissage"): "apprentis de ce CFA",
    ("etablissement", "voie_scolaire"): "élèves de cet établissement",
    ("etablissement", "superieur"): "étudiants de cet établissement",
    ("region", "apprentissage"): "apprentis de cette formation dans la région",
    ("region", "voie_scolaire"): "élèves de cette formation dans la région",
    ("region", "superieur"): "étudiants de cette formation dans la région",
    ("national", "apprentissage"): "apprentis de cette formation en France",
    ("national", "voie_scolaire"): "élèves de cette formation en France",
    ("national", "superieur"): "étudiants de cette formation en France",
}
_SCOPES_FR = {"etablissement": "un établissement", "region": "une région",
              "national": "la France"}
_POPULATIONS_FR = {"apprentissage": "apprentis", "voie_scolaire": "voie scolaire",
                   "superieur": "supérieur"}
for (_scope, _population), _who in WHO.items():
    define(f"insertion.who.{_scope}.{_population}", _who,
           label=f"Résumé : qui ({_SCOPES_FR[_scope]}, {_POPULATIONS_FR[_population]})",
           max_length=100)
