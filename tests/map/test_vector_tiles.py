"""Dense layers as vector tiles: a PMTiles archive per version, popups in chunks, the rerun's spec."""

from __future__ import annotations

import gzip
import json

import folium
import geopandas as gpd
import mapbox_vector_tile
import numpy as np
import pytest
from pmtiles.reader import MmapSource, Reader, all_tiles
from shapely.geometry import Point, box

from pma_map import framecache
from pma_map.catalogue import LAYERS
from pma_map.filters import Filters, apply_filters
from pma_map.map import packed, static_layers, vector_tiles
from pma_map.map.popups import render_popup
from pma_map.map.view import ZOOM

EVIL = '<img src=x onerror="alert(1)">'


def parcels(n: int, insee: list[str]) -> gpd.GeoDataFrame:
    """``n`` small squares with the fields of ``parcs``; names carry markup."""
    rows = [{"id": f"pc-{i}", "nom": f"{EVIL} {i}", "insee": insee[i % len(insee)], "insee_autres": None,
             "description": None, "description_en": None, "source": "test", "source_date": "2022",
             "precision": "approximate" if i % 2 else "surveyed", "surface_publiee_ha": 1.0,
             "groupe": "Nord", "membre_confirme": None} for i in range(n)]
    geoms = [box(2.7 + (i % 40) * 0.002, 50.4 + (i // 40) * 0.002,
                 2.701 + (i % 40) * 0.002, 50.401 + (i // 40) * 0.002) for i in range(n)]
    gdf = gpd.GeoDataFrame(rows, geometry=geoms, crs="EPSG:4326")
    return gdf[list(LAYERS["parcs"].field_names) + ["geometry"]]


def decoded_rows(path) -> dict[int, set[int]]:
    """Row numbers (property ``i``) found in the archive's tiles, per zoom."""
    out: dict[int, set[int]] = {}
    with open(path, "rb") as fh:
        reader = Reader(MmapSource(fh))
        for (z, _x, _y), data in all_tiles(reader.get_bytes):
            tile = mapbox_vector_tile.decode(gzip.decompress(data))
            for layer in tile.values():
                out.setdefault(z, set()).update(int(f["properties"]["i"]) for f in layer["features"])
    return out


@pytest.fixture
def dense(tiny_data):
    framecache.clear()
    data = dict(tiny_data)
    data["parcs"] = parcels(60, tiny_data["communes"]["insee"].astype(str).tolist())
    yield data
    framecache.clear()


def test_three_features_make_an_archive_whose_tiles_hold_their_rows(tiny_data, tmp_path):
    """A 3-feature layer (two polygons, one far away) -> one archive; every zoom from the map's
    default view on holds rows 0, 1, 2 (100-metre squares are below a tile unit further out)."""
    gdf = parcels(3, ["62001"])
    gdf.loc[2, "geometry"] = box(2.9, 50.6, 2.901, 50.601)
    [fr, en] = vector_tiles.build_layer_tiles("parcs", gdf, tiny_data["communes"], folder=tmp_path)
    numbers = vector_tiles.tile_numbers(gdf, tiny_data["communes"])
    assert numbers.tolist() == [0, 1, 2]  # one commune: the layer's order
    checksum = vector_tiles.tiles_checksum("parcs", gdf, numbers)
    assert fr.tiles == en.tiles and fr.tiles.name == f"parcs-{checksum}.pmtiles"
    rows = decoded_rows(fr.tiles)
    assert set(rows) >= set(range(ZOOM - 1, vector_tiles.MAX_ZOOM + 1))
    assert all(rows[z] == {0, 1, 2} for z in range(ZOOM - 1, vector_tiles.MAX_ZOOM + 1))
    with open(fr.tiles, "rb") as fh:
        header = Reader(MmapSource(fh)).header()
    assert (header["min_zoom"], header["max_zoom"]) == (0, vector_tiles.MAX_ZOOM)


def test_popups_in_chunks_are_escaped_and_per_language(dense, tmp_path):
    """Each chunk's pieces rebuild the popup of the same row as the inline map; markup stays text."""
    communes = dense["communes"]
    [fr, en] = vector_tiles.build_layer_tiles("parcs", dense["parcs"], communes, folder=tmp_path)
    assert fr.popups != en.popups and fr.popups.name.endswith("-fr") and en.popups.name.endswith("-en")
    chunk = json.loads((fr.popups / "0.json").read_text("utf-8"))
    assert len(chunk["p"]) == min(60, vector_tiles.CHUNK_ROWS)
    names = vector_tiles.commune_names_of(communes)
    from pma_map.map.prepare import popup_and_tooltip
    _, tips, parts = popup_and_tooltip("parcs", dense["parcs"], "fr", names)

    def pieces(s):
        out, i = [], 0
        for d in packed.decode_ints(s):
            i += d
            out.append(chunk["T"][i])
        return out

    for row in (0, 7, 59):  # a row's popup sits at its number in the tiles
        k = int(fr.numbers[row])
        assert pieces(chunk["p"][k]) == parts[row]
        assert "".join(pieces(chunk["t"][k])) == "".join(tips[row])
    html = render_popup(pieces(chunk["p"][int(fr.numbers[7])]))
    assert "<img" not in html and "&lt;img" in html


def test_files_are_found_again_and_pruned(dense, tmp_path, monkeypatch):
    """The same version is not cut again (same names); a new version adds files; three are kept."""
    communes = dense["communes"]
    first = vector_tiles.cached_tile_layer("parcs", dense["parcs"], "fr", communes, tmp_path)
    mtime = first.tiles.stat().st_mtime_ns
    framecache.clear()
    again = vector_tiles.cached_tile_layer("parcs", dense["parcs"].copy(), "fr", communes, tmp_path)
    assert again.tiles == first.tiles and again.tiles.stat().st_mtime_ns == mtime
    for k in range(4):
        moved = dense["parcs"].copy()
        moved["geometry"] = moved.geometry.translate(0.0001 * (k + 1), 0)
        moved["nom"] = moved["nom"] + f" v{k}"
        vector_tiles.build_layer_tiles("parcs", moved, communes, ("fr",), tmp_path)
    assert len(list(tmp_path.glob("parcs-*.pmtiles"))) == vector_tiles.KEEP_FILES
    assert len([p for p in tmp_path.iterdir() if p.is_dir()]) == vector_tiles.KEEP_FILES
    assert not list(tmp_path.glob(".*"))  # no temporary file left


def test_a_rerun_sends_the_selection_not_the_layer(dense, tmp_path, monkeypatch):
    """Above the threshold a layer is drawn from tiles: its group carries the archive's address,
    the selected rows and their styles; a filter change sends a new selection, same archive."""
    monkeypatch.setattr(vector_tiles, "TILES_MIN_FEATURES", 50)
    monkeypatch.setattr(vector_tiles, "TILES", True)

    def spec_of(filtered):
        groups = static_layers.overlays_with_files(filtered, "fr", all_communes=dense["communes"], data=dense,
                                                   folder=tmp_path)
        [group] = [g for g in groups if g.layer_name == LAYERS["parcs"].title("fr")]
        [layer] = [c for c in group._children.values() if isinstance(c, static_layers.FileLayer)]
        return layer

    everything = spec_of(apply_filters(dense, Filters()))
    spec = everything.spec
    assert spec["kind"] == "tiles" and spec["tiles"].endswith(".pmtiles") and spec["sel"] == ""
    assert spec["n"] == 60 and spec["layer"] == "parcs"
    assert static_layers.decode_runs(spec["s"]) and len(spec["S"]) == 2  # surveyed / approximate
    assert any("protomaps-leaflet" in url for _, url in everything.default_js)
    assert "<img" not in json.dumps(spec)
    call = apply_filters(dense, Filters(epci=("CALL",)))
    kept = spec_of(call).spec
    assert kept["tiles"] == spec["tiles"] and kept["popups"] == spec["popups"]
    expected = dense["parcs"].index.get_indexer(call["parcs"].index)
    numbers = vector_tiles.tile_numbers(dense["parcs"], dense["communes"])
    assert static_layers.decode_selection(kept["sel"], 60) == sorted(numbers[expected].tolist())
    assert 0 < len(expected) < 60
    # the rows of one agglomeration carry consecutive numbers: its selection is one run
    assert kept["sel"].startswith("r") and len(packed.decode_ints(kept["sel"][1:])) == 2
    html = folium.Map().get_root().render()  # the spec renders in a map script without Jinja errors
    assert html


def test_below_the_threshold_or_switched_off_layers_stay_files(dense, tmp_path, monkeypatch):
    monkeypatch.setattr(vector_tiles, "TILES_MIN_FEATURES", 1000)
    groups = static_layers.overlays_with_files(apply_filters(dense, Filters()), "fr", data=dense,
                                               folder=tmp_path, min_features=10)
    kinds = [c.spec["kind"] for g in groups for c in g._children.values()
             if isinstance(c, static_layers.FileLayer)]
    assert kinds == ["features"]
    assert not list(tmp_path.glob("*.pmtiles"))


def test_the_zoom_hint_counts_the_features_in_the_language(dense, tmp_path, monkeypatch):
    """A layer whose tiles start at a zoom says how many features it has, in French or English."""
    monkeypatch.setattr(vector_tiles, "TILES_MIN_FEATURES", 50)
    monkeypatch.setattr(vector_tiles, "min_zoom", lambda name: 13)
    for lang, words in (("fr", "60 objets"), ("en", "60 features")):
        groups = static_layers.overlays_with_files(apply_filters(dense, Filters()), lang, data=dense,
                                                   folder=tmp_path)
        [spec] = [c.spec for g in groups for c in g._children.values() if isinstance(c, static_layers.FileLayer)]
        assert spec["minzoom"] == 13 and words in spec["hint"] and "14" in spec["hint"]


def test_points_become_circles_with_their_style(tiny_data, tmp_path, monkeypatch):
    monkeypatch.setattr(vector_tiles, "TILES_MIN_FEATURES", 5)
    data = dict(tiny_data)
    n = 12
    pts = data["sites_solaires"].iloc[[0] * n].reset_index(drop=True)
    pts["id"] = [f"s-{i}" for i in range(n)]
    pts["geometry"] = [Point(2.71 + i * 0.01, 50.42) for i in range(n)]
    data["sites_solaires"] = pts
    groups = static_layers.overlays_with_files(apply_filters(data, Filters()), "fr", data=data, folder=tmp_path)
    [spec] = [c.spec for g in groups for c in g._children.values() if isinstance(c, static_layers.FileLayer)]
    assert spec["layer"] == "sites_solaires" and spec["point"]["radius"] == LAYERS["sites_solaires"].style["radius"]
    assert decoded_rows(tmp_path / spec["tiles"].rsplit("/", 1)[1])[vector_tiles.MAX_ZOOM] == set(range(n))
    assert np.all(np.asarray(static_layers.decode_runs(spec["s"])) == 0)


def test_tile_numbers_group_rows_by_agglomeration_then_commune(tiny_data):
    """Numbers follow (agglomeration, commune, row): a permutation, rows of one commune consecutive."""
    communes = tiny_data["communes"]
    codes = communes["insee"].astype(str).tolist()
    order = [codes[k % len(codes)] for k in range(3 * len(codes))]
    gdf = parcels(len(order), order)
    numbers = vector_tiles.tile_numbers(gdf, communes)
    assert sorted(numbers.tolist()) == list(range(len(order)))
    epci = dict(zip(codes, communes["epci"].astype(str)))
    by_number = np.argsort(numbers)
    keys = [(epci[order[r]], order[r], int(r)) for r in by_number]
    assert keys == sorted(keys)


def test_prepare_versions_leaves_a_rerun_nothing_per_version_to_do(dense, tmp_path, monkeypatch):
    """A server's warm-up (``prepare_versions``) finds or builds the tiles of a dense layer that
    is not shown by default, and prepares the others: the run that ticks it builds nothing."""
    monkeypatch.setattr(vector_tiles, "TILES_MIN_FEATURES", 50)
    monkeypatch.setattr(vector_tiles, "TILES", True)
    static_layers.prepare_versions(dense, "fr", dense["communes"], folder=tmp_path)
    assert list(tmp_path.glob("parcs-*.pmtiles"))

    def built(*_a, **_k):
        raise AssertionError("built during the run")

    monkeypatch.setattr(vector_tiles, "build_layer_tiles", built)
    monkeypatch.setattr(static_layers.prepare, "prepare_layer", built)
    groups = static_layers.overlays_with_files(apply_filters(dense, Filters(layers=("parcs", "acces"))), "fr",
                                               all_communes=dense["communes"], data=dense, folder=tmp_path)
    assert any(g.layer_name == LAYERS["parcs"].title("fr") for g in groups)
