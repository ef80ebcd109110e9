"""Publishing in headless Chromium: sign in, upload a file, see both maps, publish."""

from __future__ import annotations

import json
import secrets
from pathlib import Path

import geopandas as gpd
import pytest

from pma_map.layers import load_layer
from pma_map.publish import auth

pytestmark = pytest.mark.e2e

APP = Path(__file__).parent / "apps" / "staff_app.py"


@pytest.fixture(scope="module")
def staff_server(start_streamlit, tmp_path_factory):
    """The staff pages served with a throw-away account and store."""
    password = secrets.token_urlsafe(16)
    data = tmp_path_factory.mktemp("staff_data")
    mp = pytest.MonkeyPatch()
    mp.setenv("PMA_MAP_STAFF_E2E", auth.hash_password(password))
    mp.setenv("PMA_MAP_E2E_STAFF_DATA", str(data))
    try:
        url = start_streamlit(APP)
    finally:
        mp.undo()
    return url, password, data


def test_sign_in_upload_preview_publish(staff_server, page, tmp_path, traffic, screenshot):
    """Staff sign in, drop a GeoJSON, see the report and two maps, publish: version 2 with its author."""
    url, password, data = staff_server
    sites = load_layer("sites_solaires").copy()
    sites.loc[sites.index[0], "nom"] = "<b>Site renommé</b>"
    upload = tmp_path / "sites_solaires.geojson"
    sites.to_file(upload, driver="GeoJSON", engine="pyogrio")

    page.goto(url, wait_until="domcontentloaded")
    page.get_by_label("Identifiant").fill("e2e")
    page.get_by_label("Mot de passe").fill(password)
    page.get_by_role("button", name="Se connecter").click()
    page.get_by_text("Connecté(e) : e2e").wait_for(timeout=30_000)

    # Client-side navigation keeps the session (a reload would start a new, signed-out one).
    page.get_by_role("link", name="Publier une couche").click()
    page.get_by_text("Couche", exact=True).wait_for(timeout=30_000)
    page.locator('[data-testid="stSelectbox"]').first.click()
    page.get_by_role("option", name="Sites solaires").click()
    page.locator('input[type="file"]').set_input_files(str(upload))
    page.get_by_text("entités lues").wait_for(timeout=60_000)
    page.get_by_text("1 modifiée(s)").wait_for(timeout=30_000)
    page.wait_for_function(
        "() => [...document.querySelectorAll('iframe')].filter(f => f.src.includes('streamlit_folium')).length >= 2",
        timeout=45_000)
    screenshot(page, "publish_preview")

    page.get_by_label("Note de version").fill("Renommage d'un site")
    page.get_by_role("button", name="Publier cette version").click()
    page.get_by_text("Version 2").first.wait_for(timeout=30_000)
    screenshot(page, "publish_done")

    current = json.loads((data / "store" / "sites_solaires" / "current.json").read_text())
    assert current["version"] == 2 and current["by"] == "e2e"
    published = gpd.read_file(data / "store" / "sites_solaires" / current["file"])
    assert "<b>Site renommé</b>" in set(published["nom"])
    assert traffic.external == [], traffic.external
