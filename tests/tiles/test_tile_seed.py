"""Seeding the offline basemap against a WMTS-like server on loopback."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
import shapely
from shapely.geometry import box

from pma_map.cli import main
from pma_map.tiles import grid, seed
from pma_map.tiles.local import read_tile, seeded, tile_path

sys.path.insert(0, str(Path(__file__).parent))
from tileserver import TileServer  # noqa: E402


def test_covering_tiles_follow_the_communes_not_their_bbox():
    """An L-shaped territory leaves out the tiles of its bounding box's empty corner."""
    l_shape = shapely.union_all([box(0, 0, 3000, 1000), box(0, 0, 1000, 3000)])
    size = grid.tile_size_m(15)  # ~1223 m
    tiles = grid.covering_tiles(l_shape, [15])
    x0, y0, x1, y1 = grid.tile_range(l_shape.bounds, 15)
    bbox_count = (x1 - x0 + 1) * (y1 - y0 + 1)
    assert size > 1000
    assert 0 < len(tiles) < bbox_count
    corner = grid.tile_range((2500, 2500, 2900, 2900), 15)
    assert (15, corner[0], corner[1]) not in tiles


def test_seed_fetches_the_right_tiles(tiny_data, tmp_path):
    """Zooms 10-12 over the tiny communes: exactly the covering tiles are requested, once each, and written."""
    with TileServer() as server:
        p = seed.plan(tiny_data["communes"], "ign_plan", (10, 12), root=tmp_path, url=server.url)
        expected = grid.covering_tiles(grid.territory_area(tiny_data["communes"]), range(10, 13))
        assert p.tiles == expected and p.todo == expected
        assert seed.run(p, rate=200) == len(expected)
        assert sorted(server.requests) == sorted(expected)
    z, x, y = expected[-1]
    assert tile_path(tmp_path, "ign_plan", z, x, y, "png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    info = seeded(tmp_path)["ign_plan"]
    assert (info.min_zoom, info.max_zoom, info.tiles, info.complete) == (10, 12, len(expected), True)
    assert read_tile(info, z, x, y) is not None and info.bytes > 0


def test_interrupted_seed_resumes_without_refetching(tiny_data, tmp_path):
    """Ctrl-C after 3 tiles keeps them; the next run asks only for the others."""
    with TileServer() as server:
        p = seed.plan(tiny_data["communes"], "ign_plan", (11, 13), root=tmp_path, url=server.url)
        total = len(p.tiles)
        assert total > 6

        def stop_after_three(done, _total, _bytes):
            if done == 3:
                raise KeyboardInterrupt

        with pytest.raises(KeyboardInterrupt):
            seed.run(p, rate=200, progress=stop_after_three)
        first = list(server.requests)
        assert len(first) == 3
        manifest = json.loads((tmp_path / "ign_plan" / "manifest.json").read_text())
        assert manifest["tiles"] == 3 and manifest["complete"] is False

        again = seed.plan(tiny_data["communes"], "ign_plan", (11, 13), root=tmp_path, url=server.url)
        assert again.present == 3 and len(again.todo) == total - 3
        seed.run(again, rate=200)
        second = server.requests[3:]
        assert len(second) == total - 3
        assert not set(first) & set(second)
    assert seeded(tmp_path)["ign_plan"].complete


def test_tiles_the_server_lacks_are_not_asked_again(tiny_data, tmp_path):
    """A 404 is recorded as absent: a second seed does not request it again."""
    communes = tiny_data["communes"]
    target = grid.covering_tiles(grid.territory_area(communes), [12])[0]
    with TileServer(missing={target}) as server:
        seed.run(seed.plan(communes, "ign_plan", (12, 12), root=tmp_path, url=server.url), rate=200)
        n = len(server.requests)
        again = seed.plan(communes, "ign_plan", (12, 12), root=tmp_path, url=server.url)
        assert again.todo == []
        seed.run(again, rate=200)
        assert len(server.requests) == n


def test_a_page_that_is_not_an_image_is_never_saved(tiny_data, tmp_path):
    """A 200 answer that is not a PNG/JPEG (captive portal) stops the seed; what came before is kept."""
    communes = tiny_data["communes"]
    tiles = grid.covering_tiles(grid.territory_area(communes), [12])
    with TileServer(not_images={tiles[2]}) as server:
        p = seed.plan(communes, "ign_plan", (12, 12), root=tmp_path, url=server.url)
        with pytest.raises(OSError, match="autre chose qu'une image"):
            seed.run(p, rate=200)
    assert not tile_path(tmp_path, "ign_plan", *tiles[2], "png").exists()
    assert tile_path(tmp_path, "ign_plan", *tiles[1], "png").exists()
    assert seeded(tmp_path)["ign_plan"].tiles == 2


def test_openstreetmap_is_refused(tiny_data, tmp_path, capsys):
    """OSM's tile policy forbids bulk downloads: the basemap and its host are refused with the reason."""
    with pytest.raises(seed.SeedRefused, match="OpenStreetMap"):
        seed.plan(tiny_data["communes"], "osm", (8, 9), root=tmp_path)
    with pytest.raises(seed.SeedRefused):
        seed.plan(tiny_data["communes"], "ign_plan", (8, 9), root=tmp_path,
                  url="https://a.tile.openstreetmap.org/{z}/{x}/{y}.png")
    assert main(["tiles", "seed", "--basemap", "osm", "--dry-run"]) == 2
    assert "politique d'usage" in capsys.readouterr().err
    assert not (tmp_path / "osm").exists()


def test_rate_limit_spaces_requests(tiny_data, tmp_path):
    """At 20 requests per second, n tiles take at least (n - 1) / 20 seconds."""
    import time

    with TileServer() as server:
        p = seed.plan(tiny_data["communes"], "ign_plan", (11, 12), root=tmp_path, url=server.url)
        start = time.monotonic()
        seed.run(p, rate=20)
        elapsed = time.monotonic() - start
    assert elapsed >= (len(p.tiles) - 1) / 20 * 0.95


def test_cli_says_tiles_and_megabytes_before_starting(tiny_geo_dir, tmp_path, monkeypatch, capsys):
    """`pma-map tiles seed --dry-run` states the tile count per zoom and the megabytes; status reads it back."""
    monkeypatch.setenv("PMA_MAP_TILES_DIR", str(tmp_path / "tiles"))
    assert main(["tiles", "seed", "--zoom", "10-11", "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "tuiles couvrent les communes" in out and "Mo" in out and "z10" in out
    with TileServer() as server:
        assert main(["tiles", "seed", "--zoom", "10-11", "--url", server.url, "--rate", "200"]) == 0
    assert main(["tiles", "status"]) == 0
    out = capsys.readouterr().out
    assert "ign_plan : zooms 10 à 11" in out and "complet" in out


def test_progress_line_counts_tiles_and_megabytes():
    """The progress line says tiles done out of the total, the share and the megabytes, in French."""
    import io

    from pma_map.commands.tiles import Progress

    out = io.StringIO()
    bar = Progress(out, width=10)
    bar(1, 10, 0)
    bar(3, 10, 3 * 1024 * 1024)
    last = out.getvalue().split("\r")[-1]
    assert last.startswith("[###.......] 3/10 tuiles (30 %), 3,0 Mo,")
