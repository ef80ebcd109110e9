"""Loading layers, search, exports and the offline map on tiny data."""

import json
import os

import geopandas as gpd

from pma_map import exports, layers, search
from pma_map.catalogue import LAYERS
from pma_map.filters import Filters, apply_filters
from pma_map.map import basemap, overlays
from pma_map.map.offline import external_refs, localize


def test_load_all_reads_the_bundled_folder(tiny_geo_dir):
    """Every catalogue layer loads from the bundled folder, in EPSG:4326, as version 1."""
    data = layers.load_all()
    assert set(data) == set(LAYERS)
    assert all(gdf.crs.to_epsg() == 4326 for gdf in data.values())
    assert layers.data_versions() == {name: 1 for name in LAYERS}
    assert len(data["communes"]) == 3


def test_changed_file_is_read_again(tiny_geo_dir):
    """The cache is keyed by the file's state: a rewritten layer is seen without restart."""
    first = layers.load_layer("parcs")
    path = tiny_geo_dir / "parcs.geojson"
    gdf = gpd.read_file(path).iloc[:1]
    gdf.to_file(path, driver="GeoJSON", engine="pyogrio")
    os.utime(path, ns=(1, 1_000_000_000_000))
    assert len(first) == 2 and len(layers.load_layer("parcs")) == 1


def test_lambert93_file_is_reprojected(tiny_geo_dir):
    """A layer stored in Lambert-93 is shown in EPSG:4326."""
    path = tiny_geo_dir / "parc_innovation.geojson"
    gpd.read_file(path).to_crs(2154).to_file(path, driver="GeoJSON", engine="pyogrio")
    gdf = layers.load_layer("parc_innovation")
    assert gdf.crs.to_epsg() == 4326
    assert abs(gdf.geometry.iloc[0].x - 2.77) < 1e-6


def test_search_ignores_accents_and_ligatures(tiny_data):
    """Searching "beta" finds "Bêta"; sites are found by name with their layer."""
    found = search.find("beta", search.places(tiny_data))
    assert [p.key for p in found] == ["62002"]
    totem = search.find("totem", search.places(tiny_data))[0]
    assert totem.layer == "parc_innovation" and totem.zoom > 13
    assert search.fold("Nœux-les-Mines") == "noeux les mines"


def test_csv_neutralises_formulas(tiny_data):
    """A cell starting with = is written as text, so a spreadsheet does not run it."""
    data = dict(tiny_data)
    parcs = data["parcs"].copy()
    parcs["nom"] = '=HYPERLINK("http://x","y")'
    data["parcs"] = parcs
    table = exports.features_table(apply_filters(data, Filters()), data["communes"], "fr")
    text = exports.to_csv(table).decode("utf-8-sig")
    assert "'=HYPERLINK" in text and ";" in text.splitlines()[0]


def test_french_csv_has_decimal_commas_and_international_csv_points(tiny_data):
    """French CSV: `;`, decimal commas, BOM (Excel FR reads numbers); the international one `,` and points."""
    import csv
    import io

    table = exports.features_table(apply_filters(tiny_data, Filters()), tiny_data["communes"], "fr")
    raw = exports.to_csv(table)
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    solar = next(r for r in rows if r["Identifiant"] == "sol-1")
    assert solar["Chiffre publié"] == "19,1"
    intl = exports.to_csv_international(table)
    assert not intl.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(intl.decode("utf-8"))))
    assert next(r for r in rows if r["Identifiant"] == "sol-1")["Chiffre publié"] == "19.1"


def test_geojson_export_keeps_attributes_and_layer(tiny_data):
    """The GeoJSON download holds every filtered feature with its source and its layer."""
    out = json.loads(exports.to_geojson(apply_filters(tiny_data, Filters(epci=("CAHC",)))))
    layers_seen = {f["properties"]["couche"] for f in out["features"]}
    assert layers_seen == {"zones_activite", "sites_solaires"}
    assert all(f["properties"]["source"] == "test" for f in out["features"])


def test_table_columns_in_english(tiny_data):
    """The table's columns follow the language."""
    table = exports.features_table(apply_filters(tiny_data, Filters()), tiny_data["communes"], "en")
    assert "Published figure" in table.columns and "Precision" in table.columns
    assert len(table) == 8


def test_app_map_refers_to_nothing_outside_the_app(tiny_data):
    """The map as the app draws it names no script or stylesheet outside the app."""
    m = basemap.base_map("fr")
    for group in overlays.overlays(apply_filters(tiny_data, Filters()), "fr"):
        group.add_to(m)
    html = localize(m).get_root().render()
    assert external_refs(html) == []
    assert "/app/static/vendor/leaflet/dist/leaflet.js" in html
