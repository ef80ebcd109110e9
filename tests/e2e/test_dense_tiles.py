"""Dense layers in Chromium as vector tiles: every feature drawn, a click opens a parcel's popup,
a filter change repaints the tiles without fetching any layer data again."""

from __future__ import annotations

from pathlib import Path

import pytest
from servers import serve

from pma_map.map import vector_tiles
from tests.e2e.test_dense_files import POINTS, POLYGONS, write_dense_geo

pytestmark = pytest.mark.e2e

REPO = Path(__file__).resolve().parents[2]
STATS = "() => window.pmaTileStats ? window.pmaTileStats() : {}"
ALL_DRAWN = """([layer, n]) => { const s = window.pmaTileStats && window.pmaTileStats()[layer];
    return !!s && s.loaded && s.selected === n && s.drawn === n; }"""
#: Centre the map on parcel number ``i`` (row ``i``: ``essai-0000i``) at zoom 17; its position in the frame.
CENTRE_ON = """([lat, lon]) => {
    map_div.invalidateSize({animate: false});
    map_div.setView([lat, lon], 17, {animate: false});
    return map_div.latLngToContainerPoint([lat, lon]);
}"""


@pytest.fixture(scope="module")
def tiles_server(tmp_path_factory):
    """The app on dense layers drawn from vector tiles (base URL, parcels kept by CAHC, geo folder)."""
    geo = tmp_path_factory.mktemp("dense-tiles-geo")
    kept = write_dense_geo(geo)
    data = tmp_path_factory.mktemp("data")
    with serve("app.py", tmp_path_factory.mktemp("logs"), PMA_MAP_GEO_DIR=str(geo), PMA_MAP_DATA_DIR=str(data),
               PMA_MAP_TILES="1", PMA_MAP_TILES_MIN_FEATURES="2000") as url:
        yield url, kept, geo


def test_dense_layers_drawn_from_tiles(tiles_server, page, map_frame, screenshot, traffic):
    """Every polygon and point drawn from the tiles; a click on a parcel opens its popup (escaped
    pieces, the same look as the other layers); a filter change fetches no layer data again."""
    assert POLYGONS > 2000 and POINTS > 2000
    url, kept, geo = tiles_server
    fetched, received, ranges = [], [], []
    page.context.on("response", lambda r: "/app/static/layers/" in r.url and fetched.append(r.url))
    page.context.on("request", lambda r: "/app/static/layers/" in r.url
                    and ranges.append((r.url, r.headers.get("range"))))
    page.on("websocket", lambda ws: ws.on("framereceived", lambda p: received.append(len(p))))
    page.goto(url, wait_until="domcontentloaded")
    frame = map_frame(page)
    frame.wait_for_function(ALL_DRAWN, arg=["parcs", POLYGONS], timeout=120_000)
    frame.wait_for_function(ALL_DRAWN, arg=["sites_solaires", POINTS], timeout=60_000)
    stats = frame.evaluate(STATS)
    assert stats["parcs"]["url"].endswith(".pmtiles") and stats["sites_solaires"]["url"].endswith(".pmtiles")
    assert all(u.split("/app/static/layers/")[1].split("-")[0] in ("parcs", "sites_solaires") for u in fetched)
    assert not any(u.endswith(".json") for u in fetched)  # no popups fetched before a click
    screenshot(page, "dense_tiles_fr")

    # a parcel of the test layer, away from the points: its centre, from the layer's file
    from pma_map.layers import read_layer_file
    parcs = read_layer_file(geo / "parcs.geojson")
    row = 7
    centre = parcs.geometry.iloc[row].centroid
    frame.evaluate("() => { map_div.eachLayer(l => { if (l.pmaTiles && l.pmaPoint) map_div.removeLayer(l); }); }")
    at = frame.evaluate(CENTRE_ON, [centre.y, centre.x])
    frame.wait_for_function(ALL_DRAWN.replace("s.drawn === n", "s.drawn > 0"), arg=["parcs", POLYGONS],
                            timeout=30_000)
    iframe = page.locator('iframe[title*="streamlit_folium"]').first.bounding_box()
    page.mouse.move(iframe["x"] + at["x"] - 30, iframe["y"] + at["y"] - 30)
    page.mouse.move(iframe["x"] + at["x"], iframe["y"] + at["y"], steps=5)  # hover: the tooltip
    frame.wait_for_function("() => Array.from(document.querySelectorAll('.leaflet-tooltip'))"
                            f".some(t => t.innerHTML === 'Essai essai {row}')", timeout=15_000)
    page.mouse.click(iframe["x"] + at["x"], iframe["y"] + at["y"])
    frame.wait_for_selector(".leaflet-popup-content .pma-popup", timeout=15_000)
    popup = frame.inner_html(".leaflet-popup-content")
    assert f"Essai essai {row}" in popup and "Données d" in popup
    chunks = [u for u in fetched if u.endswith(".json") and "/popups/" not in u]  # not the communes' popup file
    assert chunks and all("-fr/" in u for u in chunks)
    # Fully opaque once Leaflet's fade-in is over (a popup left translucent would be unreadable).
    frame.wait_for_function("() => getComputedStyle(document.querySelector('.leaflet-popup')).opacity === '1'",
                            timeout=5_000)
    screenshot(page, "dense_tiles_fr_popup")

    frame.evaluate("() => { map_div.closePopup(); map_div.setView([50.5, 2.6], 10, {animate: false}); }")
    frame.wait_for_function(ALL_DRAWN, arg=["parcs", POLYGONS], timeout=60_000)
    page.wait_for_timeout(2_500)
    received.clear()
    box = page.locator('[data-testid="stMultiSelect"]', has_text="Agglomération").first
    box.locator("input").click()
    page.keyboard.type("CAHC")
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    frame.wait_for_function(ALL_DRAWN, arg=["parcs", kept], timeout=90_000)
    page.wait_for_timeout(2_000)
    assert 0 < kept < POLYGONS
    # the map moved to CAHC: tiles of that view may be new, but nothing fetched before is fetched again
    # (the archive's header, directories and every tile already read stay in the page)
    assert len(ranges) == len(set(ranges)), [r for r in ranges if ranges.count(r) > 1]
    assert all(r[1] for r in ranges if r[0].endswith(".pmtiles"))  # range requests only
    tiles_bytes = sum(p.stat().st_size for p in (REPO / "static" / "layers").glob("*.pmtiles")
                      if any(p.name in u for u in fetched))
    assert sum(received) < 200_000, sum(received)  # the selection and the page, not the layer
    assert tiles_bytes > 0
    screenshot(page, "dense_tiles_fr_cahc")
    errors = [e for e in traffic.console_errors if "ERR_NAME_NOT_RESOLVED" not in e]
    assert not traffic.local_failures and not errors, (traffic.local_failures, errors)


def test_tiles_threshold_is_the_one_the_server_used():
    assert vector_tiles.TILES_MIN_FEATURES <= POLYGONS
