"""The widgets the product offers, as the embed contract names them."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class WidgetSpec:
    name: str          # the public name in URLs and data-apprentissage-widget
    title: str         # French iframe title (RGAA 2.1: present and relevant)
    link_text: str     # French text of the fallback link when the frame cannot load
    endpoint: str      # Flask endpoint of the widget page


WIDGETS: dict[str, WidgetSpec] = {
    spec.name: spec
    for spec in (
        WidgetSpec("pay-simulator", "Simulateur de rémunération de l'apprenti",
                   "Simuler la rémunération d'un apprenti", "pages.pay_simulator"),
        WidgetSpec("calendar", "Calendrier : étapes de la candidature et de l'apprentissage",
                   "Voir le calendrier de l'apprentissage", "pages.calendar"),
        WidgetSpec("offer-search", "Offres d'apprentissage et entreprises qui recrutent",
                   "Chercher des offres d'apprentissage", "pages.offer_search"),
        WidgetSpec("guide", "Guide de l'apprentissage",
                   "Lire le guide de l'apprentissage", "pages.guide"),
        WidgetSpec("insertion", "Insertion des apprentis : emploi et poursuite d'études après "
                   "la formation", "Voir ce que deviennent les apprentis après la formation",
                   "pages.insertion"),
    )
}
