"""The kiosk tour in headless Chromium, with no basemap tiles (a stand on bad Wi-Fi)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.e2e

CENTER = "() => { const c = map_div.getCenter(); return [c.lat, c.lng]; }"
RINGS = "() => document.querySelectorAll('.leaflet-marker-pane .leaflet-marker-icon').length"
#: The framed zone's outline (rankmap.MARKER_COLOR): a zone is outlined, a point ringed.
OUTLINES = """() => { let n = 0;
    map_div.eachLayer(l => { if (l.feature && l.options && l.options.color === '#6a1b9a') n++; }); return n; }"""


def test_kiosk_tour_moves_on_by_itself_without_tiles(streamlit_server, no_tiles, traffic, map_frame,
                                                   communes_drawn, screenshot):
    """No tiles: communes still drawn; the timer moves to the next site on the same map; pause holds it."""
    page = no_tiles
    page.goto(streamlit_server + "/?mode=kiosk&interval=8", wait_until="domcontentloaded")
    page.get_by_text("Étape 1 sur 7").wait_for(timeout=45_000)
    frame = map_frame(page)
    communes_drawn(frame, 150)
    assert page.locator('[data-testid="stSidebar"]').is_hidden()
    assert page.locator('[data-testid="stMultiSelect"]').count() == 0, "kiosk mode shows no filters"
    frame.evaluate("() => { window.__pma_marker = 'first mount'; }")
    first_center = frame.evaluate(CENTER)
    screenshot(page, "kiosk_fr_territoire")

    page.get_by_text("Étape 2 sur 7").wait_for(timeout=30_000)  # the timer, no click
    page.get_by_text("Gigafactory ACC").first.wait_for(timeout=10_000)
    frame = map_frame(page)
    frame.wait_for_function(f"() => ({OUTLINES})() >= 1", timeout=20_000)
    frame.wait_for_function(f"() => {{ const c = ({CENTER})(); return c[0] !== {first_center[0]}; }}",
                            timeout=20_000)
    assert frame.evaluate("() => window.__pma_marker") == "first mount", "the map iframe was remounted"
    page.wait_for_timeout(1500)  # the end of the pan and zoom animation
    screenshot(page, "kiosk_fr_acc")

    page.get_by_role("button", name="Contrôles").click()
    page.get_by_role("button", name="Pause").click()
    page.get_by_text("Visite en pause").wait_for(timeout=20_000)
    step = page.get_by_text("sur 7").first.inner_text()
    page.wait_for_timeout(10_000)  # more than the 8 s of a stop
    assert page.get_by_text("sur 7").first.inner_text() == step
    assert traffic.tiles, "the map asked for tiles (they were refused)"
    assert traffic.external == [], f"requests left the machine: {traffic.external}"
