"""Popups and filter titles in Chromium read the catalogue: the right rows, in the page's language."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.e2e


def open_popup(page, frame, feature_id: str) -> str:
    """Click the feature ``feature_id`` on the map and return its popup's text."""
    iframe = page.locator("iframe[title*='streamlit_folium']").first
    iframe.scroll_into_view_if_needed()  # below the fold on a phone
    point = frame.evaluate("""(id) => {
        let target = null;
        map_div.eachLayer(l => { const p = l.feature && l.feature.properties;
                                 if (p && p.id === id) target = l; });
        const ll = target.getCenter ? target.getCenter() : target.getLatLng();
        const pt = map_div.latLngToContainerPoint(ll);
        const box = map_div.getContainer().getBoundingClientRect();
        return {x: pt.x + box.left, y: pt.y + box.top};
    }""", feature_id)
    box = iframe.bounding_box()
    page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])
    popup = frame.locator(".leaflet-popup-content")
    popup.wait_for(timeout=15_000)
    page.wait_for_timeout(500)  # let Leaflet's fade-in end before a screenshot
    return popup.inner_text()


@pytest.mark.parametrize("lang, viewport", [("fr", (1366, 900)), ("en", (1366, 900)), ("en", (390, 844))])
def test_commune_popup_rows_follow_the_catalogue(streamlit_server, browser, map_frame, communes_drawn, screenshot,
                                                 lang, viewport):
    """A commune's popup shows the agglomeration with its full name (popup_detail) and hides codes and names."""
    context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]})
    page = context.new_page()
    try:
        query = "/?communes=62498" + ("&lang=en" if lang == "en" else "")
        page.goto(streamlit_server + query, wait_until="domcontentloaded")
        frame = map_frame(page)
        communes_drawn(frame, 1)
        text = open_popup(page, frame, "62498")
        screenshot(page, f"catalogue_popup_{lang}_{viewport[0]}")
        label = "Conurbation" if lang == "en" else "Agglomération"
        assert label in text and "CALL — CA de Lens-Liévin" in text
        hidden = ("Conurbation SIREN", "INSEE code") if lang == "en" else ("SIREN de l'agglomération", "Code INSEE")
        assert not [label for label in hidden if label in text]  # codes the catalogue keeps out of popups
        if lang == "en":
            assert "Agglomération" not in text and "Municipal population" in text, repr(text)
        popup_box = frame.locator(".leaflet-popup").bounding_box()
        map_box = frame.locator(".leaflet-container").first.bounding_box()
        assert popup_box["width"] <= map_box["width"], "the popup is wider than the map (cut off on a phone)"
    finally:
        context.close()


def test_filter_titles_come_from_the_catalogue(streamlit_server, page, map_frame, screenshot):
    """The sidebar's business-park and solar expanders carry the layer titles, in English on the English page."""
    page.goto(streamlit_server + "/?lang=en", wait_until="domcontentloaded")
    map_frame(page)
    sidebar = page.locator('[data-testid="stSidebar"]')
    parks = sidebar.locator('[data-testid="stExpander"]', has_text="Business parks").first
    parks.wait_for(timeout=30_000)
    parks.scroll_into_view_if_needed()
    assert sidebar.locator('[data-testid="stExpander"]', has_text="Solar sites").count() >= 1
    assert "Zones d'activité" not in sidebar.inner_text()
    screenshot(page, "catalogue_filters_en")
