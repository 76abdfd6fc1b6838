"""Embed contract v1, as data: the placeholder attributes per widget and the events.

docs/embed-contract-v1.md is the prose; static/js/embed.js carries the same
attribute lists (a test keeps the three in step). Frozen: attributes and events
may be added, never renamed, removed or given another meaning.
"""
from __future__ import annotations

from dataclasses import dataclass

VERSION = "v1"


@dataclass(frozen=True)
class Attribute:
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


COMMON = (
    Attribute("caller", "Plateforme (caller)",
              "Identifiant de la plateforme enregistrée : ses origines autorisées, ses textes, "
              "son thème.", "demo"),
    Attribute("theme", "Thème", "Clair, sombre ou celui du système du lecteur.", "",
              ("light", "dark", "system")),
    Attribute("primary-color", "Couleur principale",
              "Format #rrggbb ; refusée si son contraste avec le blanc est inférieur à 4,5:1 "
              "(RGAA, WCAG AA).", ""),
)

WIDGET_ATTRIBUTES: dict[str, tuple[Attribute, ...]] = {
    # No attribute may carry personal data: the month of birth is typed by the candidate
    # inside the widget, never passed by the host (it would end up in URLs and logs).
    "pay-simulator": (
        Attribute("formation-start", "Début de la formation",
                  "Date AAAA-MM-JJ ; sert de début de contrat par défaut.", "2027-09-01"),
        Attribute("contract-start", "Début du contrat", "Date AAAA-MM-JJ.", ""),
        Attribute("duration-months", "Durée du contrat (mois)", "De 6 à 48 ; 24 par défaut.", ""),
        Attribute("starts-in-year", "Année du cycle au début du contrat", "1, 2 ou 3.", ""),
        Attribute("territory", "Territoire", "", "", ("metropole", "mayotte")),
        Attribute("offered-gross", "Salaire brut proposé (euros par mois)", "Par exemple 1200.", ""),
        Attribute("conventional-minimum", "Minimum conventionnel (euros par mois)",
                  "Salaire minimum de la convention collective, s'il est plus favorable.", ""),
    ),
    "calendar": (
        Attribute("platform", "Plateforme du calendrier",
                  "Par défaut, celle du partenaire.", "parcoursup", ("parcoursup", "affelnet")),
        Attribute("formation-start", "Début de la formation", "Date AAAA-MM-JJ.", ""),
        Attribute("academie", "Académie", "Numéro ou nom, par exemple 01 pour Paris.", ""),
    ),
    "offer-search": (
        Attribute("romes", "Codes ROME", "Séparés par des virgules, par exemple F1603.", "F1603"),
        Attribute("rncp", "Code RNCP", "Par exemple RNCP31114.", ""),
        Attribute("cfd", "Code formation diplôme (CFD)", "8 caractères, par exemple 50022141.", ""),
        Attribute("insee", "Code commune INSEE", "Par exemple 75056.", "75056"),
        Attribute("postcode", "Code postal", "Par exemple 69003.", ""),
        Attribute("latitude", "Latitude", "Avec la longitude, à la place d'une commune.", ""),
        Attribute("longitude", "Longitude", "", ""),
        Attribute("radius", "Rayon (km)", "De 1 à 200 ; 30 par défaut.", ""),
        Attribute("diploma-level", "Niveau du diplôme visé", "De 3 (CAP) à 7 (master).", ""),
    ),
    "guide": (
        Attribute("platform", "Plateforme", "Par défaut, celle du partenaire.", "parcoursup",
                  ("parcoursup", "affelnet")),
        Attribute("cle-ministere-educatif", "Clé ministère éducatif de la formation",
                  "Pour des liens vers cette formation.", ""),
    ),
    "insertion": (
        Attribute("uai", "Code UAI du CFA", "7 chiffres et une lettre, par exemple 0693492W. "
                  "Seul, il donne les chiffres de tout le CFA.", "0693492W"),
        Attribute("cfd", "Code formation diplôme (CFD)",
                  "Voie de l'apprentissage ; 8 caractères, par exemple 50022141.", ""),
        Attribute("mefstat11", "Code MEFSTAT11",
                  "Voie scolaire ; 11 chiffres. Avec un CFD, les deux voies côte à côte.", ""),
        Attribute("sise", "Code SISE", "Enseignement supérieur ; 7 chiffres.", ""),
        Attribute("region", "Code région (INSEE)", "Par exemple 84 ; sans UAI, chiffres de "
                  "la région plutôt que de la France.", ""),
        Attribute("millesime", "Millésime", "Par défaut le plus récent ; 2023 ou 2022_2023.",
                  ""),
    ),
}


def attributes(widget: str) -> tuple[Attribute, ...]:
    """Every attribute the ``widget`` placeholder understands, common ones first."""
    return COMMON + WIDGET_ATTRIBUTES[widget]


@dataclass(frozen=True)
class Event:
    name: str                  # dispatched as "apprentissage:<name>" on the placeholder
    when: str                  # French, shown in the configurator
    detail: tuple[str, ...]    # keys of event.detail, "widget" always first


EVENTS = (
    Event("ready", "le module est chargé et dialogue avec la page hôte", ("widget",)),
    Event("resize", "la hauteur du contenu a changé ; le cadre l'a prise", ("widget", "height")),
    Event("search", "le lecteur a lancé une recherche d'offres",
          ("widget", "romes", "radius", "offers", "companies", "source")),
    Event("result-click", "le lecteur a ouvert une offre ou une entreprise",
          ("widget", "kind", "id", "position", "source")),
    Event("error", "le module n'a pas pu se charger ou répondre", ("widget", "code")),
)
