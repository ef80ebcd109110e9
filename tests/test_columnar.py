"""The columnar copy of layer files (issue 10): read instead of the GeoJSON, the very same frame."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pytest
from shapely.geometry import Point, box

from pma_map import columnar, framecache, layers
from pma_map.catalogue import LAYERS
from pma_map.filters import Filters, apply_filters
from pma_map.indicators import compute_indicators
from pma_map.map import vector_tiles
from pma_map.publish import publishing
from pma_map.publish.store import get_store


def _fresh():
    """As a new process: nothing read, nothing derived."""
    layers.clear_cache()
    framecache.clear()


def _mixed(n: int = 5) -> gpd.GeoDataFrame:
    """Columns whose missing values and types a careless copy would change."""
    return gpd.GeoDataFrame({
        "id": [f"sol-{i}" for i in range(n)],
        "nom": ["Site <b>é</b>", None, "Œuvre", "", "x"][:n],
        "insee": ["62001"] * n,
        "all_none": [None] * n,
        "production_gwh_an": [1.5, None, 0.0, float("nan"), 3.0][:n],
        "count": [1, 2, 3, 4, 5][:n],
    }, geometry=[Point(2.71 + 0.01 * i, 50.42 + 1e-9 * i) for i in range(n)], crs="EPSG:4326")


def test_copy_gives_the_very_frame_of_the_geojson(tiny_geo_dir, tmp_path):
    path = tmp_path / "mixed.geojson"
    _mixed().to_file(path, driver="GeoJSON", engine="pyogrio")
    expected = layers.read_geojson(path)
    assert columnar.write(path, expected)
    copy = columnar.read(path)
    assert copy is not None and columnar.identical(expected, copy)
    assert copy["all_none"].tolist() == expected["all_none"].tolist() == [None] * 5
    assert list(copy.dtypes.astype(str)) == list(expected.dtypes.astype(str))


def test_identical_sees_every_difference(tmp_path):
    a = _mixed()
    assert columnar.identical(a, a.copy())
    b = a.copy()
    b["all_none"] = [None, None, float("nan"), None, None]  # NaN is not None for a popup
    assert not columnar.identical(a, b)
    c = a.copy()
    c.loc[4, "geometry"] = Point(a.geometry[4].x, a.geometry[4].y + 1e-12)  # one bit off
    assert not columnar.identical(a, c)
    d = a.copy()
    d["count"] = d["count"].astype(float)
    assert not columnar.identical(a, d)
    e = a.copy()
    e.loc[0, "nom"] = "Site <b>e</b>"
    assert not columnar.identical(a, e)
    assert not columnar.identical(a, a.iloc[::-1])


def test_layers_are_read_from_the_copy_once_written(tiny_geo_dir, monkeypatch):
    path = tiny_geo_dir / LAYERS["zones_activite"].filename
    direct = layers.read_layer_file(path)
    assert layers.keep_columnar(path)
    _fresh()

    def no_geojson(_path):
        raise AssertionError("the GeoJSON was read")

    monkeypatch.setattr(layers, "read_geojson", no_geojson)
    again = layers.read_layer_file(path)
    assert again is not direct and columnar.identical(direct, again)


def test_a_changed_file_is_never_read_from_an_old_copy(tiny_geo_dir):
    path = tiny_geo_dir / LAYERS["parcs"].filename
    assert layers.keep_columnar(path)
    parcs = layers.read_geojson(path)
    parcs.loc[0, "nom"] = "Parc Renommé"
    parcs.to_file(path, driver="GeoJSON", engine="pyogrio")
    _fresh()
    assert columnar.read(path) is None
    assert layers.read_layer_file(path).loc[0, "nom"] == "Parc Renommé"


def test_a_damaged_copy_is_ignored(tiny_geo_dir):
    path = tiny_geo_dir / LAYERS["parcs"].filename
    assert layers.keep_columnar(path)
    copy = columnar.copy_path(columnar.source_checksum(path))
    copy.write_bytes(copy.read_bytes()[:100])
    _fresh()
    assert columnar.read(path) is None
    assert columnar.identical(layers.read_layer_file(path), layers.read_geojson(path))


def test_a_copy_that_does_not_read_back_the_same_is_not_kept(tiny_geo_dir, monkeypatch):
    path = tiny_geo_dir / LAYERS["parcs"].filename
    monkeypatch.setattr(columnar, "identical", lambda a, b: False)
    assert not layers.keep_columnar(path)
    assert not any(columnar.folder().glob("*.parquet"))
    assert columnar.read(path) is None


def test_switched_off(tiny_geo_dir, monkeypatch):
    monkeypatch.setattr(columnar, "ENABLED", False)
    path = tiny_geo_dir / LAYERS["parcs"].filename
    assert not layers.keep_columnar(path)
    assert columnar.read(path) is None


def test_indicators_identical_from_the_copies(tiny_geo_dir):
    before = compute_indicators(apply_filters(layers.load_all(), Filters(epci=("CALL",))), layers.load_all())
    for lv in get_store().current_all(LAYERS).values():
        layers.keep_columnar(lv.path)
    _fresh()
    data = layers.load_all()
    assert compute_indicators(apply_filters(data, Filters(epci=("CALL",))), data) == before


def test_tile_checksums_kept_with_the_copy_equal_the_computed_ones(tiny_geo_dir, monkeypatch):
    path = tiny_geo_dir / LAYERS["parcs"].filename
    names = vector_tiles.commune_names_of(layers.load_layer("communes"))
    gdf = layers.read_layer_file(path)
    tiles_sum = vector_tiles.tiles_checksum("parcs", gdf)  # no copy yet: computed
    popups_sum = vector_tiles.popups_checksum("parcs", gdf, "fr", names)
    assert tiles_sum == vector_tiles._tiles_checksum("parcs", gdf)
    assert layers.keep_columnar(path)
    assert vector_tiles.tiles_checksum("parcs", gdf) == tiles_sum  # computed, then kept
    assert vector_tiles.popups_checksum("parcs", gdf, "fr", names) == popups_sum
    _fresh()  # a later process: read from the memo, not computed

    def boom(*_a):
        raise AssertionError("computed again")

    monkeypatch.setattr(vector_tiles, "_tiles_checksum", boom)
    monkeypatch.setattr(vector_tiles, "_popups_checksum", boom)
    gdf = layers.read_layer_file(path)
    assert vector_tiles.tiles_checksum("parcs", gdf) == tiles_sum
    assert vector_tiles.popups_checksum("parcs", gdf, "fr", names) == popups_sum
    # any other frame (a changed copy of the version) is never given the version's memo
    with pytest.raises(AssertionError, match="computed again"):
        vector_tiles.tiles_checksum("parcs", gdf.copy())


def test_memo_is_for_the_content_not_the_path(tiny_geo_dir):
    """A file replaced under the same path: the shared frame read before is not given the
    new content's memo (nor the other way round)."""
    path = tiny_geo_dir / LAYERS["parcs"].filename
    gdf = layers.read_layer_file(path)
    assert layers.source_path(gdf) == str(path)
    assert layers.source_path(gdf.copy()) is None
    changed = layers.read_geojson(path)
    changed.loc[0, "geometry"] = box(2.70, 50.40, 2.74, 50.44)
    changed.to_file(path, driver="GeoJSON", engine="pyogrio")
    assert layers.source_path(gdf) is None


def test_publishing_writes_the_copy_of_the_new_version(backend, tmp_path):
    """Both stores: the version just published is then read from its copy, identical to its
    GeoJSON, and a rollback serves the older version's frame exactly as before."""
    rows = [{"id": f"sol-{i}", "nom": f"Site {i}", "insee": "62001", "source": "PMA", "source_date": "2024",
             "precision": "approximate", "statut": "en service", "production_gwh_an": 1.5 * i}
            for i in range(1, 4)]
    gdf = gpd.GeoDataFrame(rows, geometry=[Point(2.71 + 0.03 * i, 50.42) for i in range(3)], crs="EPSG:4326")
    source = tmp_path / "upload.geojson"
    gdf.to_file(source, driver="GeoJSON", engine="pyogrio")
    prepared = publishing.prepare(str(source), "sites_solaires")
    assert prepared.ok, prepared.report.to_dict()
    lv = publishing.publish(prepared, author="alice", note="trois sites")
    path = get_store().current("sites_solaires").path
    assert columnar.copy_path(columnar.source_checksum(path)).is_file()
    _fresh()
    from_copy = layers.load_layer("sites_solaires")
    assert columnar.identical(from_copy, layers.read_geojson(path))
    assert from_copy["id"].tolist() == ["sol-1", "sol-2", "sol-3"]
    publishing.rollback("sites_solaires", 1, author="alice")
    _fresh()
    back = layers.load_layer("sites_solaires")
    assert len(back) == 2 and columnar.identical(back, layers.read_geojson(get_store().current("sites_solaires").path))
    assert lv.version == 2


def test_prune_keeps_the_copies_used_last(tiny_geo_dir, monkeypatch):
    monkeypatch.setattr(columnar, "MAX_COPIES", 2)
    for name in ("parcs", "zones_activite", "acces"):
        assert layers.keep_columnar(tiny_geo_dir / LAYERS[name].filename)
    columnar.prune(2)
    assert len(list(columnar.folder().glob("*.parquet"))) == 2
    assert columnar.read(tiny_geo_dir / LAYERS["acces"].filename) is not None
    assert np.all([p.suffix in (".parquet", ".json", ".lock") for p in columnar.folder().iterdir()
                   if not p.name.startswith(".")])
