"""The one widget registry: every widget the product offers, as the embed contract names
it. Everything else derives from it: the BFF mounts each widget's home
(``bff/<package>/routes.py``) and loads its texts (``widgets/<package>/texts.py``), the
admin lists texts by widget, the integration contract and the configurator offer its
attributes, the OpenAPI document tags its operations, and tools/build_embed.py writes the
table of static/js/embed.js (a test checks the served file is in step).

Adding a widget = a ``widgets/<package>/`` package + a ``bff/<package>/routes.py`` module
+ one entry here.
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass


@dataclass(frozen=True)
class Attribute:
    """An attribute of the embed placeholder, ``data-<name>``: contract v1, frozen
    (attributes may be added, never renamed, removed or given another meaning)."""
    name: str                  # the data-* name without "data-"; query param is snake_case
    label: str                 # French label in the configurator
    hint: str = ""             # French hint in the configurator
    example: str = ""          # value the configurator fills in when the widget is chosen
    choices: tuple[str, ...] = ()

    @property
    def param(self) -> str:
        return self.name.replace("-", "_")

    @property
    def dataset_key(self) -> str:
        head, *rest = self.name.split("-")
        return head + "".join(part.capitalize() for part in rest)


@dataclass(frozen=True)
class WidgetSpec:
    name: str          # the public name in URLs and data-apprentissage-widget
    package: str       # widgets/<package>/ (domain) and bff/<package>/ (its home)
    title: str         # French iframe title (RGAA 2.1: present and relevant)
    link_text: str     # French text of the fallback link when the frame cannot load
    endpoint: str      # Flask endpoint of the widget page
    attributes: tuple[Attribute, ...]   # its own embed attributes (common ones aside)
    api_tag: str       # tag of its operations in the OpenAPI document
    frame_height: int = 700   # initial height of an iframe-only embed, in pixels


PLATFORM_CHOICES = ("parcoursup", "affelnet")

WIDGETS: dict[str, WidgetSpec] = {
    spec.name: spec
    for spec in (
        WidgetSpec(
            "pay-simulator", "pay", "Simulateur de rémunération de l'apprenti",
            "Simuler la rémunération d'un apprenti", "pages.pay_simulator",
            # No attribute may carry personal data: the month of birth is typed by the
            # candidate inside the widget, never passed by the host (it would end up in
            # URLs and logs).
            (Attribute("formation-start", "Début de la formation",
                       "Date AAAA-MM-JJ ; sert de début de contrat par défaut.", "2027-09-01"),
             Attribute("contract-start", "Début du contrat", "Date AAAA-MM-JJ.", ""),
             Attribute("duration-months", "Durée du contrat (mois)",
                       "De 6 à 48 ; 24 par défaut.", ""),
             Attribute("starts-in-year", "Année du cycle au début du contrat", "1, 2 ou 3.", ""),
             Attribute("territory", "Territoire", "", "", ("metropole", "mayotte")),
             Attribute("offered-gross", "Salaire brut proposé (euros par mois)",
                       "Par exemple 1200.", ""),
             Attribute("conventional-minimum", "Minimum conventionnel (euros par mois)",
                       "Salaire minimum de la convention collective, s'il est plus favorable.",
                       "")),
            api_tag="pay"),
        WidgetSpec(
            "calendar", "calendar", "Calendrier : étapes de la candidature et de l'apprentissage",
            "Voir le calendrier de l'apprentissage", "pages.calendar",
            (Attribute("platform", "Plateforme du calendrier",
                       "Par défaut, celle du partenaire.", "parcoursup", PLATFORM_CHOICES),
             Attribute("formation-start", "Début de la formation", "Date AAAA-MM-JJ.", ""),
             Attribute("academie", "Académie", "Numéro ou nom, par exemple 01 pour Paris.", ""),
             # Added to v1: the training's codes and place, for the employer-search step's
             # "Trouver un employeur" link; and the compact variant.
             Attribute("view", "Affichage", "now : l'étape du moment, la prochaine échéance et "
                       "l'action à faire ; par défaut, tout le calendrier.", "",
                       ("full", "now")),
             Attribute("romes", "Codes ROME", "Pour le lien « Trouver un employeur ».", ""),
             Attribute("rncp", "Code RNCP", "Pour le lien « Trouver un employeur ».", ""),
             Attribute("cfd", "Code formation diplôme (CFD)",
                       "Pour le lien « Trouver un employeur ».", ""),
             Attribute("insee", "Code commune INSEE", "Lieu de la formation.", ""),
             Attribute("postcode", "Code postal", "Lieu de la formation.", "")),
            api_tag="calendar"),
        WidgetSpec(
            "offer-search", "offers", "Offres d'apprentissage et entreprises qui recrutent",
            "Chercher des offres d'apprentissage", "pages.offer_search",
            (Attribute("romes", "Codes ROME", "Séparés par des virgules, par exemple F1603.",
                       "F1603"),
             Attribute("rncp", "Code RNCP", "Par exemple RNCP31114.", ""),
             Attribute("cfd", "Code formation diplôme (CFD)",
                       "8 caractères, par exemple 50022141.", ""),
             Attribute("insee", "Code commune INSEE", "Par exemple 75056.", "75056"),
             Attribute("postcode", "Code postal", "Par exemple 69003.", ""),
             Attribute("latitude", "Latitude", "Avec la longitude, à la place d'une commune.", ""),
             Attribute("longitude", "Longitude", "", ""),
             Attribute("radius", "Rayon (km)", "De 1 à 200 ; 30 par défaut.", ""),
             Attribute("diploma-level", "Niveau du diplôme visé", "De 3 (CAP) à 7 (master).", "")),
            api_tag="offers"),
        WidgetSpec(
            "guide", "guide", "Guide de l'apprentissage", "Lire le guide de l'apprentissage",
            "pages.guide",
            (Attribute("platform", "Plateforme", "Par défaut, celle du partenaire.",
                       "parcoursup", PLATFORM_CHOICES),
             Attribute("cle-ministere-educatif", "Clé ministère éducatif de la formation",
                       "Pour des liens vers cette formation.", "")),
            api_tag="guide"),
        WidgetSpec(
            "insertion", "insertion",
            "Insertion des apprentis : emploi et poursuite d'études après la formation",
            "Voir ce que deviennent les apprentis après la formation", "pages.insertion",
            (Attribute("uai", "Code UAI du CFA", "7 chiffres et une lettre, par exemple "
                       "0693492W. Seul, il donne les chiffres de tout le CFA.", "0693492W"),
             Attribute("cfd", "Code formation diplôme (CFD)",
                       "Voie de l'apprentissage ; 8 caractères, par exemple 50022141.", ""),
             Attribute("mefstat11", "Code MEFSTAT11",
                       "Voie scolaire ; 11 chiffres. Avec un CFD, les deux voies côte à côte.",
                       ""),
             Attribute("sise", "Code SISE", "Enseignement supérieur ; 7 chiffres.", ""),
             Attribute("region", "Code région (INSEE)", "Par exemple 84 ; sans UAI, chiffres "
                       "de la région plutôt que de la France.", ""),
             Attribute("millesime", "Millésime", "Par défaut le plus récent ; 2023 ou "
                       "2022_2023.", "")),
            api_tag="insertion", frame_height=900),
        WidgetSpec(
            "wish-summary", "wish_summary", "Résumé du vœu en apprentissage",
            "Voir l'essentiel de ce vœu en apprentissage", "pages.wish_summary",
            # What a platform knows about a wish; each line of the summary opens the full
            # widget (calendar, pay simulator, offer search, guide) in the same frame.
            (Attribute("platform", "Plateforme", "Par défaut, celle du partenaire.",
                       "parcoursup", PLATFORM_CHOICES),
             Attribute("formation-start", "Début de la formation",
                       "Date AAAA-MM-JJ ; par défaut, la rentrée de la campagne.", "2027-09-01"),
             Attribute("romes", "Codes ROME", "Séparés par des virgules, par exemple F1603.",
                       "F1603"),
             Attribute("rncp", "Code RNCP", "Par exemple RNCP31114.", ""),
             Attribute("cfd", "Code formation diplôme (CFD)",
                       "8 caractères, par exemple 50022141.", ""),
             Attribute("insee", "Code commune INSEE du lieu de formation",
                       "Par exemple 75056.", "75056"),
             Attribute("postcode", "Code postal du lieu de formation", "Par exemple 69003.", ""),
             Attribute("latitude", "Latitude", "Avec la longitude, à la place d'une commune.", ""),
             Attribute("longitude", "Longitude", "", ""),
             Attribute("radius", "Rayon des offres (km)", "De 1 à 200 ; 30 par défaut.", ""),
             Attribute("academie", "Académie", "Numéro ou nom, par exemple 01 pour Paris.", ""),
             Attribute("uai", "Code UAI de l'établissement",
                       "7 chiffres et une lettre, par exemple 0751234J.", ""),
             Attribute("cle-ministere-educatif", "Clé ministère éducatif de la formation",
                       "Pour des liens vers cette formation.", ""),
             Attribute("formation-label", "Intitulé de la formation",
                       "150 caractères au plus ; lu par les lecteurs d'écran.", "")),
            api_tag="wish-summary", frame_height=420),
    )
}


def by_package(package: str) -> WidgetSpec | None:
    """The widget whose code lives in ``widgets/<package>/`` (text keys start with it)."""
    return next((spec for spec in WIDGETS.values() if spec.package == package), None)


def load_texts() -> None:
    """Declare every widget's texts (``widgets/<package>/texts.py``). A broken module
    fails here, at start, with its own error: nothing disappears silently."""
    for spec in WIDGETS.values():
        importlib.import_module(f"widgets.{spec.package}.texts")
