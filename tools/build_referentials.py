#!/usr/bin/env python3
"""Build the offer search box's reference data into ``widgets/offers/data/``.

Reads the shared source files once (never at run time) and writes compact, trimmed
files that ``widgets.offers.referentials`` loads:

- ``communes.json.gz``: current communes and the municipal arrondissements of Paris,
  Lyon and Marseille, with postal codes, département and a centre point, in ranking
  order (largest population first); former INSEE codes as aliases; départements;
- ``trades.json``: searchable trade labels (LBA trade groups, ROME 4.0 labels,
  historical ROME labels) with their ROME codes, in ranking order;
- ``training_codes.json.gz``: RNCP -> ROME, CFD -> RNCP and the RNCP level.

Usage: ``python3 tools/build_referentials.py [--source /work/shared/data] [--out DIR]``.
The output is deterministic (sorted, gzip without timestamp): rebuilding from the same
sources gives the same bytes.
"""
from __future__ import annotations

import argparse
import collections
import csv
import gzip
import json
import re
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SOURCE = Path("/work/shared/data")
DEFAULT_OUT = ROOT / "widgets" / "offers" / "data"

ROME_RE = re.compile(r"^[A-Z]\d{4}$")
MAX_ROMES = 20  # the job search API refuses more ROME codes in one query
PLM_PARENTS = {"75056", "69123", "13055"}  # Paris, Lyon, Marseille (split in arrondissements)
COORD_DIGITS = 4  # about 10 m: more is noise for a "near the training" search


def fold(text: str) -> str:
    """The comparison form of a name: no accents, no case, words split on punctuation."""
    text = unicodedata.normalize("NFKD", text).replace("œ", "oe").replace("Œ", "oe")
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return " ".join(re.sub(r"[^0-9a-z]+", " ", text).split())


def read_csv(path: Path, delimiter: str) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter=delimiter))


def write(path: Path, payload: dict) -> int:
    data = json.dumps(payload, ensure_ascii=False, separators=(",", ":"), sort_keys=False)
    raw = data.encode("utf-8")
    if path.suffix == ".gz":
        raw = gzip.compress(raw, compresslevel=9, mtime=0)
    path.write_bytes(raw)
    return len(raw)


# -- communes ---------------------------------------------------------------------------

def build_communes(src: Path, report: dict) -> dict:
    etalab = json.loads((src / "geo" / "etalab_communes.json").read_text(encoding="utf-8"))
    departements = json.loads((src / "geo" / "etalab_departements.json").read_text(encoding="utf-8"))
    poste = collections.defaultdict(list)
    for row in read_csv(src / "geo" / "laposte_hexasmal.csv", ";"):
        poste[row["Code_commune_INSEE"].strip()].append(row)

    def poste_point(code):
        for row in poste.get(code, ()):
            if row["coordonnees_gps"].strip():
                lat, lon = row["coordonnees_gps"].split(",")
                return float(lat), float(lon)
        return None

    # La Poste lists a merged commune's former communes in Ligne_5 under the new code:
    # a commune re-created since then is found there by name, a few km from its centre.
    by_former_name = {}
    for code, rows in poste.items():
        point = poste_point(code)
        if point:
            for row in rows:
                for name in (row["Ligne_5"], row["Nom_commune"]):
                    if name.strip():
                        by_former_name.setdefault((code[:2], fold(name)), point)

    big_cities = {}
    for line in (src / "lba" / "geo" / "villes_principales.txt").read_text(encoding="utf-8").splitlines():
        parts = line.strip().split("/")
        if len(parts) == 6:
            big_cities[parts[2]] = (float(parts[5]), float(parts[4]))

    kept = [c for c in etalab if c["type"] in ("commune-actuelle", "arrondissement-municipal")]
    by_code = {c["code"]: c for c in kept}
    chef_lieux = {d["code"]: d["chefLieu"] for d in departements}
    communes_by_postcode = collections.defaultdict(list)
    for c in kept:
        for pc in c.get("codesPostaux", ()):
            communes_by_postcode[pc].append(c)

    def point_of(c, how):
        code = c["code"]
        point = poste_point(code)
        if point:
            how["laposte"] += 1
            return point
        for former in c.get("anciensCodes", ()):
            point = poste_point(former)
            if point:
                how["former code"] += 1
                return point
        if code in big_cities:
            how["LBA main cities"] += 1
            return big_cities[code]
        point = by_former_name.get((code[:2], fold(c["nom"])))
        if point:
            how["merged commune (Ligne_5)"] += 1
            return point
        neighbours = [n for pc in c.get("codesPostaux", ()) for n in communes_by_postcode[pc]
                      if n["code"] != code and poste_point(n["code"])]
        if neighbours:
            how["most populous commune with the same postcode"] += 1
            return poste_point(max(neighbours, key=lambda n: n.get("population") or 0)["code"])
        chef = chef_lieux.get(c["departement"])
        if chef and chef != code and poste_point(chef):
            how["chef-lieu of the département"] += 1
            return poste_point(chef)
        return None

    how = collections.Counter()
    rows, dropped = [], []
    for c in kept:
        point = point_of(c, how)
        if point is None:
            dropped.append(f'{c["code"]} {c["nom"]}')
            continue
        postcodes = set(c.get("codesPostaux", ()))
        postcodes |= {r["Code_postal"].strip() for r in poste.get(c["code"], ()) if r["Code_postal"].strip()}
        if c["code"] in PLM_PARENTS:
            # La Poste files the city's postcodes under its arrondissements only.
            postcodes |= {pc for a in kept if a.get("commune") == c["code"]
                          for pc in a.get("codesPostaux", ())}
        rows.append([c["code"], c["nom"], sorted(postcodes), c["departement"],
                     round(point[0], COORD_DIGITS), round(point[1], COORD_DIGITS),
                     int(c.get("population") or 0)])
    # Ranking order: the most populous first, so every search ranks by list position.
    rows.sort(key=lambda r: (-r[6], r[1], r[0]))

    aliases = {}
    for c in etalab:
        if c["type"] in ("commune-deleguee", "commune-associee"):
            target = c.get("chefLieu")
            if target and target != c["code"] and c["code"] not in by_code:
                aliases[c["code"]] = target
    for c in kept:
        for former in c.get("anciensCodes", ()):
            if former not in by_code:
                aliases.setdefault(former, c["code"])
    present = {r[0] for r in rows}
    aliases = {k: v for k, v in sorted(aliases.items()) if v in present}

    report["communes"] = {
        "kept": len(rows),
        "arrondissements": sum(1 for c in kept if c["type"] == "arrondissement-municipal"),
        "centre point from": dict(how),
        "dropped (no coordinates in any source)": len(dropped),
        "dropped sample": dropped[:8],
        "former codes (aliases)": len(aliases),
    }
    return {
        # Columns, not rows: far fewer objects to parse and free when loading.
        "communes": {
            "insee": [r[0] for r in rows],
            "name": [r[1] for r in rows],
            "postcodes": [" ".join(r[2]) for r in rows],
            "departement": [r[3] for r in rows],
            "latitude": [r[4] for r in rows],
            "longitude": [r[5] for r in rows],
            "population": [r[6] for r in rows],
        },
        "aliases": aliases,
        "departements": {d["code"]: d["nom"] for d in departements},
    }


# -- trades -----------------------------------------------------------------------------

def build_trades(src: Path, report: dict) -> dict:
    ref = src / "lba" / "referentiels"
    rome = read_csv(ref / "rome_v460.csv", ",")
    parent = {r["code_rome"]: r["code_rome_parent"] for r in rome}
    v3_labels = {}
    for r in read_csv(ref / "rncp_rome_v1.4.csv", ";"):
        if r["code_rome"] in parent and parent[r["code_rome"]] == r["code_rome"]:
            v3_labels.setdefault(r["code_rome"], r["libelle_rome"].strip())

    groups: dict[str, tuple[str, list[str]]] = {}  # folded label -> (label, codes)

    def add_group(label, codes):
        label = " ".join(label.split())
        key = fold(label)
        known = groups.setdefault(key, (label, []))[1]
        known.extend(c for c in codes if c in parent and c not in known)

    # LBA's sous-domaines (Jan 2026 migration file): apply its own add/remove marks.
    for r in read_csv(ref / "rome_sous_domaines_lba_2026-01.csv", ";"):
        if r["Sous-domaine à supprimer"].strip():
            continue
        add_group(r["sousDomaine"], [r["code"].strip()])
    for line in (ref / "metiers_lba_romes.txt").read_text(encoding="utf-8").splitlines():
        m = re.match(r"^(.*?)\s*\[(.*)\]\s*$", line)
        if m:
            add_group(m.group(1), [c.strip() for c in m.group(2).split(",")])

    trimmed = []

    def cap(label, codes):
        if len(codes) <= MAX_ROMES:
            return sorted(codes)
        # Too many for one upstream query: fall back to the historical parent codes,
        # the most represented first (offers and the RNCP table still use them).
        counts = collections.Counter(parent[c] for c in codes)
        kept = [c for c, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))][:MAX_ROMES]
        kept += [c for c in sorted(codes) if c not in kept][:MAX_ROMES - len(kept)]
        trimmed.append(f"{label}: {len(codes)} -> {len(kept)}")
        return sorted(kept)

    trades = []
    seen = set()
    for key, (label, codes) in groups.items():
        if codes:
            trades.append([label, cap(label, codes), "group"])
            seen.add(key)
    for r in rome:
        code, label = r["code_rome"], r["libelle_rome"].strip()
        romes = [code] if parent[code] == code else [code, parent[code]]
        trades.append([label, romes, "rome"])
        seen.add(fold(label))
    v3_kept = 0
    for code, label in sorted(v3_labels.items()):
        if fold(label) not in seen:
            trades.append([label, [code], "rome"])
            seen.add(fold(label))
            v3_kept += 1

    # Ranking order: groups (broad, what candidates type) before single ROME labels,
    # then shorter (more general) labels first.
    trades.sort(key=lambda t: (t[2] != "group", len(t[1]) == 0, len(t[0]), fold(t[0]), t[0]))
    report["trades"] = {
        "groups": sum(1 for t in trades if t[2] == "group"),
        "ROME 4.0 labels (v460)": len(rome),
        "historical ROME labels (v3, not duplicates)": v3_kept,
        "groups capped to 20 ROME codes": trimmed,
    }
    v460 = {r["code_rome"]: r["libelle_rome"].strip() for r in rome}
    rome_labels = {t[1][0]: i for i, t in enumerate(trades)
                   if t[2] == "rome" and v460.get(t[1][0]) == t[0]}
    return {"fields": ["label", "romes", "kind"], "trades": trades,
            "rome_labels": dict(sorted(rome_labels.items()))}


# -- training codes ---------------------------------------------------------------------

def build_training_codes(src: Path, report: dict) -> dict:
    ref = src / "lba" / "referentiels"
    valid = {r["code_rome"] for r in read_csv(ref / "rome_v460.csv", ",")}
    rncp_romes = collections.defaultdict(list)
    dropped = collections.Counter()
    for r in read_csv(ref / "rncp_rome_v1.4.csv", ";"):
        code, rome = r["code_rncp"].strip().upper(), r["code_rome"].strip().upper()
        if not ROME_RE.match(rome):
            dropped["ROME domain, not a code"] += 1
        elif rome not in valid:
            dropped["not a ROME code (e.g. M1500)"] += 1
        elif rome not in rncp_romes[code]:
            rncp_romes[code].append(rome)
    rncp_romes = {k: " ".join(v) for k, v in sorted(rncp_romes.items()) if v}

    cfd_rncps = collections.defaultdict(list)
    levels = {}
    with (ref / "kit_apprentissage_cfd_rncp_v3.0.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f, delimiter=";"))[1:]
    # Active sheets first: a diploma's current RNCP sheet is the one offers cite.
    rows.sort(key=lambda r: (r[8].strip() != "ACTIVE",))
    for r in rows:
        cfd, rncp, level = r[0].strip().zfill(8), r[2].strip().upper(), r[3].strip()
        if not re.match(r"^RNCP\d+$", rncp):
            continue
        if rncp not in cfd_rncps[cfd]:
            cfd_rncps[cfd].append(rncp)
        m = re.match(r"^niveau(\d)$", level)
        if m:
            levels[rncp] = int(m.group(1))
    cfd_rncps = {k: " ".join(v) for k, v in sorted(cfd_rncps.items()) if v}
    reachable = sum(1 for v in cfd_rncps.values() if any(x in rncp_romes for x in v.split()))
    report["training codes"] = {
        "RNCP with ROME codes": len(rncp_romes),
        "RNCP->ROME rows dropped": dict(dropped),
        "CFD with RNCP": len(cfd_rncps),
        "CFD reaching ROME codes through RNCP": reachable,
    }
    return {"rncp_romes": rncp_romes, "cfd_rncps": cfd_rncps,
            "rncp_levels": dict(sorted(levels.items()))}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    report: dict = {}
    sizes = {
        "communes.json.gz": write(args.out / "communes.json.gz", build_communes(args.source, report)),
        "trades.json": write(args.out / "trades.json", build_trades(args.source, report)),
        "training_codes.json.gz": write(args.out / "training_codes.json.gz",
                                        build_training_codes(args.source, report)),
    }
    report["bytes written"] = sizes
    json.dump(report, sys.stdout, ensure_ascii=False, indent=2)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
