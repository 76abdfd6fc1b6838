"""Partners (the callers), managed by publishers: who may embed the widgets, from
which origins, with which default platform and theme. Read by the widgets through
``bff.callers.DatabaseCallerRegistry``."""
from __future__ import annotations

import sqlalchemy as sa
from flask import abort, current_app, flash, redirect, render_template, request, url_for

from bff.admin import bp, current_user, publisher_required
from bff.callers import CALLER_NAME
from bff.origins import is_loopback_source
from bff.integration.cors import is_host_source
from bff.storage import database
from bff.storage.content import audit
from bff.storage.models import utcnow
from bff.storage.partners import Partner
from bff.integration.theming import HEX_COLOUR, SCHEMES, acceptable_primary, contrast_with_white

PLATFORMS = {"": "Aucune (le module demande la plateforme)", "parcoursup": "Parcoursup",
             "affelnet": "Affelnet"}
SCHEME_LABELS = {"": "Celui du module (clair)", "light": "Clair", "dark": "Sombre",
                 "system": "Celui du système du lecteur"}
MAX_ORIGINS = 20
FIELDS = ("name", "label", "platform", "allowed_origins", "primary_color", "scheme")


def french_ratio(colour: str) -> str:
    return f"{contrast_with_white(colour):.2f}".replace(".", ",")


def partner_problems(form: dict, creating: bool) -> dict[str, list[str]]:
    """French errors by field for a partner form (empty when it can be saved)."""
    errors: dict[str, list[str]] = {}
    if creating and not CALLER_NAME.fullmatch(form["name"]):
        errors["name"] = ["Identifiant : 2 à 40 caractères, minuscules, chiffres, « - » ou "
                          "« _ », par exemple « onisep »."]
    if not 1 <= len(form["label"]) <= 80:
        errors["label"] = ["Indiquez un nom de 1 à 80 caractères."]
    if form["platform"] not in PLATFORMS:
        errors["platform"] = ["Choisissez Parcoursup, Affelnet ou aucune."]
    origins = [line.strip() for line in form["allowed_origins"].splitlines() if line.strip()]
    bad = [o for o in origins if not is_host_source(o)]
    if bad:
        errors["allowed_origins"] = [
            "Origine mal formée : " + ", ".join(bad[:3]) + ". Une origine par ligne, sans "
            "chemin ni « / » final, par exemple https://www.exemple.fr ou http://localhost:*."]
    elif len(origins) > MAX_ORIGINS:
        errors["allowed_origins"] = [f"{MAX_ORIGINS} origines au plus."]
    elif current_app.config["BFF_ENV"] == "production" and any(map(is_loopback_source, origins)):
        local = [o for o in origins if is_loopback_source(o)]
        errors["allowed_origins"] = [
            "Origine locale refusée en production : " + ", ".join(local[:3]) + ". Les "
            "adresses localhost et 127.0.0.1 ne servent qu'à la démonstration."]
    colour = form["primary_color"]
    if colour and not HEX_COLOUR.fullmatch(colour):
        errors["primary_color"] = ["Couleur au format #rrggbb, par exemple #6a1b9a."]
    elif colour and acceptable_primary(colour) is None:
        errors["primary_color"] = [
            f"Contraste de {french_ratio(colour)}:1 avec le blanc : il faut au moins "
            "4,5:1 (RGAA, critère 3.2) pour que les textes restent lisibles. Choisissez une "
            "couleur plus foncée."]
    if form["scheme"] and form["scheme"] not in SCHEMES:
        errors["scheme"] = ["Choisissez clair, sombre ou celui du système."]
    return errors


def read_form() -> dict:
    form = {name: request.form.get(name, "").strip() for name in FIELDS}
    form["name"] = form["name"].lower()
    form["primary_color"] = form["primary_color"].lower()
    return form


def apply_form(partner: Partner, form: dict) -> None:
    partner.label = form["label"]
    partner.platform = form["platform"] or None
    partner.allowed_origins = "\n".join(
        line.strip() for line in form["allowed_origins"].splitlines() if line.strip())
    partner.primary_color = form["primary_color"] or None
    partner.scheme = form["scheme"] or None
    partner.updated_at = utcnow()


def summary(partner: Partner) -> str:
    return (f"{partner.label} ; plateforme {partner.platform or '-'} ; origines "
            f"{', '.join(partner.origins) or '-'} ; couleur {partner.primary_color or '-'} ; "
            f"thème {partner.scheme or '-'}")


def registry_changed() -> None:
    """Apply a partner change in this process at once: reload the callers and drop the
    pages rendered for the old ones. Other processes follow within CALLERS_REFRESH_SECONDS
    (and PAGE_CACHE_SECONDS for their micro-cached pages; their CSP is computed per request)."""
    invalidate = getattr(current_app.extensions["callers"], "invalidate", None)
    if invalidate:
        invalidate()
    pages = current_app.extensions.get("page_cache")
    if pages is not None:
        pages.clear()


def render_list(errors=None, form=None, status=200):
    with database().session() as s:
        partners = list(s.scalars(sa.select(Partner).order_by(Partner.name)))
    return render_template("admin/partners.html", partners=partners, errors=errors or {},
                           form=form or {}, platforms=PLATFORMS, schemes=SCHEME_LABELS), status


@bp.route("/partenaires", methods=["GET", "POST"])
@publisher_required
def partners():
    if request.method == "GET":
        return render_list()
    form = read_form()
    errors = partner_problems(form, creating=True)
    with database().session() as s:
        if not errors and s.scalar(sa.select(Partner.id).where(Partner.name == form["name"])):
            errors["name"] = ["Un partenaire porte déjà cet identifiant."]
        if not errors:
            partner = Partner(name=form["name"], allowed_origins="")
            apply_form(partner, form)
            s.add(partner)
            audit(s, current_user().email, "partner-create", partner.name, summary(partner))
    if errors:
        return render_list(errors, form, 400)
    registry_changed()
    flash(f"Partenaire « {form['name']} » créé.", "success")
    return redirect(url_for("admin.partners"))


@bp.route("/partenaires/<name>", methods=["GET", "POST"])
@publisher_required
def partner_edit(name):
    errors, form = {}, None
    with database().session() as s:
        partner = s.scalar(sa.select(Partner).where(Partner.name == name))
        if partner is None:
            abort(404)
        if request.method == "POST":
            action = request.form.get("action", "save")
            if str(partner.revision) != request.form.get("revision"):
                flash("Ce partenaire a été modifié entre-temps : voici sa version actuelle. "
                      "Refaites votre modification.", "error")
                return redirect(url_for("admin.partner_edit", name=name))
            if action in ("deactivate", "activate"):
                partner.active = action == "activate"
                detail = "réactivé" if partner.active else "désactivé"
            elif action == "save":
                form = read_form()
                form["name"] = partner.name
                errors = partner_problems(form, creating=False)
                detail = None
                if not errors:
                    apply_form(partner, form)
                    detail = summary(partner)
            else:
                abort(400)
            if not errors:
                partner.revision += 1
                audit(s, current_user().email, f"partner-{action}", partner.name, detail)
        if not errors and request.method == "POST":
            registry_changed()
            flash(f"Partenaire « {name} » : {'enregistré' if action == 'save' else detail}.",
                  "success")
            return redirect(url_for("admin.partner_edit", name=name))
        form = form or {"name": partner.name, "label": partner.label,
                        "platform": partner.platform or "",
                        "allowed_origins": partner.allowed_origins,
                        "primary_color": partner.primary_color or "",
                        "scheme": partner.scheme or ""}
        return render_template("admin/partner_edit.html", partner=partner, form=form,
                               errors=errors, platforms=PLATFORMS,
                               schemes=SCHEME_LABELS), 400 if errors else 200
