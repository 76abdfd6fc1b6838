"""Accounts, managed by publishers: create, change role, reset password, deactivate."""
from __future__ import annotations

import re

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, url_for

from bff.admin import bp, current_user, publisher_required
from bff.admin.auth import hash_password, normalize_email, password_problems
from bff.storage import database
from bff.storage.content import audit
from bff.storage.models import ROLES, User

EMAIL = re.compile(r"[^@\s\x00-\x1f\x7f]{1,64}@[^@\s\x00-\x1f\x7f]+\.[^@\s\x00-\x1f\x7f]+")
ROLE_LABELS = {"editor": "Rédaction (brouillons)",
               "publisher": "Publication (publier, restaurer, comptes)"}


def create_user(s, email: str, role: str, password: str, actor: str) -> dict[str, list[str]]:
    """Create an account; returns French errors by field (empty when created)."""
    errors: dict[str, list[str]] = {}
    email = normalize_email(email)
    if len(email) > 254 or not EMAIL.fullmatch(email):
        errors["email"] = ["Saisissez une adresse électronique valide, par exemple "
                           "nom@exemple.fr."]
    elif s.scalar(sa.select(User.id).where(User.email == email)):
        errors["email"] = ["Un compte existe déjà avec cette adresse."]
    if role not in ROLES:
        errors["role"] = ["Choisissez un rôle : rédaction ou publication."]
    if password_problems(password):
        errors["password"] = password_problems(password)
    if errors:
        return errors
    s.add(User(email=email, role=role, password_hash=hash_password(password)))
    audit(s, actor, "user-create", email, role)
    return {}


@bp.route("/comptes", methods=["GET", "POST"])
@publisher_required
def users():
    errors, form = {}, {}
    if request.method == "POST":
        form = {k: request.form.get(k, "") for k in ("email", "role")}
        with database().session() as s:
            errors = create_user(s, form["email"], form["role"],
                                 request.form.get("password", ""), current_user().email)
        if not errors:
            flash(f"Compte {normalize_email(form['email'])} créé.", "success")
            return redirect(url_for("admin.users"))
    with database().session() as s:
        accounts = list(s.scalars(sa.select(User).order_by(User.email)))
    return render_template("admin/users.html", accounts=accounts, errors=errors, form=form,
                           roles=ROLE_LABELS), 400 if errors else 200


@bp.post("/comptes/<int(max=999999999):user_id>")
@publisher_required
def user_update(user_id):
    action = request.form.get("action")
    with database().session() as s:
        user = s.get(User, user_id)
        if user is None:
            abort(404)
        me = current_user()
        if user.id == me.id and action in ("deactivate", "role"):
            flash("Vous ne pouvez pas retirer vos propres droits.", "error")
            return redirect(url_for("admin.users"))
        if action == "role" and request.form.get("role") in ROLES:
            user.role = request.form["role"]
            detail = user.role
        elif action == "deactivate":
            user.active = False
            detail = "désactivé"
        elif action == "activate":
            user.active = True
            detail = "réactivé"
        elif action == "password":
            problems = password_problems(request.form.get("password", ""))
            if problems:
                flash(" ".join(problems), "error")
                return redirect(url_for("admin.users"))
            user.password_hash = hash_password(request.form["password"])
            detail = "mot de passe changé"
        else:
            abort(400)
        # Any change closes the account's open sessions.
        user.session_epoch += 1
        audit(s, me.email, f"user-{action}", user.email, detail)
    flash(f"Compte {user.email} : {detail}.", "success")
    return redirect(url_for("admin.users"))
