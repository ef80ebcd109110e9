"""'Imprimer cette carte' in Chromium: the PDF downloaded is the view on screen (French, English, desktop, phone)."""

from __future__ import annotations

import io

import pypdf
import pytest

pytestmark = pytest.mark.e2e


def _text(pdf: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    return " ".join(reader.pages[0].extract_text().split())


def test_explorer_prints_the_filtered_view(streamlit_server, page, map_frame, screenshot):
    """Explorer filtered on CALL and business parks: the PDF says so in words and names the A3 size chosen."""
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(streamlit_server + "/?epci=CALL&layers=zones_activite", wait_until="domcontentloaded")
    map_frame(page)
    page.get_by_text("Imprimer cette carte").click()
    page.get_by_text("A3", exact=True).click()
    page.wait_for_timeout(800)
    screenshot(page, "print_menu_explorer_fr")
    with page.expect_download(timeout=60_000) as info:
        page.get_by_role("button", name="Télécharger le PDF").click()
    download = info.value
    assert download.suggested_filename == "carte-CALL-a3.pdf"
    pdf = open(download.path(), "rb").read()
    text = _text(pdf)
    assert "CALL, zones d'activité" in text and "Légende" in text
    box = pypdf.PdfReader(io.BytesIO(pdf)).pages[0].mediabox
    assert round(float(box[2])) == 1191  # A3 landscape


def test_commune_page_prints_the_profile_in_english_on_a_phone(streamlit_server, page, screenshot):
    """Phone, English commune page of Lens: the menu fits the screen and gives the English profile."""
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(streamlit_server + "/commune?commune=62498&lang=en", wait_until="domcontentloaded")
    menu = page.get_by_text("Print this map")
    menu.wait_for(timeout=45_000)
    menu.scroll_into_view_if_needed()
    menu.click()
    page.wait_for_timeout(800)
    button = page.get_by_role("button", name="Municipality profile (PDF)")
    button.scroll_into_view_if_needed()
    b = button.bounding_box()
    assert b and b["x"] >= 0 and b["x"] + b["width"] <= 390
    page.wait_for_timeout(500)
    screenshot(page, "print_menu_commune_en_phone")
    with page.expect_download(timeout=60_000) as info:
        button.click()
    text = _text(open(info.value.path(), "rb").read())
    assert "Municipality profile" in text and "Lens" in text and "Town hall" in text
