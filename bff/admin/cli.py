"""``flask --app bff admin create-user EMAIL --role editor|publisher`` and
``flask --app bff partners drop-local-origins`` (the demo's localhost origins, refused in
production).

The password is prompted (hidden, twice) on a terminal, or read from the first line
of stdin otherwise (``echo "$PASSWORD" | flask --app bff admin create-user ...``).
"""
from __future__ import annotations

import sys

import click
from flask import Flask
from flask.cli import AppGroup

from bff.storage import database
from bff.storage.models import ROLES


def register(app: Flask) -> None:
    group = AppGroup("admin", help="Administration : comptes.")

    @group.command("create-user")
    @click.argument("email")
    @click.option("--role", type=click.Choice(ROLES), required=True,
                  help="editor : brouillons ; publisher : publier, restaurer, comptes.")
    def create_user_command(email, role):
        """Create an admin account."""
        from bff.admin.users import create_user
        if sys.stdin.isatty():
            password = click.prompt("Mot de passe (12 caractères au moins)", hide_input=True,
                                    confirmation_prompt="Confirmez le mot de passe")
        else:
            password = sys.stdin.readline().rstrip("\r\n")
        with database().session() as s:
            errors = create_user(s, email, role, password, actor="cli")
            if errors:
                for messages in errors.values():
                    for message in messages:
                        click.echo(message, err=True)
                raise SystemExit(1)
        click.echo(f"Compte {email.strip().lower()} créé ({role}).")

    app.cli.add_command(group)

    partners = AppGroup("partners", help="Partenaires : origines autorisées.")

    @partners.command("drop-local-origins")
    def drop_local_origins_command():
        """Remove localhost / 127.0.0.1 origins (demo seeds) from every partner."""
        from bff.storage.partners import drop_loopback_origins
        with database().session() as s:
            removed = drop_loopback_origins(s, actor="cli")
        if not removed:
            click.echo("Aucune origine locale : rien à retirer.")
        for name, origins in removed.items():
            click.echo(f"{name} : retiré {', '.join(origins)}")

    app.cli.add_command(partners)
