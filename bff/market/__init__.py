"""Job market: the snapshot of API Apprentissage's export, its refresh and its API.

``init_app(app)`` (called by ``create_app`` before the API blueprint is registered)
installs the per-process ``MarketService`` (``app.extensions["market"]``), the
``flask market`` commands, the optional France Travail tension indicator, and the
``/api/v1/market`` route (``bff.market.routes``, on ``bff.web.api``).

Other widgets get counts without HTTP through ``counts_for(romes, lat, lon, radius)``.
"""
from __future__ import annotations

from flask import Flask, current_app

from widgets.market.snapshot import Counts

def init_app(app: Flask) -> None:
    from bff.market import routes  # noqa: F401 (adds /market to the API blueprint)
    from bff.market.service import MarketService

    app.extensions["market"] = MarketService(
        app.extensions["database"],
        refresh_seconds=float(app.config["MARKET_REFRESH_SECONDS"]),
        retry_seconds=float(app.config["MARKET_RETRY_SECONDS"]))
    if app.config["FRANCE_TRAVAIL_CLIENT_ID"] and app.config["FRANCE_TRAVAIL_CLIENT_SECRET"]:
        from bff.market.tension import TensionService
        app.extensions["market_tension"] = TensionService.from_app(app)
    _register_cli(app)


def counts_for(romes, latitude: float, longitude: float, radius_km: float,
               departement: str | None = None, app: Flask | None = None) -> tuple[Counts, dict]:
    """Counts from the snapshot the app serves, and what it is (``as_of``, ``demo``)."""
    app = app or current_app._get_current_object()
    loaded = app.extensions["market"].current()
    counts = loaded.count(romes, latitude, longitude, radius_km, departement)
    return counts, {"as_of": loaded.snapshot.as_of, "demo": loaded.snapshot.demo,
                    "source": loaded.snapshot.source}


def _register_cli(app: Flask) -> None:
    import click
    from flask.cli import AppGroup

    group = AppGroup("market", help="Marché de l'emploi : instantané des offres.")

    @group.command("refresh")
    @click.option("--file", "file", type=click.Path(exists=True, dir_okay=False),
                  help="Lire cet export (JSON ou gzip) au lieu de le télécharger.")
    @click.option("--as-of", "as_of", default=None,
                  help="Date de l'export (AAAA-MM-JJ) ; par défaut celle de l'API, "
                       "ou aujourd'hui pour un fichier.")
    def refresh_command(file, as_of):
        """Télécharger l'export d'API Apprentissage, le valider et le publier."""
        from bff.market.refresh import RefreshError, refresh

        try:
            result = refresh(app, file=file, as_of=as_of)
        except RefreshError as error:
            click.echo(f"Échec de la mise à jour du marché de l'emploi : {error}. "
                       "L'instantané précédent reste servi.", err=True)
            raise SystemExit(1)
        stats = result.stats
        click.echo(f"Instantané {result.snapshot_id} du {result.as_of} publié : "
                   f"{stats.get('offers', 0)} offres, {stats.get('recruiters', 0)} entreprises "
                   f"à candidature spontanée, "
                   f"{stats.get('invalid', 0)} éléments invalides écartés, "
                   f"{stats.get('inactive', 0)} inactifs, {stats.get('without_trade', 0)} "
                   f"sans code ROME ({result.size / 1e6:.1f} Mo).")

    @group.command("status")
    def status_command():
        """Afficher l'instantané servi et la dernière mise à jour."""
        import json

        with app.app_context():
            click.echo(json.dumps(app.extensions["market"].status(), ensure_ascii=False,
                                  indent=2))

    app.cli.add_command(group)
