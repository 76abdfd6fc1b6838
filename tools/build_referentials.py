#!/usr/bin/env python3
"""Build the offer search box's reference data into ``widgets/offers/data/``.

Reads the shared source files once (never at run time) and writes compact, trimmed
files that ``widgets.offers.referentials`` loads:

- ``communes.json.gz``: current communes and the municipal arrondissements of Paris,
  Lyon and Marseille, with postal codes, département and a centre point, in ranking
  order (largest population first); former INSEE codes as aliases; départements;
- ``trade_index.json.gz``: the trade and diploma search index's entries (ROME 4.0 job
  titles and labels, historical ROME labels, LBA trade groups, diplomas with their RNCP,
  CFD and level) with their ROME codes, and their names in ranking order;
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
sys.path.insert(0, str(ROOT))
from widgets.offers import trade_index  # noqa: E402  (one tokenizer for build and search)

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


# -- trades and diplomas: one search index ------------------------------------------------

KIND_IDS = {kind: i for i, kind in enumerate(trade_index.KINDS)}
# The kit's diploma types: the prefix shown before the title, and words that find it
# without being shown ("bac pro" also answers "baccalauréat professionnel").
DIPLOMA_TYPES = {
    "CAP": ("CAP", ""), "CAPA": ("CAPA", "cap agricole"), "CAPD": ("CAP", "cap"),
    "BAC PRO": ("Bac pro", "baccalaureat professionnel"),
    "BP": ("BP", "brevet professionnel"), "BPA": ("BPA", "bp brevet professionnel agricole"),
    "BTS": ("BTS", ""), "BTSA": ("BTSA", "bts agricole"), "BTSMarit": ("BTS maritime", "bts"),
    "BUT": ("BUT", ""), "DUT": ("DUT", ""), "DEUST": ("DEUST", ""),
    "Licence Professionnelle": ("Licence pro", "lp professionnelle"),
    "LICENCE": ("Licence", ""), "MASTER": ("Master", ""),
    "MC4": ("MC", "mention complementaire"), "MC5": ("MC", "mention complementaire"),
    "CS": ("CS", "certificat specialisation"), "TP": ("Titre pro", "titre professionnel tp"),
    "BMA": ("BMA", "brevet metiers art"), "DMA": ("DMA", "diplome metiers art"),
    "DE": ("DE", "diplome etat"), "BT": ("BT", "brevet"), "DNMADE": ("DN MADE", "dnmade"),
    "BPJEPS": ("BPJEPS", "bp jeps"), "CPJEPS": ("CPJEPS", ""), "DEJEPS": ("DEJEPS", ""),
    "DESJEPS": ("DESJEPS", ""), "Titre ingénieur": ("Diplôme d'ingénieur", "ingenieur"),
}
# When the kit has no abbreviation, the title's trailing parenthesis may still say it.
PAREN_TYPES = (("BAC PRO", "BAC PRO"), ("BTSA", "BTSA"), ("BTS", "BTS"), ("CAPA", "CAPA"),
               ("CAP", "CAP"), ("BPA", "BPA"), ("BP JEPS", "BPJEPS"), ("BP", "BP"),
               ("MC", "MC4"), ("CSA", "CS"), ("CS", "CS"), ("TP", "TP"),
               ("LP", "Licence Professionnelle"), ("MASTER", "MASTER"), ("LIC LMD", "LICENCE"),
               ("BUT", "BUT"), ("DUT", "DUT"), ("DEUST", "DEUST"), ("BMA", "BMA"), ("DMA", "DMA"))
TRAILING_PAREN = re.compile(r"\s*\(([^()]*)\)\s*$")
WORD_OR_NOT = re.compile(r"[^\W\d_]+|[\W\d_]+")
GENERIC_TITLE_WORDS = {"metier", "option", "specialite", "parcour", "mention"}


def accent_forms(texts) -> dict[str, str]:
    """Folded word -> its most frequent written form in the ROME texts ("operationnel" ->
    "opérationnel", "btp" -> "BTP"), to write the kit's capitalised titles properly."""
    counts: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    for text in texts:
        for token in re.findall(r"[^\W\d_]+", text):
            form = token if token.isupper() and len(token) > 1 else token.lower()
            counts[trade_index.fold(token)][form] += 1
    return {key: forms.most_common(1)[0][0] for key, forms in counts.items()}


def recase(title: str, forms: dict[str, str]) -> str:
    """"SERVICES INFORMATIQUES AUX ORGANISATIONS OPTION A" -> "Services informatiques aux
    organisations option A"."""
    out = []
    previous = ""
    for token in WORD_OR_NOT.findall(title):
        if token[0].isalpha():
            if len(token) == 1 and (previous.rstrip().lower().endswith("option")
                                    or previous[-1:].isdigit()):
                form = token.upper()            # "option A", "3D"
            else:
                form = forms.get(trade_index.fold(token), token.lower())
        else:
            form = token
        out.append(form)
        previous = "".join(out)
    text = "".join(out).strip()
    return text[:1].upper() + text[1:]


def canonical_set(text: str) -> frozenset:
    return frozenset(trade_index.canonical(w) for w in trade_index.content_words(text))


def word_count(text: str) -> int:
    """Distinct words of a name for the ranking, a hyphenated word counting once."""
    chunks = re.split(r"[\s/,;:()]+", text)
    return len({" ".join(trade_index.canonical(w) for w in trade_index.content_words(c))
                for c in chunks} - {""})


def initials(title: str) -> str:
    """"MANAGEMENT COMMERCIAL OPERATIONNEL" -> "mco" (before any option)."""
    base = re.split(r"\bOPTION\b|:", title.upper())[0]
    words = trade_index.content_words(base)
    return "".join(w[0] for w in words) if 2 <= len(words) <= 6 else ""


def build_trade_index(src: Path, report: dict) -> dict:
    ref = src / "lba" / "referentiels"
    rome = read_csv(ref / "rome_v460.csv", ",")
    parent = {r["code_rome"]: r["code_rome_parent"] for r in rome}
    rome_label = {r["code_rome"]: r["libelle_rome"].strip() for r in rome}
    appellations = read_csv(src / "rome" / "unix_referentiel_appellation_v460_utf8.csv", ",")
    rncp_table = read_csv(ref / "rncp_rome_v1.4.csv", ";")

    # How many RNCP sheets lead to each ROME code: the ranking's measure of how much
    # training (and apprenticeship) a trade has. Sub-codes count their parent's.
    sheets: dict[str, set] = collections.defaultdict(set)
    rncp_romes: dict[str, list] = collections.defaultdict(list)
    v3_labels = {}
    for r in rncp_table:
        code, rncp = r["code_rome"].strip().upper(), r["code_rncp"].strip().upper()
        if code in parent:
            sheets[code].add(rncp)
            if code not in rncp_romes[rncp]:
                rncp_romes[rncp].append(code)
            if parent[code] == code:
                v3_labels.setdefault(code, r["libelle_rome"].strip())

    def popularity(codes) -> tuple[int, int]:
        """(diplomas of CAP to BTS level leading to it, RNCP sheets leading to it)."""
        return max(((len(early.get(parent.get(c, c), ())), len(sheets.get(parent.get(c, c), ())))
                    for c in codes), default=(0, 0))

    def romes_of(code: str) -> list[str]:
        return [code] if parent[code] == code else [code, parent[code]]

    entries: list[dict] = []
    by_label: dict[tuple, int] = {}

    def add(kind, label, romes, **extra) -> int:
        entry = dict(kind=kind, label=" ".join(label.split()), romes=list(romes), rncp="",
                     cfd="", level=None, names=[], principal=True, rare=False, **extra)
        entries.append(entry)
        return len(entries) - 1

    # ROME labels (ROME 4.0), then the job titles (appellations) not already there.
    rome_entry = {}
    for r in rome:
        code = r["code_rome"]
        rome_entry[code] = add("rome", rome_label[code], romes_of(code))
        by_label[(trade_index.fold(rome_label[code]), code)] = rome_entry[code]
    merged = rare = 0
    for r in appellations:
        code, label = r["code_rome"].strip(), r["libelle_appellation_long"].strip()
        if code not in parent:
            continue
        key = (trade_index.fold(label), code)
        if key in by_label:
            merged += 1
            continue
        eid = add("appellation", label, romes_of(code))
        by_label[key] = eid
        entries[eid]["principal"] = r["classification"] == "PRINCIPALE"
        entries[eid]["rare"] = r["peu_usite"] == "O"
        rare += entries[eid]["rare"]
    seen_labels = {trade_index.fold(e["label"]) for e in entries}
    v3_kept = 0
    for code, label in sorted(v3_labels.items()):
        if trade_index.fold(label) not in seen_labels:
            add("rome", label, [code])
            seen_labels.add(trade_index.fold(label))
            v3_kept += 1

    # La bonne alternance's trade groups (as the former trades.json had them).
    groups: dict[str, tuple[str, list[str]]] = {}

    def add_group(label, codes):
        label = " ".join(label.split())
        known = groups.setdefault(trade_index.fold(label), (label, []))[1]
        known.extend(c for c in codes if c in parent and c not in known)

    for r in read_csv(ref / "rome_sous_domaines_lba_2026-01.csv", ";"):
        if not r["Sous-domaine à supprimer"].strip():
            add_group(r["sousDomaine"], [r["code"].strip()])
    for line in (ref / "metiers_lba_romes.txt").read_text(encoding="utf-8").splitlines():
        m = re.match(r"^(.*?)\s*\[(.*)\]\s*$", line)
        if m:
            add_group(m.group(1), [c.strip() for c in m.group(2).split(",")])
    trimmed = []

    def cap(label, codes):
        if len(codes) <= MAX_ROMES:
            return sorted(codes)
        # Too many for one upstream query: the historical (parent) codes most
        # represented in the group first, then sub-codes, up to 20.
        counts = collections.Counter(parent[c] for c in codes)
        kept = [c for c, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))][:MAX_ROMES]
        kept += [c for c in sorted(codes) if c not in kept][:MAX_ROMES - len(kept)]
        trimmed.append(f"{label}: {len(codes)} -> {len(kept)}")
        return sorted(kept)

    for label, codes in groups.values():
        if codes:
            add("group", label, cap(label, codes))

    # Job names a diploma title may be: ROME labels, main job titles, groups.
    trade_names = [(canonical_set(e["label"]), i) for i, e in enumerate(entries)
                   if e["kind"] in ("rome", "group") or e["principal"]]

    # Diplomas: the kit's CFD -> RNCP rows, one entry per shown title.
    forms = accent_forms([r["libelle_appellation_long"] for r in appellations]
                         + list(rome_label.values()) + [r["libelle_rome"] for r in rncp_table]
                         + [g[0] for g in groups.values()])
    with (ref / "kit_apprentissage_cfd_rncp_v3.0.csv").open(encoding="utf-8", newline="") as f:
        kit = list(csv.reader(f, delimiter=";"))[1:]
    # Diplomas of apprenticeship-entry levels (3 CAP to 5 BTS) leading to each ROME code.
    early: dict[str, set] = collections.defaultdict(set)
    for r in kit:
        if r[3].strip() in ("niveau3", "niveau4", "niveau5"):
            for code in rncp_romes.get(r[2].strip().upper(), ()):
                early[parent[code]].add(r[0].strip())
    diplomas: dict[str, dict] = {}
    titles: dict[str, list[dict]] = collections.defaultdict(list)
    kit_rows: list[dict] = []
    for r in kit:
        cfd, raw, rncp, level, abbr, status = (r[0].strip().zfill(8), r[1].strip(),
                                               r[2].strip().upper(), r[3].strip(),
                                               r[4].strip(), r[8].strip())
        if not re.match(r"^RNCP\d+$", rncp):
            continue
        m = TRAILING_PAREN.search(raw)
        title = raw[:m.start()] if m else raw
        if abbr not in DIPLOMA_TYPES and m:
            paren = " ".join(m.group(1).upper().split())
            abbr = next((a for p, a in PAREN_TYPES if paren == p or paren.startswith(p + " ")),
                        abbr)
        kind = DIPLOMA_TYPES.get(abbr)
        if kind:
            prefix, hidden = kind
            if abbr == "BAC PRO" and m and m.group(1).split()[-1] == "AG":
                hidden += " agricole"
            label = f"{prefix} {recase(title, forms)}"
        else:
            prefix, hidden = "", ""
            label = recase(title, forms) + (f" ({m.group(1).strip()})" if m else "")
        level_m = re.match(r"^niveau([3-7])$", level)
        row = dict(cfd=cfd, rncp=rncp, level=int(level_m.group(1)) if level_m else None,
                   active=status == "ACTIVE", romes=rncp_romes.get(rncp, []), title=title,
                   prefix=prefix, hidden=hidden, label=label)
        titles[trade_index.fold(title)].append(row)
        kit_rows.append(row)
        best = diplomas.get(trade_index.fold(label))
        if best is None or (not best["active"], not best["romes"], best["cfd"]) > (
                not row["active"], not row["romes"], row["cfd"]):
            diplomas[trade_index.fold(label)] = row

    how = collections.Counter()
    for d in diplomas.values():
        romes, source = list(d["romes"]), "RNCP table"
        if not romes:
            # The same title as another diploma type (CAP and BP "Maçon"): its codes.
            same = [o for o in titles[trade_index.fold(d["title"])] if o["romes"]]
            same.sort(key=lambda o: (abs((o["level"] or 9) - (d["level"] or 9)), o["cfd"]))
            if same:
                romes, source = list(same[0]["romes"]), "same title, other diploma"
        if not romes:
            # A title that is a trade's name ("Boulanger", "Cuisine"), or contains a
            # trade name of two words or more.
            words = canonical_set(d["title"]) - GENERIC_TITLE_WORDS
            fits = [(len(s), i) for s, i in trade_names
                    if s and (s == words or (len(s) >= 2 and s <= words))]
            if fits:
                _, i = min(fits, key=lambda f: (-f[0], f[1]))
                romes, source = list(entries[i]["romes"]), "title is a trade name"
        how[source if romes else "none (the search passes the RNCP upstream)"] += 1
        eid = add("diploma", d["label"], cap(d["label"], romes) if romes else [],
                  hidden=d["hidden"], prefix=d["prefix"], title=d["title"])
        entries[eid].update(rncp=d["rncp"], cfd=d["cfd"], level=d["level"],
                            principal=d["level"] is not None and d["level"] <= 5)
        d["entry"] = eid

    # Acronyms: the LBA synonyms file's, and the initials of the title.
    acronyms = 0
    by_title = {}
    for d in diplomas.values():
        by_title.setdefault(trade_index.fold(d["title"]), []).append(d)
    synonyms = json.loads((ref / "search_synonyms_diplomes.json").read_text(encoding="utf-8"))
    phrase_groups = []
    for group in synonyms:
        members = group["synonyms"]
        upper = [s for s in members if s != s.lower()]
        lower = [s for s in members if s == s.lower()]
        if not upper:
            phrase_groups.append(lower)
            continue
        found = by_title.get(trade_index.fold(", ".join(upper))) or next(
            (by_title[trade_index.fold(s)] for s in upper if trade_index.fold(s) in by_title), [])
        short = [s for s in lower if re.fullmatch(r"[a-z0-9]{2,6}", s)][:1]
        for d in found:
            d.setdefault("acronyms", set()).update(short)
    for d in diplomas.values():
        own = initials(d["title"])
        if own:
            d.setdefault("acronyms", set()).add(own)
        for acronym in sorted(d.get("acronyms", ())):
            text = f"{d['prefix']} {acronym.upper()}".strip()
            entries[d["entry"]]["names"].append((text, d["hidden"]))
            acronyms += 1
    # Job synonyms of the same file ("vigile" = "agent de sécurité").
    phrase_aliases = 0
    for phrases in phrase_groups:
        for phrase in phrases:
            target = canonical_set(phrase)
            for i, e in enumerate(entries):
                if e["kind"] in ("rome", "appellation") and canonical_set(e["label"]) == target:
                    for other in phrases:
                        if canonical_set(other) != target:
                            e["names"].append((other, ""))
                            phrase_aliases += 1

    # Names in ranking order (see widgets/offers/trade_index.py).
    names = []
    for i, e in enumerate(entries):
        # Groups and diplomas come after the jobs of as many words, by kind.
        pop = popularity(e["romes"]) if e["kind"] in ("rome", "appellation") else (0, 0)
        pop = (-pop[0], -pop[1])
        kind_rank = {"rome": 0, "appellation": 0 if e["principal"] else 1, "group": 1,
                     "diploma": 2 if e["principal"] else 3}[e["kind"]]
        all_names = [("", e.get("hidden", ""))] + e["names"]
        for text, hidden in all_names:
            shown = text or e["label"]
            # Words counted: a diploma's type and title, not its school ("(CESI)"); a
            # hyphenated word counts once ("Aide-soignant", "prêt-à-porter").
            n = word_count(text or f"{e.get('prefix', '')} {e.get('title', shown)}")
            names.append(((e["rare"], e["kind"] == "diploma", n, pop, kind_rank, len(shown),
                           trade_index.fold(shown),
                           shown), [i, text, " ".join(trade_index.content_words(hidden))]))
    names.sort(key=lambda item: item[0])
    report["trade index"] = {
        "entries": len(entries),
        "names": len(names),
        "by kind": dict(collections.Counter(e["kind"] for e in entries)),
        "job titles merged into their ROME label": merged,
        "rarely used job titles (ranked last)": rare,
        "historical ROME labels (v3, not duplicates)": v3_kept,
        "diploma ROME codes from": dict(how),
        "diploma acronyms": acronyms,
        "job synonyms": phrase_aliases,
        "groups capped to 20 ROME codes": trimmed,
    }
    # Every CFD of the kit to its diploma's entry; every RNCP sheet to the entry of its
    # active diploma of highest code (the latest title: BTS MCO before BTS MUC).
    cfd_entries, rncp_best = {}, {}
    for row in kit_rows:
        eid = diplomas[trade_index.fold(row["label"])]["entry"]
        cfd_entries.setdefault(row["cfd"], eid)
        key = (row["active"], row["cfd"])
        if row["rncp"] not in rncp_best or key > rncp_best[row["rncp"]][0]:
            rncp_best[row["rncp"]] = (key, eid)
    return {
        "cfd_entries": dict(sorted(cfd_entries.items())),
        "rncp_entries": {r: e for r, (_, e) in sorted(rncp_best.items())},
        "entries": {
            "label": [e["label"] for e in entries],
            "kind": [KIND_IDS[e["kind"]] for e in entries],
            "romes": [" ".join(e["romes"]) for e in entries],
            "rncp": [e["rncp"] for e in entries],
            "cfd": [e["cfd"] for e in entries],
            "level": [e["level"] for e in entries],
        },
        "index": trade_index.compile_index([e["label"] for e in entries],
                                           [tuple(row) for _, row in names]),
        "rome_labels": {code: rome_entry[code] for code in sorted(rome_entry)},
    }


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
        "trade_index.json.gz": write(args.out / "trade_index.json.gz",
                                     build_trade_index(args.source, report)),
        "training_codes.json.gz": write(args.out / "training_codes.json.gz",
                                        build_training_codes(args.source, report)),
    }
    report["bytes written"] = sizes
    json.dump(report, sys.stdout, ensure_ascii=False, indent=2)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
