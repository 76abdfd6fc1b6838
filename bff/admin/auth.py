"""Logging in and out: argon2 passwords, lockout after repeated failures, logout that
ends the account's sessions.

Failures are counted in the database (so across processes and instances) over a window
of ADMIN_LOCKOUT_MINUTES, with two separate limits (OWASP's authentication cheat sheet):

- per client address: ADMIN_LOCKOUT_IP_FAILURES failures from one address, whatever the
  accounts, lock that address out (IPv6 addresses count per /64 network, which one
  subscriber usually holds whole);
- per account: once ADMIN_LOCKOUT_FAILURES failures for one account have come from any
  addresses, every address that has failed on that account is refused for it. An address
  that has not failed on it is never refused: nobody can lock a colleague out by typing
  wrong passwords for their address. A distributed guesser gets one try per address.

The client address is ``request.remote_addr``: behind a reverse proxy, TRUSTED_PROXIES
makes it the address the proxy saw (``X-Forwarded-For``, see ``bff._trust_proxies``);
otherwise every client would share the proxy's. A refused login answers the same
whatever the password.
"""
from __future__ import annotations

import hashlib
import ipaddress
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


def client_network(address: str | None) -> str:
    """The unit the per-address limit counts: the IPv4 address, or the IPv6 /64."""
    try:
        ip = ipaddress.ip_address((address or "").strip())
    except ValueError:
        return address or ""
    if ip.version == 6:
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


def _hashed(value: str) -> str:
    # Hashed: the table must not become a list of the addresses people typed.
    return hashlib.sha256(value.encode()).hexdigest()[:40]


def _subjects(email: str) -> dict[str, str]:
    """The failure counters one login attempt touches: the account, the client address,
    and that account from that address."""
    account = normalize_email(email)
    address = client_network(request.remote_addr)
    return {"account": f"a:{_hashed(account)}", "address": f"i:{_hashed(address)}",
            "pair": f"p:{_hashed(account + chr(0) + address)}"}


def locked_out(s, email: str) -> bool:
    """Is this attempt refused, before looking at the password?"""
    config = current_app.config
    since = utcnow() - timedelta(minutes=config["ADMIN_LOCKOUT_MINUTES"])
    subjects = _subjects(email)
    rows = s.execute(
        sa.select(LoginFailure.subject, sa.func.count()).select_from(LoginFailure)
        .where(LoginFailure.subject.in_(subjects.values()), LoginFailure.created_at >= since)
        .group_by(LoginFailure.subject)).all()
    counts = dict(rows)
    count = {name: counts.get(subject, 0) for name, subject in subjects.items()}
    if count["address"] >= config["ADMIN_LOCKOUT_IP_FAILURES"]:
        return True
    # The account's limit binds only the addresses that have failed on it.
    return count["pair"] > 0 and count["account"] >= config["ADMIN_LOCKOUT_FAILURES"]


def _record_failure(s, email: str) -> None:
    now = utcnow()
    for subject in _subjects(email).values():
        s.add(LoginFailure(subject=subject, created_at=now))
    s.execute(sa.delete(LoginFailure).where(LoginFailure.created_at < now - timedelta(days=1)))


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user() is not None and request.method == "GET":
        return redirect(url_for("admin.dashboard"))
    error = None
    locked = False
    email = ""
    if request.method == "POST":
        email = normalize_email(request.form.get("email", ""))[:254]
        password = request.form.get("password", "")[:256]
        with database().session() as s:
            if locked_out(s, email):
                locked = True
                error = (f"Trop de tentatives de connexion : la connexion est bloquée pendant "
                         f"{current_app.config['ADMIN_LOCKOUT_MINUTES']} minutes depuis "
                         "votre adresse réseau.")
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
    status = 200 if error is None else (429 if locked else 400)
    return render_template("admin/login.html", error=error, email=email), status


@bp.post("/logout")
def logout():
    """End the session on the server too: the session cookie is signed, not stored, so a
    copy kept from before would still be valid. Bumping the account's session epoch
    (which every request compares with the cookie's, ``bff.admin.authenticate``) makes
    every earlier cookie of this account dead, on every browser."""
    user = current_user()
    with database().session() as s:
        s.execute(sa.update(User).where(User.id == user.id)
                  .values(session_epoch=User.session_epoch + 1))
        audit(s, user.email, "logout")
    session.clear()
    return redirect(url_for("admin.login"))
