"""Shared fixtures: tiny layers built in code, and a store in a temporary folder."""

from __future__ import annotations

import json
from pathlib import Path

import geopandas as gpd
import pytest
from shapely.geometry import LineString, Point, box

from pma_map.catalogue import LAYERS
from pma_map.fileio import sha256_of

#: INSEE's wording of the vintage of the tiny communes' populations (as in data/geo).
VINTAGE = "population municipale 2023, en vigueur au 1er janvier 2026"


def _common(i: str, nom: str, insee: str, precision: str = "approximate", **extra) -> dict:
    row = {"id": i, "nom": nom, "insee": insee, "insee_autres": None, "description": None,
           "source": "test", "source_date": "2022", "precision": precision}
    row.update(extra)
    return row


def _frame(layer: str, rows: list[dict], geoms: list) -> gpd.GeoDataFrame:
    gdf = gpd.GeoDataFrame(rows, geometry=geoms, crs="EPSG:4326")
    missing = [f for f in LAYERS[layer].field_names if f not in gdf.columns]
    for f in missing:
        gdf[f] = None
    return gdf


def make_tiny_data() -> dict[str, gpd.GeoDataFrame]:
    """Three square communes near Lens (two in CALL, one in CAHC) and a few assets."""
    communes = _frame("communes", [
        {"insee": "62001", "nom": "Alpha", "epci": "CALL", "epci_nom": "CA de Lens-Liévin",
         "epci_siren": "246200364", "population": 1000, "population_2017": 980,
         "population_annee": VINTAGE, "superficie_km2": 10.0,
         "source": "test", "source_date": "2022", "precision": "surveyed"},
        {"insee": "62002", "nom": "Bêta", "epci": "CALL", "epci_nom": "CA de Lens-Liévin",
         "epci_siren": "246200364", "population": 3000, "population_2017": 3100,
         "population_annee": VINTAGE, "superficie_km2": 12.0,
         "source": "test", "source_date": "2022", "precision": "surveyed"},
        {"insee": "62003", "nom": "Gamma", "epci": "CAHC", "epci_nom": "CA d'Hénin-Carvin",
         "epci_siren": "246200299", "population": 500, "population_2017": 500,
         "population_annee": VINTAGE, "superficie_km2": 8.0,
         "source": "test", "source_date": "2022", "precision": "surveyed"},
    ], [box(2.70, 50.40, 2.75, 50.45), box(2.75, 50.40, 2.80, 50.45), box(2.80, 50.40, 2.85, 50.45)])
    parcs = _frame("parcs", [
        _common("parc-a", "Parc A", "62001", surface_publiee_ha=20.0),
        _common("parc-ab", "Parc AB", "62002", insee_autres="62001"),
    ], [Point(2.72, 50.42).buffer(0.005), Point(2.76, 50.42).buffer(0.005)])
    voies = _frame("voies_vertes", [_common("vv-1", "Voie 1", "62001", insee_autres="62002")],
                   [LineString([(2.72, 50.42), (2.78, 50.42)])])
    zones = _frame("zones_activite", [
        _common("za-1", "Zone 1", "62002", surface_totale_ha=100.0, surface_disponible_ha=12.0,
                vocation="logistique", statut="en activité"),
        _common("za-2", "Zone 2", "62003", surface_totale_ha=50.0, surface_disponible_ha=None,
                vocation="industrie", statut="en activité"),
    ], [box(2.76, 50.41, 2.77, 50.42), box(2.81, 50.41, 2.82, 50.42)])
    solaires = _frame("sites_solaires", [
        _common("sol-1", "Solaire 1", "62003", production_gwh_an=19.1, statut="en service"),
        _common("sol-2", "Solaire 2", "62001", production_gwh_an=None, statut="en projet"),
    ], [Point(2.83, 50.43), Point(2.71, 50.41)])
    innov = _frame("parc_innovation", [
        _common("pi-1", "Totem", "62002", role="lieu totem"),
    ], [Point(2.77, 50.43)])
    acces = _frame("acces", [
        _common("ac-echangeur", "Échangeur test", "62002", type="jonction autoroutière",
                reference="A1 sortie 99"),
        _common("ac-gare", "Gare test", "62001", type="gare TGV"),
        _common("ac-port", "Port test", "62003", type="port fluvial"),
    ], [Point(2.775, 50.415), Point(2.72, 50.43), Point(2.84, 50.41)])
    return {"communes": communes, "parcs": parcs, "voies_vertes": voies, "zones_activite": zones,
            "sites_solaires": solaires, "parc_innovation": innov, "acces": acces}


@pytest.fixture
def tiny_data() -> dict[str, gpd.GeoDataFrame]:
    return make_tiny_data()


@pytest.fixture
def tiny_geo_dir(tmp_path, monkeypatch):
    """The tiny layers written as a bundled folder, with an empty store beside them."""
    geo = tmp_path / "geo"
    geo.mkdir()
    for name, gdf in make_tiny_data().items():
        gdf.to_file(geo / LAYERS[name].filename, driver="GeoJSON", engine="pyogrio")
    monkeypatch.setenv("PMA_MAP_GEO_DIR", str(geo))
    monkeypatch.setenv("PMA_MAP_DATA_DIR", str(tmp_path / "store_root"))
    monkeypatch.delenv("PMA_MAP_DATABASE_URL", raising=False)
    return geo


def _write_version(store_root, layer: str, version: int, gdf: gpd.GeoDataFrame) -> None:
    """Write a version in the FolderStore layout: store/<layer>/vNNNN.geojson, its manifest, current.json."""
    folder = store_root / "store" / layer
    folder.mkdir(parents=True, exist_ok=True)
    name = f"v{version:04d}.geojson"
    gdf.to_file(folder / name, driver="GeoJSON", engine="pyogrio")
    # The store serves a version only with its manifest and a matching checksum.
    manifest = {"layer": layer, "version": version, "file": name, "state": "published",
                "checksum": sha256_of(folder / name)}
    (folder / f"v{version:04d}.json").write_text(json.dumps(manifest), "utf-8")
    (folder / "current.json").write_text(json.dumps({"version": version, "file": name}), "utf-8")


@pytest.fixture
def write_version():
    """``write_version(store_root, layer, version, gdf)``: make ``gdf`` the current version, as a publish would."""
    return _write_version


ROOT = Path(__file__).resolve().parents[1]
#: Seconds an AppTest run may take (the first run imports geopandas and reads every layer).
APP_TEST_TIMEOUT = 60


@pytest.fixture
def app_test():
    """``app_test(page, **query)``: the page (``"app.py"``, ``"pages/explorer.py"``...) run by AppTest
    with these address parameters; ``session={...}`` presets session state, ``run=False`` returns it unrun."""
    from streamlit.testing.v1 import AppTest

    def make(page: str, *, session: dict | None = None, run: bool = True, **query) -> AppTest:
        at = AppTest.from_file(str(ROOT / page), default_timeout=APP_TEST_TIMEOUT)
        for key, value in query.items():
            at.query_params[key] = value
        for key, value in (session or {}).items():
            at.session_state[key] = value
        return at.run() if run else at

    return make


# --- PostgreSQL + PostGIS: one throw-away cluster per test session, one database per test ---------


def _pg_missing(reason: str):
    import os

    if os.environ.get("CI") == "true":
        pytest.fail(f"CI=true : {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def pg_cluster():
    """A PostgreSQL + PostGIS cluster in a temporary folder (skips with how to get it when absent)."""
    from pma_map.publish import pgtemp

    if not pgtemp.available():
        _pg_missing(pgtemp.HOW_TO_GET)
    cluster = pgtemp.start()
    try:
        from pma_map.publish import pgstore

        pgstore.upgrade(pgtemp.create_database(cluster, "pma_template"))
        yield cluster
    finally:
        cluster.stop()


@pytest.fixture
def pg_url(pg_cluster, request):
    """A fresh database (schema upgraded) for one test; its address."""
    import re
    import uuid

    from pma_map.publish import pgstore, pgtemp

    name = "t_" + re.sub(r"\W", "_", request.node.name)[:40].lower() + "_" + uuid.uuid4().hex[:6]
    url = pgtemp.create_database(pg_cluster, name, template="pma_template")
    yield url
    pgstore.close_pools()


@pytest.fixture(params=["folder", "postgis"])
def backend(request, tiny_geo_dir, monkeypatch):
    """Runs a test against both stores: the folder one, and PostGIS (PMA_MAP_DATABASE_URL)."""
    if request.param == "postgis":
        url = request.getfixturevalue("pg_url")
        monkeypatch.setenv("PMA_MAP_DATABASE_URL", url)
        return url
    monkeypatch.delenv("PMA_MAP_DATABASE_URL", raising=False)
    return None


@pytest.fixture
def popup_html():
    """``popup_html(spec, row, lang, commune_names)``: the popup HTML of one feature, as the map shows it."""
    from pma_map.map import popups

    return lambda spec, row, lang, names: popups.render_popup(popups.popup_parts(spec, row, lang, names))


def _indicator_tiles(html_bodies: list[str]) -> list[dict[str, str]]:
    """The tiles of ``ui.widgets.indicator_tiles`` in these HTML bodies: label, value, caption, help."""
    from html.parser import HTMLParser

    tiles: list[dict[str, str]] = []

    class Tiles(HTMLParser):
        part: str | None = None

        def handle_starttag(self, tag, attrs):
            cls = dict(attrs).get("class") or ""
            if cls == "pma-indicator":
                tiles.append({"label": "", "value": "", "caption": "", "help": ""})
            elif cls.startswith("pma-ind-") and tiles:
                self.part = {"pma-ind-label": "label", "pma-ind-value": "value",
                             "pma-ind-caption": "caption", "pma-ind-help": "help"}.get(cls)
            elif tag == "summary":  # the "?" that opens the definition
                self.part = None

        def handle_endtag(self, tag):
            if tag in ("div", "details"):
                self.part = None

        def handle_data(self, data):
            if self.part and tiles:
                tiles[-1][self.part] += data

    for body in html_bodies:
        Tiles().feed(body)
    return tiles


@pytest.fixture
def shown_indicators():
    """``shown_indicators(at)``: ``{label: value}`` of the indicator tiles an AppTest run shows;
    ``shown_indicators(at, "caption")`` or ``"help"`` for those parts."""

    def shown(at, part: str = "value") -> dict[str, str]:
        return {tile["label"]: tile[part] for tile in _indicator_tiles([h.proto.body for h in at.get("html")])}

    return shown
