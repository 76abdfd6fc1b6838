"""The pay simulator's page as data: the form's values, the simulation and its summary,
French amounts and dates. The BFF renders ``pay/simulator.html`` (or, for
``fragment=result``, ``pay/fragment.html``, which static/js/pay.js swaps in place while
the candidate types) with ``page_view(args)``.
"""
from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

from marshmallow import ValidationError

from widgets.pay.answer import LEGAL_SOURCES
from widgets.pay.chart import HEIGHT, WIDTH, bar_chart
from widgets.pay.figures import TERRITORIES, figures
from widgets.pay.rules import simulate
from widgets.pay.schema import REQUIRED, PayQuery

QUERY = PayQuery()
FIELDS = tuple(QUERY.fields)
ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
NARROW_SPACE = "\u202f"


def euros(amount: Decimal | None, decimals: bool = True) -> str:
    """``1 801,80 €`` as French readers write it."""
    if amount is None:
        return "—"
    text = f"{amount:,.2f}" if decimals else f"{amount:,.0f}"
    return text.replace(",", NARROW_SPACE).replace(".", ",") + "\u00a0€"


def french_day(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def offer_summary(simulation) -> dict | None:
    """The offered pay against the minimum over the whole contract, for one sentence."""
    offers = [p.offer for p in simulation.periods if p.offer is not None] if simulation else []
    if not offers:
        return None
    nets = [o.net_monthly for o in offers if o.net_monthly is not None]
    below = [p for p in simulation.periods if p.offer is not None and p.offer.below_minimum]
    return {"gross": offers[0].gross_monthly, "net": min(nets) if nets else None,
            "below": bool(below), "below_periods": below,
            "missing": max((p.offer.shortfall_monthly for p in below), default=None)}


def form_values(args) -> dict[str, str]:
    values = {name: args.get(name, "").strip()[:40] for name in FIELDS}
    if "duration_months" not in args:
        values["duration_months"] = str(QUERY.fields["duration_months"].load_default)
    start = args.get("formation_start", "").strip()
    if not values["contract_start"] and ISO_DAY.fullmatch(start):
        values["contract_start"] = start
    return values


def submitted(args) -> bool:
    """The candidate sent the form (a month of birth is then in the query)."""
    return "birth_month" in args


def page_view(args) -> dict:
    """Everything the simulator's templates show for the query ``args``."""
    values = form_values(args)
    errors: dict[str, list[str]] = {}
    simulation = None
    if submitted(args):
        try:
            query = QUERY.load(values)
        except ValidationError as error:
            errors = {k: v for k, v in error.messages.items() if isinstance(v, list)}
        else:
            birth_month, start = query.pop("birth_month"), query.pop("contract_start")
            simulation = simulate(birth_month, start, **query)
    return dict(
        values=values, errors=errors, submitted=submitted(args),
        only_missing=all(m == [REQUIRED] for m in errors.values()),
        simulation=simulation, offer=offer_summary(simulation),
        chart=bar_chart(simulation.years) if simulation else [],
        chart_width=WIDTH, chart_height=HEIGHT, figures=figures(), territories=TERRITORIES,
        formation_start=args.get("formation_start", "")[:10],
        euros=euros, day=french_day, legal_sources=LEGAL_SOURCES,
    )
