"""Issue 14 in headless Chromium: a Markdown image in a commune's source or contact is shown as text and
never fetched; staff see the store banner when a pointer is broken, the public does not."""

from __future__ import annotations

import secrets
import shutil
from pathlib import Path

import geopandas as gpd
import pytest

from pma_map.publish import auth

pytestmark = pytest.mark.e2e

REPO = Path(__file__).resolve().parents[2]
APP = Path(__file__).parent / "apps" / "hostile_app.py"
HOST = "attacker.example"
IMAGE = f"![pixel](http://{HOST}/pixel.png)"


@pytest.fixture(scope="module")
def hostile_server(start_streamlit, tmp_path_factory):
    """The app on bundled layers where Lens's source and contact hold Markdown images, with a garbage
    current.json for the solar sites, and a throw-away staff account."""
    geo = tmp_path_factory.mktemp("hostile_geo")
    for p in (REPO / "data" / "geo").iterdir():
        if p.is_file():
            shutil.copyfile(p, geo / p.name)
    communes = gpd.read_file(geo / "communes.geojson", engine="pyogrio")
    lens = communes["insee"] == "62498"
    communes.loc[lens, "source"] = f"IGN {IMAGE}"
    communes.loc[lens, "mairie_adresse"] = f"Place {IMAGE} [lien](http://{HOST}/)"
    communes.loc[lens, "mairie_site"] = "javascript:alert(1)"
    (geo / "communes.geojson").unlink()
    communes.to_file(geo / "communes.geojson", driver="GeoJSON", engine="pyogrio")
    data = tmp_path_factory.mktemp("hostile_data")
    (data / "store" / "sites_solaires").mkdir(parents=True)
    (data / "store" / "sites_solaires" / "current.json").write_text("garbage", encoding="utf-8")
    password = secrets.token_urlsafe(16)
    mp = pytest.MonkeyPatch()
    mp.setenv("PMA_MAP_E2E_HOSTILE_GEO", str(geo))
    mp.setenv("PMA_MAP_E2E_HOSTILE_DATA", str(data))
    mp.setenv("PMA_MAP_STAFF_E2E", auth.hash_password(password))
    try:
        url = start_streamlit(APP)
    finally:
        mp.undo()
    return url, password


@pytest.mark.parametrize("lang,size", [("fr", (1366, 900)), ("en", (390, 844))])
def test_markdown_image_in_commune_data_is_text(hostile_server, page, traffic, screenshot, map_frame, lang, size):
    """Lens's page shows the Markdown image and link as text and requests nothing from their host (the image
    was fetched before); no javascript: link, no link under a label chosen by the file's author."""
    url, _ = hostile_server
    page.set_viewport_size({"width": size[0], "height": size[1]})
    page.goto(f"{url}/commune?commune=62498&lang={lang}", wait_until="domcontentloaded")
    page.get_by_text(f"http://{HOST}/pixel.png", exact=False).first.wait_for(timeout=60_000)
    map_frame(page)
    screenshot(page, f"hardening_commune_markdown_{lang}_{size[0]}")
    assert not [u for u in traffic.external if HOST in u]
    assert page.locator(f'img[src*="{HOST}"]').count() == 0
    assert page.locator('a[href^="javascript"]').count() == 0
    # Markdown's bare-address autolinks remain: http(s) only, labelled by the address itself.
    for link in page.locator(f'a[href*="{HOST}"]').all():
        href = link.get_attribute("href")
        assert href.startswith(("http://", "https://")) and link.inner_text().strip() == href
    assert page.get_by_text("![pixel](", exact=False).count() >= 2  # source and contact, as text


def test_staff_banner_for_a_broken_pointer(hostile_server, page, screenshot, map_frame):
    """The public explorer runs on a garbage pointer without a banner; signed-in staff see it."""
    url, password = hostile_server
    page.goto(url, wait_until="domcontentloaded")
    page.get_by_text("Communes", exact=False).first.wait_for(timeout=60_000)
    page.wait_for_timeout(2000)
    assert page.get_by_text("Magasin des couches").count() == 0
    assert page.get_by_text("Traceback").count() == 0
    page.goto(f"{url}/agents", wait_until="domcontentloaded")
    page.get_by_label("Identifiant").fill("e2e")
    page.get_by_label("Mot de passe").fill(password)
    page.get_by_role("button", name="Se connecter").click()
    page.get_by_text("Connecté(e) : e2e").wait_for(timeout=30_000)
    page.get_by_role("link", name="Explorer", exact=False).first.click()
    page.get_by_text("Magasin des couches").wait_for(timeout=60_000)
    map_frame(page)
    screenshot(page, "hardening_staff_store_banner")
    assert page.get_by_text("pma-map store repair", exact=False).count() >= 1
