"""The stand with the network unplugged: every non-loopback request is blocked, and the
explorer and the kiosk still show a full basemap, from tiles the app serves itself."""

from __future__ import annotations

import re
import shutil
import sys
from urllib.parse import urlsplit

import pytest
from conftest import LOCAL_HOSTS, REPO
from servers import serve

sys.path.insert(0, str(REPO / "tests" / "tiles"))
from tileserver import TileServer  # noqa: E402

from pma_map.layers import read_layer_file  # noqa: E402
from pma_map.tiles import seed  # noqa: E402

pytestmark = pytest.mark.e2e

SEEDED_ZOOMS = (8, 13)
#: Tiles of the basemap on screen, loaded (not the grey of a failed tile).
LOADED_TILES = """() => Array.from(document.querySelectorAll('img.leaflet-tile'))
    .filter(i => i.complete && i.naturalWidth > 0 && getComputedStyle(i.closest('.leaflet-layer')).opacity !== '0')
    .map(i => i.getAttribute('src'))"""


@pytest.fixture(scope="module")
def seeded_app(tmp_path_factory):
    """app.py served from a folder whose static/tiles holds IGN Plan zooms 8-13 seeded from a
    loopback tile server (Streamlit serves only files really under static/: no symlink)."""
    stage = tmp_path_factory.mktemp("seeded_app")
    shutil.copyfile(REPO / "app.py", stage / "app.py")
    (stage / "pages").symlink_to(REPO / "pages", target_is_directory=True)
    shutil.copytree(REPO / "static", stage / "static", ignore=shutil.ignore_patterns("tiles"))
    tiles = stage / "static" / "tiles"
    communes = read_layer_file(REPO / "data" / "geo" / "communes.geojson")
    with TileServer() as server:
        plan = seed.plan(communes, "ign_plan", SEEDED_ZOOMS, root=tiles, url=server.url)
        seed.run(plan, rate=1000)
    with serve(stage / "app.py", tmp_path_factory.mktemp("logs"),
               PMA_MAP_DATA_DIR=str(tmp_path_factory.mktemp("data")), PMA_MAP_TILES_DIR=str(tiles)) as url:
        yield url, len(plan.tiles)


@pytest.fixture
def unplugged(page):
    """``page`` with every request off this machine aborted; yields (page, the blocked URLs)."""
    blocked: list[str] = []

    def route(r):
        if urlsplit(r.request.url).hostname in LOCAL_HOSTS:
            r.continue_()
        else:
            blocked.append(r.request.url)
            r.abort()

    page.context.route("**/*", route)
    return page, blocked


def _wait_for_local_tiles(frame, n: int = 4, timeout_ms: int = 30_000) -> list[str]:
    frame.wait_for_function(
        f"() => ({LOADED_TILES})().filter(s => s.startsWith('/app/static/tiles/ign_plan/')).length >= {n}",
        timeout=timeout_ms)
    return frame.evaluate(LOADED_TILES)


def test_explorer_shows_seeded_tiles_with_the_network_unplugged(seeded_app, unplugged, map_frame, communes_drawn,
                                                                screenshot):
    """Explorer, remote blocked: the basemap on screen is made of tiles from /app/static/tiles, all loaded."""
    url, count = seeded_app
    assert count > 50
    page, blocked = unplugged
    page.goto(url, wait_until="domcontentloaded")
    frame = map_frame(page)
    communes_drawn(frame, 150)
    srcs = _wait_for_local_tiles(frame, 6)
    assert all(s.startswith("/app/static/tiles/ign_plan/") for s in srcs), srcs
    page.wait_for_timeout(1000)
    screenshot(page, "offline_basemap_explorer_fr")
    assert not [u for u in blocked if "geopf" not in u and "openstreetmap" not in u], blocked
    # tiles of the seeded zooms the app lacks (outside the communes) were asked of IGN, one by one
    fallback = [int(re.search(r"TILEMATRIX=(\d+)", u).group(1)) for u in blocked if "data.geopf.fr" in u]
    assert fallback and all(SEEDED_ZOOMS[0] <= z <= SEEDED_ZOOMS[1] for z in fallback), fallback


def test_outside_the_seeded_zooms_tiles_fall_back_to_the_remote_server(seeded_app, unplugged, map_frame):
    """Zoomed past the seeded range, the layer asks the IGN server (blocked here), not the app."""
    url, _ = seeded_app
    page, blocked = unplugged
    page.goto(url, wait_until="domcontentloaded")
    frame = map_frame(page)
    _wait_for_local_tiles(frame)
    frame.evaluate(f"() => {{ map_div.setZoom({SEEDED_ZOOMS[1] + 2}, {{animate: false}}); }}")
    page.wait_for_timeout(2500)
    assert any("data.geopf.fr" in u and "TILEMATRIX=15" in u for u in blocked), blocked[:5]


def test_kiosk_shows_seeded_tiles_with_the_network_unplugged(seeded_app, unplugged, map_frame, communes_drawn,
                                                             screenshot):
    """Kiosk, remote blocked: the tour's map has a full basemap from the app's tiles."""
    url, _ = seeded_app
    page, blocked = unplugged
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(url + "/?mode=kiosk&interval=60", wait_until="domcontentloaded")
    page.get_by_text("Étape 1 sur 7").wait_for(timeout=45_000)
    frame = map_frame(page)
    communes_drawn(frame, 150)
    srcs = _wait_for_local_tiles(frame, 6)
    assert all(s.startswith("/app/static/tiles/ign_plan/") for s in srcs), srcs
    page.wait_for_timeout(1000)
    screenshot(page, "offline_basemap_kiosk_fr")
