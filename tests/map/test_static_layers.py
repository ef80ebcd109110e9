"""Dense layers as immutable files: written once per version, a rerun sends only the selection."""

from __future__ import annotations

import json

import folium
import geopandas as gpd
import numpy as np
import pytest
from shapely.geometry import Polygon

from pma_map import framecache
from pma_map.catalogue import LAYERS
from pma_map.filters import Filters, apply_filters
from pma_map.map import packed, static_layers
from pma_map.map.popups import render_popup

EVIL = '<img src=x onerror="alert(1)">'


def many_parcels(n: int, insee: list[str]) -> gpd.GeoDataFrame:
    """``n`` small squares with the fields of ``parcs``, spread over the given communes."""
    rows, geoms = [], []
    for i in range(n):
        rows.append({"id": f"pc-{i}", "nom": f"{EVIL} {i}", "insee": insee[i % len(insee)],
                     "insee_autres": None, "description": None, "description_en": None,
                     "source": "test", "source_date": "2022",
                     "precision": "approximate" if i % 2 else "surveyed",
                     "surface_publiee_ha": 1.0, "groupe": "Nord", "membre_confirme": None})
        x, y = 2.7 + (i % 50) * 0.002, 50.4 + (i // 50) * 0.002
        geoms.append(Polygon([(x, y), (x + 0.001, y), (x + 0.001, y + 0.001), (x, y)]))
    gdf = gpd.GeoDataFrame(rows, geometry=geoms, crs="EPSG:4326")
    return gdf[list(LAYERS["parcs"].field_names) + ["geometry"]]


@pytest.fixture
def dense(tiny_data):
    framecache.clear()
    data = dict(tiny_data)
    data["parcs"] = many_parcels(60, tiny_data["communes"]["insee"].astype(str).tolist())
    yield data
    framecache.clear()


@pytest.mark.parametrize("rows", [[], [0], [0, 1, 2], [3, 9, 10, 11, 59], list(range(0, 60, 2)),
                                  list(range(60))])
def test_selection_round_trips(rows):
    """Every selection of rows decodes to the same rows (bitmask or runs)."""
    text = static_layers.encode_selection(np.array(rows, dtype=np.int64), 60)
    assert static_layers.decode_selection(text, 60) == rows


def test_selection_is_small():
    """All rows cost nothing; one contiguous block a few characters; any mask about n/6 chars."""
    assert static_layers.encode_selection(np.arange(100_000), 100_000) == ""
    assert len(static_layers.encode_selection(np.arange(5_000, 9_000), 100_000)) < 10
    scattered = np.random.default_rng(3).choice(100_000, 30_000, replace=False)
    assert len(static_layers.encode_selection(scattered, 100_000)) <= 100_000 // 6 + 4


def test_style_runs_round_trip():
    """Style indexes travel as (value, repeat) runs: a constant style is a few characters."""
    values = [0] * 500 + [1, 1, 0, 2]
    assert static_layers.decode_runs(static_layers.encode_runs(values)) == values
    assert len(static_layers.encode_runs([0] * 10_000)) < 6


def test_file_written_once_with_checksum_and_language(dense, tmp_path):
    """One immutable file per version and language; its name carries the content's checksum."""
    communes = dense["communes"]
    fr = static_layers.cached_layer_file("parcs", dense["parcs"], "fr", communes, tmp_path)
    again = static_layers.cached_layer_file("parcs", dense["parcs"], "fr", communes, tmp_path)
    en = static_layers.cached_layer_file("parcs", dense["parcs"], "en", communes, tmp_path)
    assert fr == again and fr.path.name == f"parcs-{fr.checksum}-fr.json"
    assert en.path.name.endswith("-en.json") and en.checksum != fr.checksum
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([fr.path.name, en.path.name])
    assert fr.url == static_layers.LAYERS_URL + fr.path.name
    fr.path.unlink()  # someone cleared the folder: written again on the next rerun
    assert static_layers.cached_layer_file("parcs", dense["parcs"], "fr", communes, tmp_path).path.exists()


def test_file_holds_every_feature_with_escaped_popups(dense, tmp_path, expected_features):
    """The file decodes to the same ids, geometry, tooltips and popups as the inline layer."""
    communes = dense["communes"]
    names = dict(zip(communes["insee"].astype(str), communes["nom"]))
    layer_file = static_layers.cached_layer_file("parcs", dense["parcs"], "fr", communes, tmp_path)
    raw = layer_file.path.read_text("utf-8")
    assert EVIL not in raw
    doc = json.loads(raw)
    expected = expected_features("parcs", dense["parcs"], "fr", names)
    assert doc["id"] == [e["id"] for e in expected]
    for i, e in enumerate(expected):
        pieces = [doc["T"][j] for j in np.cumsum(packed.decode_ints(doc["p"][i]))]
        assert render_popup(pieces) == e["popup"]
        assert packed.decode_geometry(doc["g"][i]) == e["geometry"]


def test_rerun_sends_selection_not_layer(dense, tmp_path, monkeypatch):
    """A filter change sends the file's address, the rows shown and their styles: no geometry."""
    monkeypatch.setattr(static_layers, "layers_dir", lambda: tmp_path)
    monkeypatch.setattr(static_layers, "STATIC_MIN_FEATURES", 50)
    communes = dense["communes"]
    shown = apply_filters(dense, Filters(epci=("CAHC",)))
    groups = static_layers.overlays_with_files(shown, "fr", all_communes=communes, data=dense)
    specs = [c.spec for g in groups for c in g._children.values()
             if isinstance(c, static_layers.FileLayer)]
    assert len(specs) == 1 and specs[0]["key"] == "parcs"
    spec = specs[0]
    rows = static_layers.decode_selection(spec["sel"], spec["n"])
    assert len(rows) == len(shown["parcs"]) < len(dense["parcs"])
    styles = [spec["S"][i] for i in static_layers.decode_runs(spec["s"])]
    assert [("dashArray" in s) for s in styles] == [i % 2 == 1 for i in rows]
    assert len(json.dumps(spec)) < 600
    names = [g.layer_name for g in groups]
    assert names[0] == LAYERS["communes"].title("fr")


def test_old_files_of_a_layer_are_pruned(tmp_path):
    """Only the newest files of a layer and language stay; other layers and languages are kept."""
    import os

    for i in range(5):
        path = tmp_path / f"parcs-{i:020d}-fr.json"
        path.write_text("{}")
        os.utime(path, ns=(i * 10**9, i * 10**9))
    (tmp_path / f"parcs-{0:020d}-en.json").write_text("{}")
    (tmp_path / f"sites_solaires-{0:020d}-fr.json").write_text("{}")
    gone = static_layers.prune(tmp_path, "parcs", "fr", keep=3)
    assert sorted(p.name for p in gone) == [f"parcs-{0:020d}-fr.json", f"parcs-{1:020d}-fr.json"]
    assert len(list(tmp_path.iterdir())) == 5


def test_unwritable_folder_falls_back_to_inline(dense, tmp_path, monkeypatch):
    """If the layer file cannot be written, the layer is still drawn, inline as before."""
    from pma_map import fileio

    def refuse(path, data):
        raise PermissionError(f"read-only: {path}")

    monkeypatch.setattr(static_layers, "layers_dir", lambda: tmp_path / "ro")
    monkeypatch.setattr(static_layers, "STATIC_MIN_FEATURES", 50)
    monkeypatch.setattr(fileio, "atomic_write_bytes", refuse)
    groups = static_layers.overlays_with_files(apply_filters(dense, Filters()), "fr",
                                               all_communes=dense["communes"], data=dense)
    children = [c for g in groups for c in g._children.values()]
    assert not any(isinstance(c, static_layers.FileLayer) for c in children)
    inline = [c.data["pma"] for c in children if isinstance(c, folium.GeoJson)]
    parcs = next(p for p in inline if p["key"] == "parcs")
    assert len(parcs["id"]) == 60 and "pc-59" in parcs["id"]
