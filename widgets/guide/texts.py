"""Every sentence of the guide a candidate reads, declared as an editable text.

The entries' texts come from ``data/*.json`` (their French defaults live with the
dated data); the panel's own wording is declared below. A key suffixed with a
platform (``guide.intro.affelnet``) is that platform's wording of the key.
"""
from __future__ import annotations

from widgets.guide.entries import (FIELD_LABELS, PLATFORM_LABELS, SECTION_BY_NAME,
                                   all_entries)
from widgets.texts import TEXTS, define


def platform_key(key: str, platform: str | None) -> str:
    """The key a platform reads: its own variant when one is declared, else ``key``."""
    if platform and f"{key}.{platform}" in TEXTS:
        return f"{key}.{platform}"
    return key


def define_variants(key: str, defaults: dict, *, label: str, **rules) -> None:
    define(key, defaults["default"], label=label, **rules)
    for platform, value in defaults.items():
        if platform != "default":
            define(f"{key}.{platform}", value,
                   label=f"{label} ({PLATFORM_LABELS[platform]})", **rules)


def _define_entries() -> None:
    for section, items in all_entries().items():
        spec = SECTION_BY_NAME[section]
        for entry in items:
            for field in spec.fields:
                define_variants(
                    entry.base_key(field), entry.defaults[field],
                    label=f"Guide – {spec.label} « {entry.title} » – {FIELD_LABELS[field]}",
                    max_length=spec.max_length(field), formatted=field in spec.formatted)


_define_entries()

define_variants("guide.title", {"default": "L'apprentissage en bref"},
                label="Guide – titre du module", max_length=80)
define_variants("guide.intro", {
    "default": "Vous demandez une formation en apprentissage : voici l'essentiel à savoir.",
    "affelnet": "Vous demandez un CAP ou un bac professionnel en apprentissage : "
                "voici l'essentiel à savoir, pour vous et votre famille.",
}, label="Guide – phrase d'introduction", max_length=250)
define("guide.more", "En savoir plus", label="Guide – bouton qui déplie le guide complet",
       max_length=40)
define("guide.facts.heading", "L'essentiel", label="Guide – titre des points clés", max_length=80)
define("guide.schemes.heading", "Les aides pour les apprentis",
       label="Guide – titre des aides", max_length=80)
define("guide.schemes.intro", "Montants et conditions relevés aux dates indiquées : "
       "confirmez-les sur le site officiel avant de faire votre demande.",
       label="Guide – introduction des aides", max_length=250)
define("guide.schemes.amount", "Montant", label="Guide – libellé « montant » d'une aide",
       max_length=40)
define("guide.schemes.eligible", "Pour qui", label="Guide – libellé « pour qui » d'une aide",
       max_length=40)
define("guide.schemes.tags", "Conditions principales",
       label="Guide – nom de la liste d'étiquettes d'une aide (lecteurs d'écran)", max_length=60)
define("guide.schemes.how", "Comment la demander",
       label="Guide – libellé « comment la demander » d'une aide", max_length=60)
define("guide.schemes.link", "Site officiel : {name}",
       label="Guide – lien vers le site officiel d'une aide", max_length=150,
       placeholders=("name",))
define("guide.faq.heading", "Questions fréquentes", label="Guide – titre de la FAQ", max_length=80)
define("guide.search.label", "Rechercher dans le guide",
       label="Guide – libellé du champ de recherche", max_length=80)
define("guide.search.hint", "Par exemple : logement, permis, salaire, vacances, rupture",
       label="Guide – aide du champ de recherche", max_length=150)
define("guide.search.submit", "Rechercher", label="Guide – bouton de recherche", max_length=40)
define("guide.search.reset", "Effacer la recherche",
       label="Guide – lien qui efface la recherche", max_length=60)
define("guide.search.one", "1 résultat pour « {query} ».",
       label="Guide – résultat de recherche : un seul", max_length=200,
       placeholders=("query",))
define("guide.search.many", "{count} résultats pour « {query} ».",
       label="Guide – résultat de recherche : plusieurs", max_length=200,
       placeholders=("count", "query"))
define("guide.search.none", "Aucun résultat pour « {query} ». Essayez un autre mot, par "
       "exemple : logement, salaire, vacances.", label="Guide – résultat de recherche : aucun",
       max_length=200, placeholders=("query",))
define("guide.search.too_long", "Saisissez au plus {max} caractères.",
       label="Guide – erreur : recherche trop longue", max_length=150, placeholders=("max",))
define("guide.employer.heading", "Ce que l'employeur peut recevoir",
       label="Guide – titre des aides à l'employeur", max_length=80)
define("guide.employer.intro", "Un argument à présenter à un employeur : l'État l'aide à "
       "embaucher un apprenti. Le montant dépend de la date de signature du contrat, de la taille "
       "de l'entreprise et du niveau du diplôme préparé.",
       label="Guide – introduction des aides à l'employeur", max_length=300)
define("guide.employer.caption", "Aide versée pour la première année du contrat",
       label="Guide – légende du tableau des aides à l'employeur", max_length=120)
define("guide.employer.col.level", "Diplôme préparé",
       label="Guide – colonne « diplôme » des aides à l'employeur", max_length=60)
define("guide.employer.col.under_250", "Entreprise de moins de 250 salariés",
       label="Guide – colonne « moins de 250 salariés »", max_length=60)
define("guide.employer.col.from_250", "Entreprise de 250 salariés et plus",
       label="Guide – colonne « 250 salariés et plus »", max_length=60)
define("guide.employer.level.levels_3_4", "Niveaux 3 et 4 (CAP, bac pro…)",
       label="Guide – aides à l'employeur : niveaux 3 et 4", max_length=80)
define("guide.employer.level.level_5", "Niveau 5 (BTS…)",
       label="Guide – aides à l'employeur : niveau 5", max_length=80)
define("guide.employer.level.levels_6_7", "Niveaux 6 et 7 (licence, master…)",
       label="Guide – aides à l'employeur : niveaux 6 et 7", max_length=80)
define("guide.employer.no_aid", "Pas d'aide",
       label="Guide – aides à l'employeur : case sans aide", max_length=40)
define("guide.employer.rqth", "Apprenti reconnu travailleur handicapé (RQTH) : {amount}, "
       "quelle que soit la taille de l'entreprise.",
       label="Guide – aides à l'employeur : montant RQTH", max_length=200,
       placeholders=("amount",))
define("guide.employer.earlier", "Contrats signés plus tôt",
       label="Guide – aides à l'employeur : règles précédentes", max_length=80)
define("guide.employer.none", "Pour un contrat signé aujourd'hui, aucune aide n'est encore "
       "connue : les règles changent souvent, vérifiez sur le site du ministère du Travail.",
       label="Guide – aides à l'employeur : aucune règle connue", max_length=250)
define("guide.status.to_verify", "À confirmer",
       label="Guide – badge d'une information pas encore confirmée", max_length=40)
define("guide.unconfirmed", "Information relevée le {date}, pas encore confirmée par le texte "
       "officiel : vérifiez-la avant de vous en servir.",
       label="Guide – mention d'une information pas encore confirmée", max_length=250,
       placeholders=("date",))
define("guide.steps.heading", "Et maintenant ?", label="Guide – titre des étapes suivantes",
       max_length=80)
define("guide.source", "Source :", label="Guide – mot avant la source d'un fait", max_length=30)
define("guide.checked_on", "vérifié le {date}",
       label="Guide – date de dernière vérification d'un fait", max_length=60,
       placeholders=("date",))
define("guide.new_tab", "nouvel onglet",
       label="Guide – mention des liens qui s'ouvrent dans un nouvel onglet", max_length=40)
