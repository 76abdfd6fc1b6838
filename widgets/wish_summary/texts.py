"""Every sentence the wish summary shows, editable by admins (per caller, platform or all).

The "now" line reuses the calendar's texts (advice per phase, next deadline, "Trouver un
employeur"): the summary and the compact calendar say the same thing the same way.
"""
from widgets.texts import define

define("wish_summary.title", "Résumé du vœu en apprentissage",
       label="Titre de la page (onglet, lecteurs d'écran)", max_length=80)
define("wish_summary.heading", "Votre vœu en apprentissage", label="Titre affiché",
       max_length=60)
define("wish_summary.now_label", "Maintenant", label="Ligne « maintenant » : intitulé",
       max_length=30)
define("wish_summary.calendar_link", "Tout le calendrier",
       label="Lien vers le calendrier complet", max_length=40)

define("wish_summary.pay_label", "Salaire minimum en 1re année",
       label="Ligne salaire : intitulé", max_length=60)
define("wish_summary.pay_line",
       "{gross} brut par mois ({net} net estimé) de {youngest} à {oldest} ans, au début "
       "du contrat.",
       label="Ligne salaire : fourchette (montants déjà formatés)", max_length=200,
       placeholders=("youngest", "oldest", "gross", "net"))
define("wish_summary.pay_line_same",
       "{gross} par mois (brut = net estimé) de {youngest} à {oldest} ans, au début du "
       "contrat.",
       label="Ligne salaire : fourchette quand le net estimé égale le brut", max_length=200,
       placeholders=("youngest", "oldest", "gross"))
define("wish_summary.pay_link", "Calculer pour moi", label="Ligne salaire : lien",
       max_length=40)
define("wish_summary.pay_unknown",
       "Le salaire minimum dépend de votre âge et de l'année du contrat.",
       label="Ligne salaire : sans chiffres (date hors des données)", max_length=160)

define("wish_summary.market_label", "Près de la formation",
       label="Ligne marché : intitulé", max_length=60)
define("wish_summary.market_line", "{offers} · {companies} à moins de {radius} km.",
       label="Ligne marché : nombres (déjà formatés)", max_length=160,
       placeholders=("offers", "companies", "radius"))
define("wish_summary.count.offers.zero", "aucune offre", label="Marché : 0 offre",
       max_length=40)
define("wish_summary.count.offers.one", "1 offre", label="Marché : 1 offre", max_length=40)
define("wish_summary.count.offers.many", "{n} offres", label="Marché : n offres",
       max_length=40, placeholders=("n",))
define("wish_summary.count.offers.capped", "{n} offres ou plus",
       label="Marché : nombre d'offres plafonné par la source (jamais un nombre exact)",
       max_length=40, placeholders=("n",))
define("wish_summary.count.companies.zero", "aucune entreprise",
       label="Marché : 0 entreprise", max_length=40)
define("wish_summary.count.companies.one", "1 entreprise", label="Marché : 1 entreprise",
       max_length=40)
define("wish_summary.count.companies.many", "{n} entreprises",
       label="Marché : n entreprises", max_length=40, placeholders=("n",))
define("wish_summary.count.companies.capped", "{n} entreprises ou plus",
       label="Marché : nombre d'entreprises plafonné par la source", max_length=40,
       placeholders=("n",))
define("wish_summary.market_pending",
       "Les offres et les entreprises qui recrutent près de la formation.",
       label="Ligne marché : nombres pas encore connus", max_length=160)
define("wish_summary.market_no_search",
       "Les offres et les entreprises qui recrutent, par métier et par lieu.",
       label="Ligne marché : formation ou lieu non indiqués", max_length=160)
define("wish_summary.market_stale", "(chiffres du {date})",
       label="Ligne marché : date de chiffres anciens", max_length=60, placeholders=("date",))
define("wish_summary.market_link", "Voir les offres", label="Ligne marché : lien",
       max_length=40)

define("wish_summary.outcomes_label", "Après la formation",
       label="Ligne devenir des apprentis : intitulé", max_length=60)
define("wish_summary.outcomes_link", "Voir le détail",
       label="Ligne devenir des apprentis : lien", max_length=40)

define("wish_summary.guide_label", "Le guide de l'apprentissage",
       label="Ligne guide : intitulé", max_length=60)
define("wish_summary.guide_link", "Contrat, aides, questions fréquentes",
       label="Ligne guide : lien", max_length=60)

define("wish_summary.back", "Retour au résumé",
       label="Lien de retour vers le résumé (dans les modules ouverts depuis lui)",
       max_length=40)
define("wish_summary.error_title", "Le résumé ne peut pas s'afficher",
       label="Titre du message d'erreur", max_length=80)
