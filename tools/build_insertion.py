#!/usr/bin/env python3
"""Build the insertion widget's bundled per-CFA figures into ``widgets/insertion/data/``.

Reads the open-data file « InserJeunes Apprentissage par CFA » (dataset
``fr-en-inserjeunes-cfa`` of data.education.gouv.fr, one row per CFA and cumul) once,
never at run time, and writes:

- ``widgets/insertion/data/cfa.json.gz``: for each UAI and cumul, the rates the widget
  shows (``null`` where the source cell is blank, i.e. not published), the establishment's
  label, and for each cumul the list of rates the source publishes at all;
- ``tests/insertion/fixtures/cfa_sample.csv``: a small sample of the source's own lines,
  byte for byte (header included), chosen to cover every cumul, blank cells, partly
  published rows, negative value added and integers written without decimals. A test
  compares the bundled figures with it, so the bundle is checked against the source
  without the tests ever reading the shared data folder;
- ``tests/insertion/fixtures/exposition_schemas.json``: the answer schemas of the
  Exposition InserJeunes API's OpenAPI document (``--openapi``, a YAML file: needs PyYAML,
  installed with the test extras), against which the tests check their fake API's answers.

Usage::

    python3 tools/build_insertion.py [--source FILE] [--copied-on YYYY-MM-DD] [--out DIR]
                                     [--openapi FILE]

``--copied-on`` is the date the source file was downloaded (shown on the widget as the
date of the data). The output is deterministic: the same source gives the same bytes.
"""
from __future__ import annotations

import argparse
import csv
import gzip
import io
import json
import re
import sys
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SOURCE = Path("/work/shared/data/inserjeunes/fr-en-inserjeunes-cfa.csv")
DEFAULT_OUT = ROOT / "widgets" / "insertion" / "data"
SAMPLE = ROOT / "tests" / "insertion" / "fixtures" / "cfa_sample.csv"
DEFAULT_OPENAPI = Path("/work/shared/data/inserjeunes/exposition-inserjeunes-swagger.yml")
SCHEMAS_OUT = ROOT / "tests" / "insertion" / "fixtures" / "exposition_schemas.json"
# The answer schemas the widget reads, and what they refer to.
ANSWER_SCHEMAS = ("Certification", "Regionale", "Formation", "Error", "Region", "Meta",
                  "DonneeSource", "FamilleMetier", "CertificationsTerminales")
# The copy we were given was committed to its repository on this day (SOURCES.md of the
# shared folder): it is the date of our data until someone downloads a newer file.
DEFAULT_COPIED_ON = "2026-04-24"

DATASET = "fr-en-inserjeunes-cfa"
DATASET_URL = "https://data.education.gouv.fr/explore/dataset/fr-en-inserjeunes-cfa/"
LICENCE = "Licence Ouverte / Open Licence 2.0"
ATTRIBUTION = "Ministère de l'Éducation nationale – InserJeunes (DEPP, Dares)"

# Our key -> the source's column. Order matters: it is the order of the values per row.
COLUMNS = (
    ("part_en_emploi_6_mois", "DEVENIR Part en emploi 6 mois"),
    ("part_en_formation", "DEVENIR Part poursuite études"),
    ("part_autres_6_mois", "DEVENIR Part autre situation 6 mois"),
    ("taux_emploi_6_mois", "Taux emploi 6 mois"),
    ("taux_emploi_6_mois_attendu", "Taux emploi 6 mois attendu"),
    ("valeur_ajoutee_6_mois", "VA emploi 6 mois"),
    ("taux_emploi_12_mois", "Taux emploi 12 mois"),
    ("taux_emploi_18_mois", "Taux emploi 18 mois"),
    ("taux_emploi_24_mois", "Taux emploi 24 mois"),
    ("part_contrats_interrompus", "Part contrats apprentissage interrompus"),
)
# Left out: "Région" (not shown), "num_ligne" (added by whoever copied the file), and
# "Taux poursuite études", equal to "DEVENIR Part poursuite études" wherever both are
# published (checked below): the widget shows the latter, with the other two shares.
DUPLICATE = ("Taux poursuite études", "DEVENIR Part poursuite études")
REQUIRED = ("Année", "UAI", "Libellé") + tuple(source for _, source in COLUMNS) + DUPLICATE
CUMUL = re.compile(r"^cumul (\d{4})-(\d{4})$")
UAI = re.compile(r"^\d{7}[A-Z]$")
NUMBER = re.compile(r"^-?\d{1,3}(?:\.\d+)?$")


class SourceError(ValueError):
    """The source file is not what this tool knows how to read."""


def millesime_of(cumul: str) -> str:
    """``cumul 2022-2023`` -> ``2022_2023`` (the Exposition API's way of writing a period)."""
    match = CUMUL.match(cumul)
    if not match or int(match.group(2)) != int(match.group(1)) + 1:
        raise SourceError(f"unexpected cumul {cumul!r}")
    return f"{match.group(1)}_{match.group(2)}"


def number(text: str, where: str) -> int | float | None:
    """A cell as a JSON number; blank -> None (not published: under the threshold)."""
    text = text.strip()
    if text == "":
        return None
    if not NUMBER.match(text):
        raise SourceError(f"{where}: not a percentage: {text!r}")
    value = float(text)
    return int(value) if value.is_integer() else value


def read_rows(text: str) -> list[dict]:
    """The source's rows (``text`` is the whole file, BOM allowed), checked."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")), delimiter=";")
    missing = [name for name in REQUIRED if name not in (reader.fieldnames or [])]
    if missing:
        raise SourceError(f"missing columns: {', '.join(missing)}")
    return list(reader)


def parse(text: str) -> dict:
    """The bundle built from the source ``text``: ``{"cumuls", "establishments"}``."""
    rows = read_rows(text)
    establishments: dict[str, dict] = {}
    seen = set()
    for line, row in enumerate(rows, start=2):
        uai, cumul = row["UAI"].strip(), row["Année"].strip()
        where = f"line {line} ({uai}, {cumul})"
        if not UAI.match(uai):
            raise SourceError(f"{where}: not a UAI")
        millesime = millesime_of(cumul)
        if (uai, millesime) in seen:
            raise SourceError(f"{where}: two rows for the same CFA and cumul")
        seen.add((uai, millesime))
        values = [number(row[source], where) for _, source in COLUMNS]
        duplicate, kept = (number(row[name], where) for name in DUPLICATE)
        if duplicate is not None and kept is not None and duplicate != kept:
            raise SourceError(f"{where}: {DUPLICATE[0]!r} differs from {DUPLICATE[1]!r}")
        entry = establishments.setdefault(uai, {"labels": {}, "cumuls": {}})
        entry["labels"][millesime] = row["Libellé"].strip()
        entry["cumuls"][millesime] = values

    cumuls: dict[str, dict] = {}
    for row in rows:
        millesime = millesime_of(row["Année"].strip())
        cumuls.setdefault(millesime, {"label": row["Année"].strip(), "published": set(),
                                      "rows": 0})
        cumuls[millesime]["rows"] += 1
        for key, source in COLUMNS:
            if row[source].strip():
                cumuls[millesime]["published"].add(key)
    order = [key for key, _ in COLUMNS]
    cumul_table = {
        m: {"label": c["label"], "rows": c["rows"],
            "published": [k for k in order if k in c["published"]]}
        for m, c in sorted(cumuls.items(), reverse=True)}

    table = {}
    for uai in sorted(establishments):
        entry = establishments[uai]
        latest = max(entry["cumuls"])
        label = entry["labels"][latest]
        record = {"label": label,
                  "cumuls": {m: entry["cumuls"][m] for m in sorted(entry["cumuls"], reverse=True)}}
        older = {m: l for m, l in sorted(entry["labels"].items(), reverse=True) if l != label}
        if older:
            record["labels"] = older
        table[uai] = record
    return {"cumuls": cumul_table, "establishments": table}


def bundle(text: str, copied_on: str) -> dict:
    data = parse(text)
    return {
        "dataset": DATASET,
        "url": DATASET_URL,
        "licence": LICENCE,
        "attribution": ATTRIBUTION,
        "copied_on": copied_on,
        "columns": [key for key, _ in COLUMNS],
        **data,
    }


def sample_lines(text: str) -> list[str]:
    """The header and a deterministic sample of the source's lines, verbatim."""
    lines = text.splitlines(keepends=True)
    header, body = lines[0], lines[1:]
    rows = read_rows(text)
    if len(rows) != len(body):
        raise SourceError("a quoted field spans lines: the sample would not be verbatim")
    chosen: list[int] = []

    def pick(predicate, count=1):
        found = 0
        for index, row in enumerate(rows):
            if found >= count:
                return
            if index not in chosen and predicate(row):
                chosen.append(index)
                found += 1

    def blank(row, name):
        return not row[name].strip()

    for cumul in sorted({r["Année"] for r in rows}):
        same = (lambda c: lambda r: r["Année"] == c)(cumul)
        pick(lambda r: same(r) and all(not blank(r, s) for _, s in COLUMNS[:6]), 2)
        pick(lambda r: same(r) and all(blank(r, s) for _, s in COLUMNS))
        pick(lambda r: same(r) and not blank(r, COLUMNS[0][1]) and blank(r, "Taux emploi 6 mois"))
        pick(lambda r: same(r) and r["VA emploi 6 mois"].strip().startswith("-"))
        pick(lambda r: same(r) and any(re.fullmatch(r"\d+", r[s].strip()) for _, s in COLUMNS))
        pick(lambda r: same(r) and not blank(r, "Part contrats apprentissage interrompus"))
    # One establishment through every cumul it has (its history, labels included).
    counts: dict[str, int] = {}
    for row in rows:
        counts[row["UAI"]] = counts.get(row["UAI"], 0) + 1
    longest = max(sorted(counts), key=lambda u: counts[u])
    pick(lambda r: r["UAI"] == longest, counts[longest])
    return [header] + [body[i] for i in sorted(chosen)]


def answer_schemas(openapi_text: str, origin: str) -> dict:
    """The API's answer schemas from its OpenAPI document, as one JSON object."""
    import yaml  # build-time only (PyYAML comes with the test extras)

    document = yaml.safe_load(openapi_text)
    schemas = document["components"]["schemas"]
    kept = {name: schemas[name] for name in ANSWER_SCHEMAS}
    fixes = []
    donnee = kept["DonneeSource"]
    if set(donnee.get("required", ())) - set(donnee.get("properties", {})):
        # The document requires "code" and "nom", which DonneeSource does not define
        # (its properties are code_certification and type): a copy-paste slip of Region.
        fixes.append("DonneeSource: dropped required " + repr(donnee.pop("required")) +
                     ", names that are not among its properties")
    return {"origin": origin, "openapi": document.get("openapi"),
            "title": document.get("info", {}).get("title"), "fixes": fixes,
            "schemas": kept}


def write_gzip_json(path: Path, payload: dict) -> int:
    raw = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    data = gzip.compress(raw, compresslevel=9, mtime=0)
    path.write_bytes(data)
    return len(data)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE)
    parser.add_argument("--copied-on", default=DEFAULT_COPIED_ON,
                        help="date the source file was downloaded (YYYY-MM-DD)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--sample", type=Path, default=SAMPLE)
    parser.add_argument("--openapi", type=Path, default=DEFAULT_OPENAPI)
    parser.add_argument("--schemas-out", type=Path, default=SCHEMAS_OUT)
    args = parser.parse_args(argv)
    date.fromisoformat(args.copied_on)
    raw = args.source.read_bytes()
    text = raw.decode("utf-8")
    payload = bundle(text, args.copied_on)
    args.out.mkdir(parents=True, exist_ok=True)
    size = write_gzip_json(args.out / "cfa.json.gz", payload)
    args.sample.parent.mkdir(parents=True, exist_ok=True)
    lines = sample_lines(text)
    args.sample.write_bytes("".join(lines).encode("utf-8"))
    print(f"{len(payload['establishments'])} establishments, "
          f"{sum(c['rows'] for c in payload['cumuls'].values())} rows -> "
          f"{args.out / 'cfa.json.gz'} ({size} bytes)")
    for millesime, cumul in payload["cumuls"].items():
        print(f"  {cumul['label']}: {cumul['rows']} rows, published: {', '.join(cumul['published'])}")
    print(f"sample: {len(lines) - 1} source lines -> {args.sample}")
    if args.openapi.exists():
        schemas = answer_schemas(args.openapi.read_text(encoding="utf-8"),
                                 "mission-apprentissage/trajectoires-pro "
                                 "server/src/http/routes/swagger.yml (MIT), commit 45fef8f")
        args.schemas_out.write_text(json.dumps(schemas, ensure_ascii=False, indent=1,
                                               sort_keys=True) + "\n", encoding="utf-8")
        print(f"answer schemas: {', '.join(schemas['schemas'])} -> {args.schemas_out}"
              + "".join(f"\n  fix: {fix}" for fix in schemas["fixes"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
