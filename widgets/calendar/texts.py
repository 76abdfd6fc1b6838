"""Every sentence the calendar widget shows, editable by admins (per caller or for all)."""
from widgets.texts import define

define("calendar.heading", "Calendrier {platform} et apprentissage",
       label="Titre du calendrier", max_length=80, placeholders=("platform",))
define("calendar.intro",
       "Pour un vœu en apprentissage, la place ne devient définitive qu'avec un contrat signé "
       "avec un employeur : cherchez une entreprise dès que vous faites vos vœux.",
       label="Phrase d'introduction", max_length=300)
define("calendar.advice_title", "Ce que vous pouvez faire maintenant",
       label="Titre du conseil du moment", max_length=80)

# Apprenticeship steps, computed from the training's start date.
define("calendar.step.employer_search", "Chercher un employeur",
       label="Étape : recherche d'employeur", max_length=120)
define("calendar.step.contract_window",
       "Signer le contrat d'apprentissage (il peut commencer jusqu'à {months} mois avant la formation)",
       label="Étape : période de signature du contrat", max_length=160, placeholders=("months",))
define("calendar.step.training_start", "Début de la formation",
       label="Étape : début de la formation", max_length=120)
define("calendar.step.grace_period_end",
       "Fin des {months} mois possibles en formation sans employeur (stagiaire de la formation "
       "professionnelle)",
       label="Étape : fin de la période sans contrat", max_length=160, placeholders=("months",))

# One "what to do now" sentence per phase. Platform phases are per platform.
ADVICE_PLACEHOLDERS = ("date",)
define("calendar.advice.before",
       "Les vœux ouvrent le {date} : repérez dès maintenant les formations en apprentissage "
       "et les entreprises qui recrutent.",
       label="Conseil avant l'ouverture des vœux", max_length=300, placeholders=ADVICE_PLACEHOLDERS)
define("calendar.advice.parcoursup.wishes",
       "Formulez vos vœux en apprentissage avant le {date} et commencez tout de suite à chercher "
       "un employeur : sans contrat signé, la place n'est pas définitive.",
       label="Conseil Parcoursup : formulation des vœux", max_length=300,
       placeholders=ADVICE_PLACEHOLDERS)
define("calendar.advice.parcoursup.confirmation",
       "Complétez votre dossier et confirmez chaque vœu avant le {date}, sinon il sera "
       "supprimé ; continuez à contacter des employeurs.",
       label="Conseil Parcoursup : confirmation des vœux", max_length=300,
       placeholders=ADVICE_PLACEHOLDERS)
define("calendar.advice.parcoursup.admission",
       "Répondez à chaque proposition dans le délai affiché dans votre dossier Parcoursup : "
       "« retenu sous réserve de contrat » veut dire qu'il vous faut encore un employeur.",
       label="Conseil Parcoursup : phase d'admission", max_length=300,
       placeholders=ADVICE_PLACEHOLDERS)
define("calendar.advice.parcoursup.complementary",
       "Vous pouvez encore faire des vœux jusqu'au {date} dans les formations qui ont des "
       "places ; gardez la recherche d'un employeur en priorité.",
       label="Conseil Parcoursup : phase complémentaire", max_length=300,
       placeholders=ADVICE_PLACEHOLDERS)
define("calendar.advice.affelnet.wishes",
       "Saisissez vos vœux avec votre collège avant le {date} et contactez dès maintenant des "
       "entreprises : un vœu en apprentissage demande aussi un employeur.",
       label="Conseil Affelnet : saisie des vœux", max_length=300,
       placeholders=ADVICE_PLACEHOLDERS)
define("calendar.advice.affelnet.results",
       "Consultez vos résultats : pour un vœu en apprentissage, le CFA vous contacte, et "
       "l'entrée en formation dépend de la signature d'un contrat.",
       label="Conseil Affelnet : résultats", max_length=300, placeholders=ADVICE_PLACEHOLDERS)
define("calendar.advice.employer_search",
       "Contactez des entreprises et allez aux portes ouvertes des CFA : votre place ne sera "
       "définitive qu'avec un contrat signé.",
       label="Conseil : recherche d'employeur", max_length=300, placeholders=ADVICE_PLACEHOLDERS)
define("calendar.advice.contract_window",
       "Votre contrat peut commencer dès maintenant et au plus tard le {date} : dès qu'il est "
       "signé, transmettez-le au CFA.",
       label="Conseil : période de signature du contrat", max_length=300,
       placeholders=ADVICE_PLACEHOLDERS)
define("calendar.advice.training_start",
       "Votre formation commence aujourd'hui : sans contrat, vous pouvez la suivre comme "
       "stagiaire de la formation professionnelle jusqu'au {date}.",
       label="Conseil : jour de la rentrée", max_length=300, placeholders=ADVICE_PLACEHOLDERS)
define("calendar.advice.grace_period",
       "Sans contrat, vous suivez la formation comme stagiaire de la formation professionnelle "
       "jusqu'au {date} : le CFA vous aide à trouver un employeur d'ici là.",
       label="Conseil : formation commencée sans contrat", max_length=300,
       placeholders=ADVICE_PLACEHOLDERS)
define("calendar.advice.after",
       "Le délai pour suivre la formation sans contrat est passé : si vous n'avez pas "
       "d'employeur, parlez-en au CFA ou à un conseiller d'orientation.",
       label="Conseil : après la fin du calendrier", max_length=300,
       placeholders=ADVICE_PLACEHOLDERS)

define("calendar.next_deadline", "Prochaine échéance : {title}, le {date}.",
       label="Prochaine échéance", max_length=200, placeholders=("title", "date"))
define("calendar.no_deadline", "Toutes les échéances de ce calendrier sont passées.",
       label="Plus d'échéance", max_length=200)
define("calendar.status.done", "Terminé", label="État : terminé", max_length=20)
define("calendar.status.current", "En cours", label="État : en cours", max_length=20)
define("calendar.status.upcoming", "À venir", label="État : à venir", max_length=20)
define("calendar.kind.apprenticeship", "Apprentissage",
       label="Type d'étape : apprentissage", max_length=30)
define("calendar.ics_link", "Ajouter à mon agenda", label="Lien vers le fichier agenda",
       max_length=60)
define("calendar.ics_hint", "Fichier .ics à ouvrir avec votre agenda (téléphone ou ordinateur).",
       label="Précision sous le lien agenda", max_length=160)
define("calendar.ics.start", "Début : {title}", label="Agenda : début d'une étape",
       max_length=200, placeholders=("title",))
define("calendar.ics.end", "Fin : {title}", label="Agenda : fin d'une étape",
       max_length=200, placeholders=("title",))
define("calendar.provisional",
       "Dates indicatives : le calendrier officiel n'est pas encore connu, vérifiez-le auprès "
       "de votre établissement.",
       label="Avertissement : dates indicatives", max_length=300)
define("calendar.national_dates",
       "Dates nationales : votre académie peut fixer des dates un peu différentes.",
       label="Avertissement : dates nationales", max_length=300)
define("calendar.form_legend", "Votre formation", label="Titre du formulaire", max_length=80)
define("calendar.formation_start_label", "Date de début de votre formation",
       label="Libellé de la date de début de formation", max_length=80)
define("calendar.formation_start_hint",
       "Si vous ne la connaissez pas, gardez la rentrée de septembre.",
       label="Aide pour la date de début de formation", max_length=200)
define("calendar.form_submit", "Mettre à jour le calendrier", label="Bouton du formulaire",
       max_length=60)
define("calendar.steps_title", "Vos étapes", label="Titre de la liste des étapes", max_length=60)
define("calendar.error_title", "Le calendrier ne peut pas s'afficher",
       label="Titre du message d'erreur", max_length=80)
define("calendar.sources_title", "Sources", label="Titre des sources", max_length=60)
define("calendar.updated", "Calendrier mis à jour le {date}.", label="Date des données",
       max_length=120, placeholders=("date",))

# The one action of the employer-search step, and the compact variant (view=now).
define("calendar.find_employer", "Trouver un employeur",
       label="Bouton vers la recherche d'offres (étape de recherche d'employeur)", max_length=40)
define("calendar.now_title", "Où en êtes-vous ?", label="Titre de l'affichage compact (view=now)",
       max_length=80)
define("calendar.now_provisional", "(date indicative)",
       label="Mention d'une échéance encore indicative", max_length=40)
define("calendar.full_link", "Voir toutes les étapes du calendrier",
       label="Lien de l'affichage compact vers le calendrier complet", max_length=80)

# Today's phase in one short sentence, for the compact calendar (view=now) and the wish
# summary: the same keys as the advice above, under "calendar.now."; {date} is the same.
NOW_PLACEHOLDERS = ("date",)
define("calendar.now.before", "Les vœux ouvrent le {date} : repérez déjà les entreprises.",
       label="Maintenant : avant l'ouverture des vœux", max_length=120,
       placeholders=NOW_PLACEHOLDERS)
define("calendar.now.parcoursup.wishes",
       "Vœux jusqu'au {date} : cherchez un employeur dès maintenant.",
       label="Maintenant (Parcoursup) : formulation des vœux", max_length=120,
       placeholders=NOW_PLACEHOLDERS)
define("calendar.now.parcoursup.confirmation",
       "Confirmez chaque vœu avant le {date} et continuez à chercher un employeur.",
       label="Maintenant (Parcoursup) : confirmation des vœux", max_length=120,
       placeholders=NOW_PLACEHOLDERS)
define("calendar.now.parcoursup.admission",
       "Phase d'admission : sans contrat signé, la place n'est pas définitive.",
       label="Maintenant (Parcoursup) : phase d'admission", max_length=120,
       placeholders=NOW_PLACEHOLDERS)
define("calendar.now.parcoursup.complementary",
       "Phase complémentaire jusqu'au {date} : trouver un employeur reste la priorité.",
       label="Maintenant (Parcoursup) : phase complémentaire", max_length=120,
       placeholders=NOW_PLACEHOLDERS)
define("calendar.now.affelnet.wishes",
       "Vœux jusqu'au {date} : contactez dès maintenant des entreprises.",
       label="Maintenant (Affelnet) : saisie des vœux", max_length=120,
       placeholders=NOW_PLACEHOLDERS)
define("calendar.now.affelnet.results",
       "Résultats : l'entrée en formation dépend d'un contrat signé.",
       label="Maintenant (Affelnet) : résultats", max_length=120, placeholders=NOW_PLACEHOLDERS)
define("calendar.now.employer_search",
       "Cherchez un employeur : la place n'est définitive qu'avec un contrat.",
       label="Maintenant : recherche d'employeur", max_length=120, placeholders=NOW_PLACEHOLDERS)
define("calendar.now.contract_window",
       "Le contrat peut commencer dès maintenant, au plus tard le {date}.",
       label="Maintenant : période de signature du contrat", max_length=120,
       placeholders=NOW_PLACEHOLDERS)
define("calendar.now.training_start",
       "La formation commence aujourd'hui ; sans contrat, jusqu'au {date} au plus tard.",
       label="Maintenant : jour de la rentrée", max_length=120, placeholders=NOW_PLACEHOLDERS)
define("calendar.now.grace_period",
       "Formation commencée sans contrat : trouvez un employeur avant le {date}.",
       label="Maintenant : formation commencée sans contrat", max_length=120,
       placeholders=NOW_PLACEHOLDERS)
define("calendar.now.after",
       "Le délai pour suivre la formation sans contrat est passé : parlez-en au CFA.",
       label="Maintenant : après la fin du calendrier", max_length=120,
       placeholders=NOW_PLACEHOLDERS)
define("calendar.now_deadline", "Prochaine échéance le {date} : {title}",
       label="Maintenant : prochaine échéance", max_length=200, placeholders=("title", "date"))
