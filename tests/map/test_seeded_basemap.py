"""The base map reads seeded tiles from the app first, and only when they are there."""

from __future__ import annotations

import re

from pma_map.fileio import atomic_write_json
from pma_map.map.basemap import base_map
from pma_map.tiles.local import seeded


def _manifest(root, key="ign_plan", ext="png", zooms=(8, 13)):
    (root / key).mkdir(parents=True)
    atomic_write_json(root / key / "manifest.json", {
        "basemap": key, "url": "http://127.0.0.1:1/{z}/{x}/{y}", "ext": ext, "zooms": list(zooms),
        "seeded_at": "2026-12-01T10:00:00+00:00", "expected": 10, "tiles": 10, "bytes": 1000,
        "absent": [], "complete": True})


def _shown_layers(html: str) -> list[str]:
    return re.findall(r"(tile_layer_[0-9a-f]+)\.addTo\(map_[0-9a-f]+\)", html)


def test_no_seeded_tiles_keeps_the_remote_layers(tmp_path, monkeypatch):
    """Without a seeded folder, no local address and no fallback layer appear."""
    monkeypatch.setenv("PMA_MAP_TILES_DIR", str(tmp_path / "tiles"))
    html = base_map("fr").get_root().render()
    assert "PmaSeeded" not in html and "/app/static/tiles/" not in html
    assert "tile.openstreetmap.org" in html


def test_seeded_basemap_is_read_locally_first_and_shown(tmp_path, monkeypatch):
    """A seeded IGN Plan: local address, remote fallback, seeded zoom range, and it is the layer shown."""
    root = tmp_path / "tiles"
    _manifest(root)
    monkeypatch.setenv("PMA_MAP_TILES_DIR", str(root))
    assert set(seeded(root)) == {"ign_plan"}
    html = base_map("en").get_root().render()
    assert html.count("L.TileLayer.PmaSeeded = L.TileLayer.extend") == 1
    assert '"/app/static/tiles/ign_plan/{z}/{x}/{y}.png"' in html
    assert '"remoteUrl": "https://data.geopf.fr/wmts?' in html and "PLANIGNV2" in html
    assert '"seededMinZoom": 8' in html and '"seededMaxZoom": 13' in html
    shown = _shown_layers(html)
    assert len(shown) == 1
    seeded_var = re.search(r"var (tile_layer_[0-9a-f]+) = new L\.TileLayer\.PmaSeeded", html).group(1)
    assert shown == [seeded_var]


def test_a_manifest_without_tiles_is_ignored(tmp_path):
    """An empty or unreadable manifest does not switch the map to local tiles."""
    root = tmp_path / "tiles"
    (root / "ign_ortho").mkdir(parents=True)
    (root / "ign_ortho" / "manifest.json").write_text("{not json")
    assert seeded(root) == {}
