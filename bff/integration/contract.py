"""Embed contract v1, as data: the placeholder attributes per widget and the events.

docs/embed-contract-v1.md is the prose; static/js/embed.js carries the same
attribute lists (a test keeps the three in step). Frozen: attributes and events
may be added, never renamed, removed or given another meaning.
"""
from __future__ import annotations

from dataclasses import dataclass

from widgets.registry import WIDGETS

VERSION = "v1"


@dataclass(frozen=True)
class Attribute:
    name: str                  # the data-* name without "data-"; query param is snake_case
    label: str                 # French label in the configurator
    hint: str = ""             # French hint in the configurator
    example: str = ""          # default value the configurator proposes
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
    "pay-simulator": (
        Attribute("formation-start", "Début de la formation", "Date AAAA-MM-JJ.", "2027-09-01"),
        Attribute("contract-start", "Début du contrat", "Date AAAA-MM-JJ.", ""),
        Attribute("birth-month", "Mois de naissance", "AAAA-MM (jamais une date complète).", ""),
        Attribute("age", "Âge", "En années.", ""),
        Attribute("diploma-level", "Niveau du diplôme", "3 à 7.", ""),
        Attribute("sector", "Secteur", "", ""),
    ),
    "calendar": (
        Attribute("platform", "Plateforme du calendrier", "", "", ("parcoursup", "affelnet")),
        Attribute("campaign", "Campagne", "Année de la rentrée, par exemple 2027.", ""),
        Attribute("formation-start", "Début de la formation", "Date AAAA-MM-JJ.", ""),
    ),
    "offer-search": (
        Attribute("romes", "Codes ROME", "Séparés par des virgules, par exemple F1603.", "F1603"),
        Attribute("rncp", "Code RNCP", "Par exemple RNCP31114.", ""),
        Attribute("cfd", "Code formation diplôme (CFD)", "", ""),
        Attribute("cle-me", "Clé ministère éducatif", "", ""),
        Attribute("code-insee", "Code commune INSEE", "Par exemple 75056.", ""),
        Attribute("code-postal", "Code postal", "Par exemple 75011.", ""),
        Attribute("latitude", "Latitude", "", ""),
        Attribute("longitude", "Longitude", "", ""),
        Attribute("radius", "Rayon (km)", "", ""),
        Attribute("diploma-level", "Niveau du diplôme", "3 à 7.", ""),
        Attribute("q", "Recherche libre", "", ""),
    ),
    "guide": (
        Attribute("platform", "Plateforme", "", "", ("parcoursup", "affelnet")),
        Attribute("topic", "Rubrique", "", ""),
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
    Event("search", "le lecteur a lancé une recherche ou une simulation", ("widget", "query")),
    Event("result-click", "le lecteur a ouvert un résultat", ("widget", "id", "kind", "url")),
    Event("error", "le module n'a pas pu se charger ou répondre", ("widget", "code")),
)

assert set(WIDGET_ATTRIBUTES) == set(WIDGETS), "every registered widget has its attributes"
