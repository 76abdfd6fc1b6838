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
define("guide.schemes.intro", "Montants et conditions vérifiés aux dates indiquées : "
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
define("guide.faq.search.label", "Rechercher une question",
       label="Guide – libellé du champ de recherche de la FAQ", max_length=80)
define("guide.faq.search.hint", "Par exemple : salaire, employeur, période d'essai",
       label="Guide – aide du champ de recherche de la FAQ", max_length=150)
define("guide.faq.search.submit", "Rechercher", label="Guide – bouton de recherche de la FAQ",
       max_length=40)
define("guide.faq.search.reset", "Voir toutes les questions",
       label="Guide – lien qui efface la recherche de la FAQ", max_length=60)
define("guide.faq.search.one", "1 question correspond à « {query} ».",
       label="Guide – résultat de recherche : une question", max_length=200,
       placeholders=("query",))
define("guide.faq.search.many", "{count} questions correspondent à « {query} ».",
       label="Guide – résultat de recherche : plusieurs questions", max_length=200,
       placeholders=("count", "query"))
define("guide.faq.search.none", "Aucune question ne correspond à « {query} ». "
       "Essayez un autre mot.", label="Guide – résultat de recherche : aucune question",
       max_length=200, placeholders=("query",))
define("guide.faq.search.too_long", "Saisissez au plus {max} caractères.",
       label="Guide – erreur : recherche trop longue", max_length=150, placeholders=("max",))
define("guide.steps.heading", "Et maintenant ?", label="Guide – titre des étapes suivantes",
       max_length=80)
define("guide.source", "Source :", label="Guide – mot avant la source d'un fait", max_length=30)
define("guide.checked_on", "vérifié le {date}",
       label="Guide – date de dernière vérification d'un fait", max_length=60,
       placeholders=("date",))
define("guide.new_tab", "nouvel onglet",
       label="Guide – mention des liens qui s'ouvrent dans un nouvel onglet", max_length=40)
