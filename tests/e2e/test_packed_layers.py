"""Packed layers in headless Chromium: decoded into features whose popups and tooltips work."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.e2e

OPEN_FIRST_COMMUNE = """() => {
    let target = null;
    map_div.eachLayer(l => {
        const p = l.feature && l.feature.properties;
        if (!target && p && /^[0-9]{5}$/.test(p.id)) target = l;
    });
    target.openPopup();
    return {tooltip: target.getTooltip() ? target.getTooltip().getContent() : null};
}"""
#: The popup's HTML once its strings are there (fetched from the layer's popup file on the first opening).
POPUP_FILLED = """() => {
    const popup = document.querySelector('.leaflet-popup-content');
    return popup && popup.querySelector('h4') ? popup.innerHTML : null;
}"""


def test_commune_popup_and_tooltip_are_built_in_the_browser(streamlit_server, page, map_frame):
    """Clicking a commune opens its popup (figures, source) assembled from the packed tables."""
    page.goto(streamlit_server, wait_until="domcontentloaded")
    frame = map_frame(page)
    frame.wait_for_function("() => window.pmaTables && window.pmaTables.communes", timeout=45_000)
    got = frame.evaluate(OPEN_FIRST_COMMUNE)
    got["popup"] = frame.wait_for_function(POPUP_FILLED, timeout=15_000).json_value()
    assert got["popup"] and "Population municipale" in got["popup"] and "<h4 " in got["popup"]
    assert "IGN" in got["popup"]
    assert got["tooltip"] and "(" in got["tooltip"]
