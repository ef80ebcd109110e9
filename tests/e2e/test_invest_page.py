"""The investor page in headless Chromium: ranked sites drawn, English throughout, offline."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.e2e

COUNT_RANKS = "() => document.querySelectorAll('.leaflet-marker-pane .leaflet-marker-icon').length"


def test_invest_page_draws_the_ranked_sites(streamlit_server, page, traffic, map_frame, screenshot):
    """Every business park found has its numbered marker; a criterion narrows them, same iframe."""
    page.goto(streamlit_server + "/investir?lang=en", wait_until="domcontentloaded")
    page.get_by_text("11 matching site(s)").wait_for(timeout=45_000)
    frame = map_frame(page)
    frame.wait_for_function(f"() => ({COUNT_RANKS})() === 11", timeout=45_000)
    frame.evaluate("() => { window.__pma_marker = 'first mount'; }")
    screenshot(page, "invest_en")

    page.get_by_label("Maximum distance to a canal port (km)", exact=True).fill("5")
    page.keyboard.press("Enter")
    page.get_by_text("matching site(s)").filter(has_not_text="11 ").first.wait_for(timeout=45_000)
    shown = int(page.get_by_text("matching site(s)").first.inner_text().split()[0])
    assert 0 < shown < 11
    frame = map_frame(page)
    frame.wait_for_function(f"() => ({COUNT_RANKS})() === {shown}", timeout=45_000)
    assert frame.evaluate("() => window.__pma_marker") == "first mount", "the map iframe was remounted"
    assert "max_port_km=5" in page.url
    screenshot(page, "invest_en_port")
    assert traffic.external == [], f"requests left the machine: {traffic.external}"


def test_site_link_opens_the_explorer_on_the_site(streamlit_server, page, map_frame, screenshot):
    """The QR link of a site sheet shows the site, ringed, in the link's language."""
    page.goto(streamlit_server + "/?lang=en&site=zae-delta3", wait_until="domcontentloaded")
    page.get_by_text("Site shown: Delta 3").wait_for(timeout=45_000)
    frame = map_frame(page)
    frame.wait_for_function(f"() => ({COUNT_RANKS})() === 1", timeout=45_000)
    screenshot(page, "explorer_site_link")
