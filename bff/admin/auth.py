"""Logging in and out: argon2 passwords, lockout after repeated failures.

Failures are counted in the database per account and per client address over a
window of ADMIN_LOCKOUT_MINUTES, so the lockout holds across processes and
instances. A locked account answers the same whatever the password.
"""
from __future__ import annotations

import hashlib
from datetime import timedelta

import sqlalchemy as sa
from argon2 import PasswordHasher, profiles
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app, redirect, render_template, request, session, url_for

from bff.admin import bp, csrf_token, current_user
from bff.storage import database
from bff.storage.content import audit
from bff.storage.models import LoginFailure, User, utcnow

MIN_PASSWORD_LENGTH = 12
# Verified when the account does not exist, so both cases take the same time.
_DUMMY_HASH = None


def hasher() -> PasswordHasher:
    profile = current_app.config["ADMIN_PASSWORD_PROFILE"]
    return PasswordHasher.from_parameters(getattr(profiles, profile))


def password_problems(password: str) -> list[str]:
    if len(password) < MIN_PASSWORD_LENGTH:
        return [f"Le mot de passe doit faire au moins {MIN_PASSWORD_LENGTH} caractères."]
    if len(password) > 256:
        return ["Le mot de passe ne doit pas dépasser 256 caractères."]
    return []


def hash_password(password: str) -> str:
    return hasher().hash(password)


def verify_password(stored: str | None, password: str) -> bool:
    global _DUMMY_HASH
    if stored is None:
        _DUMMY_HASH = _DUMMY_HASH or hasher().hash("not-a-real-password")
        stored = _DUMMY_HASH
        password = password + "x"
    try:
        return hasher().verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


def normalize_email(email: str) -> str:
    return email.strip().lower()


def _subjects(email: str) -> list[str]:
    # Hashed: the table must not become a list of addresses people typed.
    account = hashlib.sha256(normalize_email(email).encode()).hexdigest()[:40]
    address = hashlib.sha256((request.remote_addr or "").encode()).hexdigest()[:40]
    return [f"a:{account}", f"i:{address}"]


def locked_out(s, email: str) -> bool:
    config = current_app.config
    since = utcnow() - timedelta(minutes=config["ADMIN_LOCKOUT_MINUTES"])
    account, address = _subjects(email)
    count = lambda subject: s.scalar(  # noqa: E731
        sa.select(sa.func.count()).select_from(LoginFailure)
        .where(LoginFailure.subject == subject, LoginFailure.created_at >= since))
    return (count(account) >= config["ADMIN_LOCKOUT_FAILURES"]
            or count(address) >= config["ADMIN_LOCKOUT_IP_FAILURES"])


def _record_failure(s, email: str) -> None:
    now = utcnow()
    for subject in _subjects(email):
        s.add(LoginFailure(subject=subject, created_at=now))
    s.execute(sa.delete(LoginFailure).where(LoginFailure.created_at < now - timedelta(days=1)))


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user() is not None and request.method == "GET":
        return redirect(url_for("admin.dashboard"))
    error = None
    email = ""
    if request.method == "POST":
        email = normalize_email(request.form.get("email", ""))[:254]
        password = request.form.get("password", "")[:256]
        with database().session() as s:
            if locked_out(s, email):
                error = (f"Trop de tentatives de connexion : ce compte est bloqué pendant "
                         f"{current_app.config['ADMIN_LOCKOUT_MINUTES']} minutes.")
                audit(s, email or "?", "login-locked")
            else:
                user = s.scalar(sa.select(User).where(User.email == email)) if email else None
                ok = verify_password(user.password_hash if user else None, password)
                if ok and user.active:
                    if hasher().check_needs_rehash(user.password_hash):
                        user.password_hash = hash_password(password)
                    session.clear()
                    session.permanent = True
                    session["uid"] = user.id
                    session["epoch"] = user.session_epoch
                    csrf_token()
                    audit(s, user.email, "login")
                    return redirect(url_for("admin.dashboard"))
                _record_failure(s, email)
                audit(s, email or "?", "login-failed")
                error = "Adresse électronique ou mot de passe incorrect."
    status = 200 if error is None else (429 if "bloqué" in error else 400)
    return render_template("admin/login.html", error=error, email=email), status


@bp.post("/logout")
def logout():
    user = current_user()
    with database().session() as s:
        audit(s, user.email, "logout")
    session.clear()
    return redirect(url_for("admin.login"))
