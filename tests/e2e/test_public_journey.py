"""The public journeys in headless Chromium: an official searching without accents, a phone
opening a popup, the kiosk on a stand's TV, and the QR codes of the investor page."""

from __future__ import annotations

import os
from pathlib import Path

import pypdfium2 as pdfium
import pytest
import zxingcpp

pytestmark = pytest.mark.e2e

SEARCH = '[data-testid="stSelectbox"]'
LABEL = "() => [...document.querySelectorAll('.pma-place-label')].map(e => e.textContent)"
#: Where a popup and its close button sit inside the map (px, from the map's top left).
POPUP_BOX = """() => {
    const map = map_div.getContainer().getBoundingClientRect();
    const p = document.querySelector('.leaflet-popup-content-wrapper').getBoundingClientRect();
    const c = document.querySelector('.leaflet-popup-close-button').getBoundingClientRect();
    const top = document.elementFromPoint(c.left + c.width / 2, c.top + c.height / 2);
    return {map: [map.width, map.height], left: p.left - map.left, right: p.right - map.left,
            top: p.top - map.top, bottom: p.bottom - map.top, closeOnTop: !!top && top.closest('a') !== null
            && top.closest('a').classList.contains('leaflet-popup-close-button'),
            onTop: top ? top.tagName + '.' + top.className : null};
}"""


#: Share of the map's width and height that the drawn polygons (the territory) span.
TERRITORY_SHARE = """() => {
    let box = null;
    map_div.eachLayer(l => { if (l.feature && l.getBounds) {
        const b = l.getBounds();
        box = box ? box.extend(b) : L.latLngBounds(b.getSouthWest(), b.getNorthEast());
    } });
    const sw = map_div.latLngToContainerPoint(box.getSouthWest());
    const ne = map_div.latLngToContainerPoint(box.getNorthEast());
    const size = map_div.getSize();
    return [(ne.x - sw.x) / size.x, (sw.y - ne.y) / size.y];
}"""


def qr_codes(pdf: bytes) -> list[str]:
    """The QR codes of a PDF's first page, read back (pypdfium2 + zxing-cpp)."""
    image = pdfium.PdfDocument(pdf)[0].render(scale=3).to_pil()
    return [r.text for r in zxingcpp.read_barcodes(image) if r.format == zxingcpp.BarcodeFormat.QRCode]


def search_for(page, text: str) -> None:
    box = page.locator(SEARCH).first
    box.locator("input").click()
    page.keyboard.type(text)
    page.wait_for_timeout(400)
    page.keyboard.press("Enter")


def test_official_searches_without_accents_and_opens_a_commune_from_a_popup(
        streamlit_server, page, map_frame, communes_drawn, screenshot):
    """"Noeux" then "bethune" find Nœux-les-Mines and Béthune, outlined and labelled; the label's popup
    opens the commune page of Béthune."""
    page.goto(streamlit_server, wait_until="domcontentloaded")
    frame = map_frame(page)
    communes_drawn(frame, 150)
    search_for(page, "Noeux")
    page.wait_for_function("() => location.search.includes('place=62617')", timeout=45_000)
    frame = map_frame(page)
    frame.wait_for_function(f"() => ({LABEL})().includes('Nœux-les-Mines')", timeout=45_000)
    screenshot(page, "journey_fr_search_noeux")

    page.locator(SEARCH).first.locator("input").click()
    page.keyboard.press("Control+A")
    page.keyboard.type("bethune")
    page.wait_for_timeout(400)
    page.keyboard.press("Enter")
    page.wait_for_function("() => location.search.includes('place=62119')", timeout=45_000)
    frame = map_frame(page)
    frame.wait_for_function(f"() => ({LABEL})().includes('Béthune')", timeout=45_000)
    screenshot(page, "journey_fr_search_bethune")

    link = frame.locator(".leaflet-popup a.pma-commune-link")
    for _ in range(5):  # the page may still shift (reruns, map animation) under the first tap
        page.wait_for_timeout(1500)
        frame.locator(".pma-place-label").first.click()
        try:
            link.wait_for(timeout=3_000)
            break
        except Exception:  # noqa: BLE001 - tap again
            continue
    link.wait_for(timeout=5_000)
    assert link.inner_text() == "Ouvrir la fiche commune de Béthune"
    assert link.get_attribute("href").startswith(streamlit_server + "/commune?commune=62119")
    link.click()
    page.wait_for_url("**/commune?commune=62119*", timeout=45_000)
    page.get_by_text("62400 Béthune").first.wait_for(timeout=45_000)  # the town hall of the commune page
    screenshot(page, "journey_fr_commune_from_popup")


def test_phone_popup_fits_inside_the_map_with_its_close_button(browser, streamlit_server, map_frame,
                                                               communes_drawn, screenshot):
    """At 390x844 (English) a commune's popup stays inside the map, its close button on top and clickable."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    try:
        page.goto(streamlit_server + "/?lang=en&communes=62498", wait_until="domcontentloaded")
        frame = map_frame(page)
        communes_drawn(frame, 1)
        frame.evaluate("""() => { map_div.eachLayer(l => { const p = l.feature && l.feature.properties;
                                   if (p && p.id === '62498') l.openPopup(l.getCenter()); }); }""")
        frame.wait_for_selector(".leaflet-popup-content-wrapper", timeout=20_000)
        for _ in range(20):  # the map pans to show the popup (slower on a loaded machine): up to 10 s
            page.wait_for_timeout(500)
            box = frame.evaluate(POPUP_BOX)
            width, height = box["map"]
            inside = 0 <= box["left"] and box["right"] <= width and 0 <= box["top"] and box["bottom"] <= height
            if inside and box["closeOnTop"]:
                break
        assert width < 390
        assert 0 <= box["left"] and box["right"] <= width, box
        assert 0 <= box["top"] and box["bottom"] <= height, box
        assert box["closeOnTop"], f"the popup's close button is hidden under a map control: {box}"
        assert frame.locator(".leaflet-popup a.pma-commune-link").inner_text() == \
            "Open the municipality profile of Lens"
        page.locator("iframe[title*='streamlit_folium']").first.scroll_into_view_if_needed()
        screenshot(page, "journey_en_phone_popup")
        frame.locator(".leaflet-popup-close-button").click()
        frame.wait_for_selector(".leaflet-popup", state="detached", timeout=10_000)
    finally:
        context.close()


def test_kiosk_fills_a_1920x1080_screen(browser, streamlit_server, map_frame, screenshot):
    """The README's kiosk link on a stand's TV: the map reaches the bottom of the screen."""
    context = browser.new_context(viewport={"width": 1920, "height": 1080})
    page = context.new_page()
    try:
        page.goto(streamlit_server + "/?mode=kiosk&interval=120", wait_until="domcontentloaded")
        page.get_by_text("Étape 1 sur 7").wait_for(timeout=45_000)
        frame = map_frame(page)
        iframe = page.locator("iframe[title*='streamlit_folium']").first.bounding_box()
        assert iframe["y"] + iframe["height"] > 0.9 * 1080, iframe
        size = frame.evaluate("() => [map_div.getSize().x, map_div.getSize().y]")
        assert size[1] >= iframe["height"] - 2, (size, iframe)
        page.wait_for_timeout(1000)
        screenshot(page, "journey_fr_kiosk_1920")
        # The territory fills the screen's map (it filled 45 % of its width when framed for 1000 x 660 px).
        frame.wait_for_function(f"() => Math.max(...({TERRITORY_SHARE})()) >= 0.7", timeout=20_000)
        assert max(frame.evaluate(TERRITORY_SHARE)) <= 1.0
    finally:
        context.close()


def test_investor_qr_codes_use_the_address_the_browser_used(streamlit_server, page, screenshot):
    """The investor page's site sheet has a QR code on the server's own address (not localhost:8501),
    and staff are warned that this local address cannot be opened by a visitor's phone."""
    if os.environ.get("PMA_MAP_BASE_URL"):
        pytest.skip("PMA_MAP_BASE_URL is set: links use it, not the browser's address")
    page.goto(streamlit_server + "/investir", wait_until="domcontentloaded")
    warning = page.locator('[data-testid="stAlertContentWarning"]', has_text="adresse locale").first
    warning.wait_for(timeout=45_000)
    assert streamlit_server in warning.inner_text()
    assert "localhost:8501" not in warning.inner_text()
    button = page.get_by_role("button", name="Télécharger la fiche (PDF)")
    button.scroll_into_view_if_needed()
    with page.expect_download(timeout=60_000) as download:
        button.click()
    pdf = Path(download.value.path()).read_bytes()
    codes = qr_codes(pdf)
    assert codes and all(c.startswith(streamlit_server + "/?") for c in codes), codes
    screenshot(page, "journey_fr_invest_qr_address")


def test_filters_pick_one_match_per_enter(streamlit_server, page, map_frame, communes_drawn, screenshot):
    """"Lens" then Enter in Commune(s) selects Lens alone (not "Select 8 matches"); "CALL" then Enter
    in Agglomération(s) selects CALL alone (not CALL and CABBALR)."""
    page.goto(streamlit_server, wait_until="domcontentloaded")
    communes_drawn(map_frame(page), 150)
    epci = page.locator('[data-testid="stMultiSelect"]', has_text="Agglomération").first
    epci.locator("input").click()
    page.keyboard.type("CALL")
    page.wait_for_timeout(400)
    assert page.get_by_text("matches").count() == 0
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    page.wait_for_function("() => location.search.includes('epci=CALL')", timeout=45_000)
    assert "CABBALR" not in page.url
    communes_drawn(map_frame(page), 36)

    box = page.locator('[data-testid="stMultiSelect"]', has_text="Commune(s)").first
    box.locator("input").click()
    page.keyboard.type("Lens")
    page.wait_for_timeout(400)
    assert page.get_by_text("Select 8 matches").count() == 0
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    page.wait_for_function("() => location.search.includes('communes=62498')", timeout=45_000)
    assert "%2C" not in page.url.split("communes=")[1].split("&")[0] and "," not in \
        page.url.split("communes=")[1].split("&")[0]
    communes_drawn(map_frame(page), 1)
    screenshot(page, "journey_fr_filters_lens")
