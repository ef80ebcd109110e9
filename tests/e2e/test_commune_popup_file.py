"""Popup strings as a file (issue 10): the map arrives without them, the first popup fetches them
from the app, and the commune popup reads exactly as before, in French and English."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.e2e

CONTACT = ("17 bis place Jean-Jaurès, 62300 Lens", "03 21 69 86 86", "info@mairie-lens.fr",
           "https://villedelens.fr/")
CASES = {
    "fr": ("Ouvrir la fiche commune de Lens", "/commune?commune=62498", "Géométrie issue d'un relevé",
           "Courriel de la mairie"),
    "en": ("Open the municipality profile of Lens", "/commune?commune=62498&lang=en",
           "Geometry from a survey", "Town hall e-mail"),
}

POPUP_STRINGS_IN_MAP = """() => ({
    docs: Object.keys(window.pmaPopupDocs || {}).length,
    inline: JSON.stringify(window.pmaTables.communes.strings).includes('mairie-lens'),
    file: !!(window.pmaFitPopups && window.pmaPopupFile)
})"""


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_commune_popup_comes_from_its_file(streamlit_server, page, map_frame, communes_drawn, clicked_popup,
                                           traffic, lang):
    """Lens on the map: no popup string in the map's data until the click; the click fetches the
    communes' popup file from the app (once) and shows the town hall's contact details, unescaped
    once as text, and the link to the commune page."""
    link_text, href_end, precision, label = CASES[lang]
    files: list[str] = []
    page.on("request", lambda r: "/app/static/layers/popups/" in r.url and files.append(r.url))
    page.goto(f"{streamlit_server}/?lang={lang}&communes=62498", wait_until="domcontentloaded")
    frame = map_frame(page)
    communes_drawn(frame, 1)
    before = frame.evaluate(POPUP_STRINGS_IN_MAP)
    assert before == {"docs": 0, "inline": False, "file": True}, before
    assert not files
    popup = clicked_popup(page, frame, "62498")
    frame.wait_for_function("() => (document.querySelector('.leaflet-popup-content') || {}).innerText"
                            "&& document.querySelector('.leaflet-popup-content').innerText.includes('mairie-lens')",
                            timeout=15_000)
    text = popup.inner_text()
    for value in CONTACT:
        assert value in text
    assert label in text and precision in text and "&#x27;" not in text and "&amp;" not in text
    link = frame.locator(".leaflet-popup a.pma-commune-link")
    assert link.inner_text() == link_text
    assert link.get_attribute("href") == streamlit_server + href_end
    assert len(files) == 1 and files[0].startswith(streamlit_server + "/app/static/layers/popups/communes-")
    assert files[0].endswith(f"-{lang}.json")
    assert not [u for u in traffic.local_failures if "/popups/" in u]
    # a second opening reads the file already there: nothing fetched again
    frame.locator(".leaflet-popup-close-button").click()
    frame.wait_for_selector(".leaflet-popup", state="detached", timeout=10_000)
    clicked_popup(page, frame, "62498")
    assert "info@mairie-lens.fr" in frame.locator(".leaflet-popup-content").inner_text()
    assert len(files) == 1
