"""Every sentence the pay simulator shows, editable by admins (per caller or for all)."""
from widgets.texts import define

define("pay.heading", "Combien gagne un apprenti ?", label="Titre du simulateur", max_length=80)
define("pay.intro",
       "Estimez le salaire minimum légal d'un apprenti, brut et net, mois après mois sur toute "
       "la durée du contrat.",
       label="Phrase d'introduction", max_length=300)
define("pay.private_only",
       "Pour les employeurs du secteur privé uniquement : dans le secteur public, des règles "
       "propres s'appliquent.",
       label="Mention « secteur privé uniquement »", max_length=200)

# Form
define("pay.field.birth_month", "Mois et année de naissance", label="Champ : naissance", max_length=80)
define("pay.hint.birth_month",
       "Format AAAA-MM, par exemple 2008-05. Le jour n'est pas demandé : seul le mois compte.",
       label="Aide : naissance", max_length=200)
define("pay.field.contract_start", "Début du contrat", label="Champ : début du contrat", max_length=80)
define("pay.hint.contract_start", "Format AAAA-MM-JJ, par exemple 2026-09-01.",
       label="Aide : début du contrat", max_length=200)
define("pay.field.duration_months", "Durée du contrat (en mois)", label="Champ : durée", max_length=80)
define("pay.hint.duration_months", "Entre 6 et 48 mois.", label="Aide : durée", max_length=200)
define("pay.field.starts_in_year", "Année du cycle de formation au début du contrat",
       label="Champ : année du cycle", max_length=120)
define("pay.hint.starts_in_year",
       "Choisissez 2 ou 3 si le contrat commence en cours de cycle (contrat plus court que la "
       "formation) ; 2 pour une licence professionnelle.",
       label="Aide : année du cycle", max_length=250)
define("pay.field.conventional_minimum", "Salaire minimum de la branche (facultatif)",
       label="Champ : minimum conventionnel", max_length=80)
define("pay.hint.conventional_minimum",
       "En euros bruts par mois, si la convention collective de l'entreprise en fixe un. "
       "Il compte à partir de 21 ans.",
       label="Aide : minimum conventionnel", max_length=250)
define("pay.field.offered_gross", "Salaire proposé par l'employeur (facultatif)",
       label="Champ : salaire proposé", max_length=80)
define("pay.hint.offered_gross", "En euros bruts par mois.", label="Aide : salaire proposé",
       max_length=200)
define("pay.field.signed_on", "Date de signature du contrat (facultatif)",
       label="Champ : date de signature", max_length=80)
define("pay.hint.signed_on",
       "Par défaut, le début du contrat. Elle détermine les cotisations retenues.",
       label="Aide : date de signature", max_length=200)
define("pay.field.territory", "Lieu de travail", label="Champ : territoire", max_length=80)
define("pay.territory.metropole", "Métropole et DROM (hors Mayotte)",
       label="Territoire : métropole", max_length=80)
define("pay.territory.mayotte", "Mayotte", label="Territoire : Mayotte", max_length=80)
define("pay.more_options", "Plus d'options", label="Options avancées", max_length=60)
define("pay.submit", "Calculer", label="Bouton de calcul", max_length=40)

# Result
define("pay.result.heading", "Résultat", label="Titre du résultat", max_length=60)
define("pay.result.empty",
       "Indiquez le mois de naissance et le début du contrat pour voir la rémunération.",
       label="Résultat : invitation à remplir", max_length=200)
define("pay.result.invalid", "Corrigez les champs signalés pour voir la rémunération.",
       label="Résultat : champs à corriger", max_length=200)
define("pay.result.summary",
       "Du {start} au {end}, le salaire minimum brut va de {gross_min} à {gross_max} par mois.",
       label="Résultat : résumé", max_length=250,
       placeholders=("start", "end", "gross_min", "gross_max"))
define("pay.result.net_missing",
       "Le net n'est pas estimé à Mayotte, où les taux de cotisations sont différents.",
       label="Résultat : net non estimé (Mayotte)", max_length=200)
define("pay.result.table_caption", "Salaire minimum mois par mois, par période",
       label="Légende du tableau", max_length=120)
define("pay.result.projection",
       "Après le {date}, le dernier SMIC connu est repris : les montants seront revalorisés "
       "avec le SMIC.",
       label="Résultat : projection au-delà du dernier SMIC connu", max_length=250,
       placeholders=("date",))
define("pay.result.branch_note",
       "Sans le salaire minimum de la branche, le calcul se fonde sur le SMIC : à partir de "
       "21 ans, la convention collective peut prévoir plus.",
       label="Résultat : rappel du minimum conventionnel", max_length=250)
define("pay.offer.ok",
       "Le salaire proposé ({gross} brut, soit au moins {net} net) respecte le minimum légal "
       "sur toute la durée du contrat.",
       label="Offre : conforme", max_length=250, placeholders=("gross", "net"))
define("pay.offer.ok_gross",
       "Le salaire proposé ({gross} brut) respecte le minimum légal sur toute la durée du "
       "contrat.",
       label="Offre : conforme (net non estimé)", max_length=250, placeholders=("gross",))
define("pay.offer.below",
       "Le salaire proposé ({gross} brut par mois) est inférieur au minimum légal : il manque "
       "jusqu'à {missing} par mois. Un apprenti ne peut pas être payé moins que ce minimum : "
       "montrez ce calcul à l'employeur.",
       label="Offre : en dessous du minimum", max_length=300, placeholders=("gross", "missing"))
define("pay.offer.below_list", "Ce qui manque, période par période",
       label="Offre : titre de la liste des périodes sous le minimum", max_length=80)
define("pay.offer.below_period",
       "du {start} au {end} : minimum {minimum} brut, il manque {missing} par mois",
       label="Offre : une période sous le minimum", max_length=200,
       placeholders=("start", "end", "minimum", "missing"))
define("pay.cell.missing", "il manque {missing}", label="Tableau : montant manquant",
       max_length=40, placeholders=("missing",))
define("pay.note.age_15_after_3e",
       "À 15 ans, on peut signer un contrat d'apprentissage seulement après avoir terminé la classe "
       "de 3e (article L6222-1 du Code du travail). Sinon, l'apprentissage commence à 16 ans.",
       label="Note : apprenti de 15 ans", max_length=300)
define("pay.note.age_30_plus",
       "À 30 ans ou plus au début du contrat, l'apprentissage n'est possible que dans certains cas "
       "(article L6222-2 du Code du travail) : travailleur handicapé (RQTH), contrat qui suit un "
       "précédent contrat d'apprentissage, sportif de haut niveau, projet de création ou de reprise "
       "d'entreprise qui demande le diplôme. Le calcul ci-dessous vaut pour ces cas.",
       label="Note : apprenti de 30 ans et plus", max_length=400)
define("pay.note.source", "Source : {label}", label="Note : source", max_length=120,
       placeholders=("label",))
define("pay.howto.to_confirm", "texte officiel à confirmer",
       label="Sources : mention d'un chiffre non encore vérifié", max_length=60)
define("pay.chart.title", "Salaire mensuel le plus élevé de chaque année de contrat",
       label="Titre du graphique", max_length=120)
define("pay.chart.gross", "Brut", label="Légende : brut", max_length=20)
define("pay.chart.net", "Net estimé", label="Légende : net", max_length=20)

# How it is computed
define("pay.howto.heading", "Comment est-ce calculé ?", label="Titre de la méthode", max_length=80)
define("pay.howto.grid",
       "Le salaire minimum est un pourcentage du SMIC qui dépend de l'âge et de l'année "
       "d'exécution du contrat (article D6222-26 du Code du travail) : moins de 18 ans 27 %, "
       "39 %, 55 % ; 18 à 20 ans 43 %, 51 %, 67 % ; 21 à 25 ans 53 %, 61 %, 78 % ; 26 ans et "
       "plus 100 %. Une 4e année garde le taux de la 3e.",
       label="Méthode : barème", max_length=500)
define("pay.howto.age",
       "Le nouveau taux s'applique le 1er jour du mois qui suit l'anniversaire (article "
       "D6222-31) : seul le mois de naissance compte. Une personne née un 29 février change de "
       "taux le 1er mars. Les années de contrat se comptent de date à date ; une année "
       "commencée un 29 février se termine le 28 février suivant.",
       label="Méthode : âge et années", max_length=500)
define("pay.howto.branch",
       "À partir de 21 ans, le pourcentage s'applique au salaire minimum de la branche s'il "
       "est plus élevé que le SMIC. Un contrat qui commence en 2e ou 3e année du cycle est "
       "payé au taux de cette année (articles D6222-28-1 et D6222-32).",
       label="Méthode : branche et année du cycle", max_length=500)
define("pay.howto.net",
       "Le net est une estimation avant impôt, sans mutuelle ni prévoyance : pour un contrat "
       "signé depuis le 1er mars 2025, aucune cotisation salariale jusqu'à 50 % du SMIC du "
       "mois, puis cotisations et CSG-CRDS sur la part au-delà ; pour un contrat signé "
       "avant, aucune cotisation jusqu'à 79 % du SMIC et pas de CSG-CRDS (articles L6243-2 et "
       "D6243-5).",
       label="Méthode : net", max_length=500)
define("pay.howto.rounding",
       "Les montants sont calculés au centime près, arrondis au plus proche (un demi-centime "
       "est arrondi au centime supérieur), à partir du SMIC mensuel publié.",
       label="Méthode : arrondis", max_length=300)
define("pay.howto.age_limits",
       "Âge au début du contrat : à partir de 16 ans, ou de 15 ans après la classe de 3e, et "
       "jusqu'à 29 ans révolus sauf exceptions (articles L6222-1 et L6222-2 du Code du travail).",
       label="Méthode : âges", max_length=300)
define("pay.howto.not_modelled",
       "Ne sont pas pris en compte : secteur public, heures supplémentaires, avantages en "
       "nature, majorations (handicap, contrat après un premier diplôme, prolongation après "
       "un échec), contrats successifs.",
       label="Méthode : limites", max_length=400)
define("pay.howto.figures", "Sources consultées le {date} ; dernier SMIC connu : {smic} depuis le {smic_date}. "
       "Les chiffres marqués « texte officiel à confirmer » n'ont pas encore été comparés avec le texte officiel.",
       label="Méthode : date des chiffres", max_length=300,
       placeholders=("date", "smic", "smic_date"))
define("pay.howto.smic_row", "SMIC mensuel au {date} : {amount} ({source})",
       label="Sources : ligne du SMIC", max_length=300, placeholders=("date", "amount", "source"))
define("pay.howto.sources", "Sources", label="Titre des sources", max_length=40)
define("pay.new_tab", "nouvel onglet",
       label="Mention des liens qui s'ouvrent dans un nouvel onglet", max_length=40)

# Result table, chart and select options
define("pay.year.1", "1re année", label="Option : 1re année", max_length=30)
define("pay.year.2", "2e année", label="Option : 2e année", max_length=30)
define("pay.year.3", "3e année", label="Option : 3e année", max_length=30)
define("pay.col.period", "Période et taux (année de contrat, âge retenu)",
       label="Colonne : période et taux", max_length=80)
define("pay.col.gross", "Brut mensuel", label="Colonne : brut", max_length=30)
define("pay.col.net", "Net estimé", label="Colonne : net", max_length=30)
define("pay.cell.year_age", "année {year}, {age} ans", label="Cellule : année et âge",
       max_length=40, placeholders=("year", "age"))
define("pay.cell.below", "Offre sous le minimum", label="Badge : offre sous le minimum", max_length=30)
define("pay.reference.smic", "du SMIC", label="Base : SMIC", max_length=40)
define("pay.reference.conventional_minimum", "du minimum de branche",
       label="Base : minimum conventionnel", max_length=40)
define("pay.chart.year", "Année {year}", label="Graphique : année", max_length=20,
       placeholders=("year",))
