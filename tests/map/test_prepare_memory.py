"""Prepared layers hold nothing of a superseded version once its frame is gone."""

from __future__ import annotations

import gc
import weakref

from pma_map import framecache
from pma_map.layers import load_all, load_layer
from pma_map.map import prepare


def test_prepared_layer_is_dropped_with_its_frame(tiny_data):
    """When a layer's frame is collected, its prepared layer and its geometries go too (no 64-entry wait)."""
    framecache.clear()
    communes = tiny_data["communes"]
    parcs = tiny_data.pop("parcs")
    first_geometry = weakref.ref(parcs.geometry.values[0])
    layer = prepare.cached_layer("parcs", parcs, "fr", communes)
    gone = weakref.ref(layer)
    assert prepare.cached_layer("parcs", parcs, "fr", communes) is layer
    del layer, parcs
    gc.collect()
    assert gone() is None, "the prepared layer outlives its frame"
    assert first_geometry() is None, "the superseded geometries are still held"
    assert not framecache._entries


def test_superseded_version_is_forgotten_by_the_loader(tiny_geo_dir, tmp_path, write_version):
    """Once a new version of a layer is current, the loader lets the old frame (and its prepared layer) go."""
    data = load_all()
    old = weakref.ref(data["parcs"])
    prepare.cached_layer("parcs", data["parcs"], "fr", data["communes"])
    parcs = load_layer("parcs").copy()
    parcs.loc[0, "nom"] = "Parc Renommé"
    write_version(tmp_path / "store_root", "parcs", 2, parcs)
    del data, parcs
    assert load_layer("parcs").loc[0, "nom"] == "Parc Renommé"
    gc.collect()
    assert old() is None, "the frame of version 1 is still held"
    assert not [k for k in framecache._entries if k[0] == ("map_layer", "parcs", "fr")]
