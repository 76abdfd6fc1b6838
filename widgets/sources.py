"""Which sources a candidate-facing fact may cite: official domains only.

Every ``source.url`` and every link of the bundled data (``widgets/*/data/**/*.json``)
and of the Python-declared sources (``widgets.pay.answer.LEGAL_SOURCES``) must pass
``problem_with(url)`` (tests/test_sources.py checks them all). Aggregators, blogs,
news mirrors and private companies may help to *find* a fact, never to cite it.

Légifrance is cited by stable links only: an article by its LEGIARTI identifier
(``/codes/article_lc/LEGIARTI…``, which always shows the version in force), a section
by ``/codes/section_lc/LEGITEXT…/LEGISCTA…``, a text of the Journal officiel by
``/jorf/id/JORFTEXT…`` or ``/loda/id/JORFTEXT…``. Dated or session links
(``/codes/id/LEGIARTI…/2019-01-01/``, ``affichCode.do;jsessionid=…``) are refused.

Pure module: no I/O, no Flask.
"""
from __future__ import annotations

import re
from urllib.parse import urlsplit

#: Official domains (a subdomain of one of them is official too), with what they are.
ALLOWED_DOMAINS: dict[str, str] = {
    "legifrance.gouv.fr": "Légifrance, the official legal texts (DILA)",
    "service-public.fr": "Service-Public, the administration's guide for citizens (DILA)",
    "service-public.gouv.fr": "Service-Public under its newer domain (DILA)",
    "travail-emploi.gouv.fr": "Ministry of Labour",
    "code.travail.gouv.fr": "Code du travail numérique, Ministry of Labour",
    "alternance.emploi.gouv.fr": "Portail de l'alternance, Ministry of Labour",
    "boss.gouv.fr": "Bulletin officiel de la sécurité sociale",
    "urssaf.fr": "Urssaf",
    "parcoursup.gouv.fr": "Parcoursup, the official platform",
    "parcoursup.fr": "Parcoursup (historical domain)",
    "education.gouv.fr": "Ministry of National Education (and its services, e.g. Affelnet)",
    "enseignementsup-recherche.gouv.fr": "Ministry of Higher Education",
    "onisep.fr": "Onisep, the national public body for career information",
    "actionlogement.fr": "Action Logement (Mobili-Jeune, Loca-Pass, Visale)",
    "visale.fr": "Visale, Action Logement's rent guarantee",
    "caf.fr": "Caisses d'allocations familiales",
    "msa.fr": "Mutualité sociale agricole",
    "francetravail.fr": "France Travail",
    "labonnealternance.apprentissage.beta.gouv.fr": "La bonne alternance (public service)",
    "etudiant.gouv.fr": "Ministry of Higher Education's student portal",
    "1jeune1solution.gouv.fr": "1 jeune 1 solution (government)",
    "data.gouv.fr": "National open-data portal",
    "data.education.gouv.fr": "Ministry of Education open data",
    "data.enseignementsup-recherche.gouv.fr": "Ministry of Higher Education open data",
    "securite-routiere.gouv.fr": "Sécurité routière (government)",
    "assemblee-nationale.fr": "Assemblée nationale (bills, amendments, written questions)",
    "senat.fr": "Sénat (bills, written questions)",
}

LEGIFRANCE_STABLE = re.compile(
    r"^/(?:codes/article_lc/LEGIARTI\d{12}"
    r"|codes/section_lc/LEGITEXT\d{12}/LEGISCTA\d{12}"
    r"|(?:jorf|loda)/id/JORFTEXT\d{12}"
    r"|jorf/article_jo/JORFARTI\d{12})/?$")

#: Keys of the bundled JSON whose values are links a candidate may follow.
LINK_KEYS = frozenset({"url", "link", "target"})


def official_domain(host: str) -> str | None:
    """The allowed domain ``host`` belongs to, if any."""
    host = host.lower().rstrip(".")
    for domain in ALLOWED_DOMAINS:
        if host == domain or host.endswith("." + domain):
            return domain
    return None


def problem_with(url: str) -> str | None:
    """Why ``url`` may not be cited (English, for developers and tests); None when it may."""
    parts = urlsplit(url)
    if parts.scheme != "https":
        return "not an https link"
    if parts.username or parts.password or parts.port:
        return "credentials or port in the link"
    domain = official_domain(parts.hostname or "")
    if domain is None:
        return f"{parts.hostname!r} is not an official domain of the allow-list"
    if domain == "legifrance.gouv.fr" and (parts.query or not LEGIFRANCE_STABLE.match(parts.path)):
        return "Légifrance link is not a stable article/section/text link"
    return None


def links_in(value, path: str = "") -> list[tuple[str, str]]:
    """(JSON path, url) of every http(s) link held under a LINK_KEYS key of ``value``."""
    found: list[tuple[str, str]] = []
    if isinstance(value, dict):
        for key, item in value.items():
            where = f"{path}.{key}" if path else str(key)
            if key in LINK_KEYS and isinstance(item, str) and re.match(r"^[a-z]+://", item):
                found.append((where, item))
            else:
                found.extend(links_in(item, where))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found.extend(links_in(item, f"{path}[{index}]"))
    return found
