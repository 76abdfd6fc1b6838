"""The admin, under /admin: editors configure every text and calendar, with drafts,
preview, atomic publication, history, rollback and an audit log.

Access: a signed session cookie scoped to /admin (HttpOnly, SameSite=Strict, Secure
unless ADMIN_COOKIE_SECURE is off), a CSRF token on every form, roles ``editor``
(drafts) and ``publisher`` (publish, rollback, import, users).

Extending (e.g. the integration kit's partner pages): add a module to this package
that imports ``bp`` and declares its routes with ``@bp.get/post`` (URLs under /admin,
login and CSRF already enforced), guard publisher-only views with
``@publisher_required``, write ``audit(s, current_user().email, "partner-create", ...)``
in the same session as the change, import the module at the bottom of this file, and
add an entry to ``NAVIGATION``. Templates extend ``admin/base.html`` and call
``csrf_field()`` inside every ``<form method="post">``.
"""
from __future__ import annotations

import functools
import hmac
import secrets
from datetime import timedelta

from flask import Blueprint, Flask, abort, current_app, g, render_template, request, session
from markupsafe import Markup
from sqlalchemy.exc import SQLAlchemyError

from bff.admin.forms import FormError, has_nul
from bff.storage import database
from bff.storage.models import User

bp = Blueprint("admin", __name__, url_prefix="/admin")

NAVIGATION = [
    ("admin.dashboard", "Tableau de bord", None),
    ("admin.texts", "Textes", None),
    ("admin.calendars", "Calendriers", None),
    ("admin.drafts", "Brouillons", None),
    ("admin.audit_log", "Journal", None),
    ("admin.transfer", "Export / import", None),
    ("admin.users", "Comptes", "publisher"),
    ("admin.partners", "Partenaires", "publisher"),
]

PUBLIC_ENDPOINTS = {"admin.login"}


def init_app(app: Flask) -> None:
    # ADMIN_COOKIE_SECURE is derived in bff.settings (off only on the embedded default).
    secure = bool(app.config["ADMIN_COOKIE_SECURE"])
    app.config.update(
        SESSION_COOKIE_NAME="aw_admin",
        SESSION_COOKIE_PATH="/admin",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Strict",
        SESSION_COOKIE_SECURE=secure,
        PERMANENT_SESSION_LIFETIME=timedelta(hours=8),
    )
    app.register_blueprint(bp)
    from bff.admin.cli import register
    register(app)


def current_user() -> User | None:
    return g.get("admin_user")


def is_publisher() -> bool:
    user = current_user()
    return user is not None and user.role == "publisher"


def publisher_required(view):
    @functools.wraps(view)
    def wrapped(*args, **kwargs):
        if not is_publisher():
            abort(403)
        return view(*args, **kwargs)
    return wrapped


def csrf_token() -> str:
    if "csrf" not in session:
        session["csrf"] = secrets.token_urlsafe(32)
    return session["csrf"]


def csrf_field() -> Markup:
    return Markup('<input type="hidden" name="csrf_token" value="%s">') % csrf_token()


@bp.before_request
def authenticate():
    if has_nul(request.args.values()) or (request.method == "POST" and has_nul(
            value for _, values in request.form.lists() for value in values)):
        # PostgreSQL text cannot hold NUL: refuse it at the door, whatever the field.
        return render_template("admin/error.html", title="Formulaire illisible",
                               message="Le formulaire contient un caractère nul (invisible) "
                                       "que l'administration n'accepte pas : rien n'a été "
                                       "enregistré. Retirez-le et recommencez."), 400
    if request.method == "POST":
        sent = request.form.get("csrf_token", "")
        expected = session.get("csrf", "")
        if not expected or not hmac.compare_digest(sent, expected):
            return render_template("admin/error.html", title="Formulaire expiré",
                                   message="Le formulaire a expiré ou ne vient pas de "
                                           "l'administration. Rechargez la page et "
                                           "recommencez."), 400
    g.admin_user = None
    user_id = session.get("uid")
    if user_id:
        with database().session() as s:
            user = s.get(User, user_id)
            if user and user.active and user.session_epoch == session.get("epoch"):
                g.admin_user = user
    if g.admin_user is None and request.endpoint not in PUBLIC_ENDPOINTS:
        from flask import redirect, url_for
        return redirect(url_for("admin.login"))


@bp.after_request
def never_cache(response):
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.app_context_processor
def admin_context():
    if not request.path.startswith("/admin"):
        return {}
    return {"csrf_field": csrf_field, "current_user": current_user(),
            "is_publisher": is_publisher(), "navigation": NAVIGATION}


@bp.errorhandler(SQLAlchemyError)
def database_unavailable(error):
    current_app.logger.warning("admin: database error %s", error.__class__.__name__)
    return render_template("admin/error.html", title="Base de données injoignable",
                           message="La base de données ne répond pas : rien n'a été "
                                   "enregistré par cette action. Ce qui était déjà "
                                   "enregistré est conservé. Réessayez dans quelques "
                                   "instants."), 503


@bp.errorhandler(403)
def forbidden(error):
    return render_template("admin/error.html", title="Accès refusé",
                           message="Cette action est réservée aux comptes « publication »."), 403


@bp.errorhandler(400)
def bad_request(error):
    return render_template("admin/error.html", title="Formulaire illisible",
                           message="Ce formulaire n'a pas pu être lu : rien n'a été "
                                   "enregistré. Rechargez la page et recommencez."), 400


@bp.errorhandler(FormError)
def unreadable_field(error: FormError):
    return render_template("admin/error.html", title="Formulaire illisible",
                           message=f"{error.message} Rien n'a été enregistré : rechargez "
                                   "la page et recommencez."), 400


@bp.errorhandler(413)
def too_large(error):
    return render_template("admin/error.html", title="Envoi trop volumineux",
                           message="Ce qui a été envoyé dépasse 1 Mo : rien n'a été "
                                   "enregistré."), 413


@bp.errorhandler(404)
def not_found(error):
    return render_template("admin/error.html", title="Page introuvable",
                           message="Cette page n'existe pas ou plus."), 404


from bff.admin import scopes, auth, pages, entries, calendars, users, transfer  # noqa: E402,F401
from bff.admin import partners  # noqa: E402,F401  (the integration kit's pages)
