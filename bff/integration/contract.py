"""Embed contract v1, as data: the placeholder attributes per widget and the events.

docs/embed-contract-v1.md is the prose; the widgets and their own attributes come from
the widget registry (``widgets.registry``), from which tools/build_embed.py writes the
table of static/js/embed.js (tests keep the doc and the file in step). Frozen:
attributes and events may be added, never renamed, removed or given another meaning.
"""
from __future__ import annotations

from dataclasses import dataclass

from widgets.registry import WIDGETS, Attribute

VERSION = "v1"


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

# Each widget's own attributes are declared with it, in the widget registry.
WIDGET_ATTRIBUTES: dict[str, tuple[Attribute, ...]] = {
    name: spec.attributes for name, spec in WIDGETS.items()}


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
