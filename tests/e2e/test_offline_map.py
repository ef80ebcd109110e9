"""The map draws in Chromium with no request leaving the machine (tiles aside)."""

from __future__ import annotations

from pathlib import Path

import pytest

APP = Path(__file__).parent / "apps" / "offline_map.py"

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def offline_app(start_streamlit) -> str:
    return start_streamlit(APP)


def test_localized_map_draws_without_external_requests(
    offline_app, page, traffic, map_frame, screenshot
):
    """Offline, the polygon and the feature group draw from /app/static/vendor only."""
    page.goto(offline_app, wait_until="domcontentloaded")
    frame = map_frame(page, min_paths=4)  # 1 polygon + 3 circle markers
    assert frame.evaluate("L.version") == "1.9.3"
    box = frame.locator(".leaflet-overlay-pane path").first.bounding_box()
    assert box and box["width"] > 50 and box["height"] > 50, box
    assert frame.locator(".leaflet-control-layers").count() == 1
    page.wait_for_timeout(1500)  # let late requests (fonts, icons, tiles) show up
    screenshot(page, "offline_map")
    assert traffic.external == [], f"requests left the machine: {traffic.external}"
    assert traffic.local_failures == [], traffic.local_failures
