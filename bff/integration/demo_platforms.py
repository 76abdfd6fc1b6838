"""Mock-ups ("maquettes") of the two platforms' wish screens with the widgets placed as
a platform would place them, served from another origin than the widgets
(see bff.demo.host_page). They are not the real platforms and say so."""
from __future__ import annotations

from bff.demo import host_page
from bff.integration import bp


@bp.get("/demo/parcoursup")
def demo_parcoursup():
    return host_page("demo/parcoursup.html")


@bp.get("/demo/affelnet")
def demo_affelnet():
    return host_page("demo/affelnet.html")
