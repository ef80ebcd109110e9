"""The staff journey in Chromium on the real app (app.py): sign in, publish every layer, roll one back.

A server of its own (own store folder, own throw-away account) so that the other e2e
tests keep the bundled versions. Each upload is the current version exported as staff
do (``pma-map export``) with one name changed.
"""

from __future__ import annotations

import json
import secrets
from pathlib import Path

import geopandas as gpd
import pytest
from servers import serve

from pma_map.catalogue import LAYERS
from pma_map.publish import auth

pytestmark = pytest.mark.e2e

REPO = Path(__file__).resolve().parents[2]
STEP_MS = 90_000


@pytest.fixture(scope="module")
def staff_app(tmp_path_factory):
    """app.py served with its own store and a staff account "e2e": (url, password, data folder)."""
    password = secrets.token_urlsafe(16)
    data = tmp_path_factory.mktemp("journey_data")
    with serve("app.py", tmp_path_factory.mktemp("journey_log"), PMA_MAP_DATA_DIR=str(data),
               PMA_MAP_STAFF_E2E=auth.hash_password(password)) as url:
        yield url, password, data


def export_renamed(layer: str, data: Path, folder: Path, suffix: str) -> Path:
    """The current version of ``layer`` in the server's store, exported, first name + ``suffix``."""
    from pma_map.config import geo_dir
    from pma_map.publish import publishing
    from pma_map.publish.store import FolderStore

    path = folder / f"{layer}{suffix.strip().replace(' ', '_')}.geojson"
    publishing.export_layer(layer, path, store=FolderStore(data, geo_dir()))
    gdf = gpd.read_file(path)
    gdf.loc[gdf.index[0], "nom"] = f"{gdf.loc[gdf.index[0], 'nom']}{suffix}"
    path.unlink()
    gdf.to_file(path, driver="GeoJSON", engine="pyogrio")
    return path


def current_version(data: Path, layer: str) -> int:
    pointer = data / "store" / layer / "current.json"
    return json.loads(pointer.read_text())["version"] if pointer.exists() else 1


def no_error_on_screen(page) -> None:
    assert page.locator('[data-testid="stException"]').count() == 0
    body = page.inner_text("body")
    assert "Traceback" not in body and "KeyError" not in body and ".py" not in body


def tall_screenshot(page, screenshot, name: str, height: int = 2600) -> None:
    """Streamlit scrolls inside its own container: a tall viewport shows the whole page."""
    size = page.viewport_size
    page.set_viewport_size({"width": size["width"], "height": height})
    page.wait_for_timeout(1500)
    screenshot(page, name)
    page.set_viewport_size(size)


def sign_in(page, password: str, lang: str = "fr") -> None:
    labels = {"fr": ("Identifiant", "Mot de passe", "Se connecter", "Connecté(e) : e2e"),
              "en": ("Login", "Password", "Sign in", "Signed in")}[lang]
    page.get_by_label(labels[0]).fill("e2e")
    page.get_by_label(labels[1]).fill(password)
    page.get_by_role("button", name=labels[2], exact=True).click()
    page.get_by_text(labels[3]).first.wait_for(timeout=STEP_MS)


def pick_layer(page, title: str) -> None:
    page.locator('[data-testid="stSelectbox"]').first.click()
    page.get_by_role("option", name=title, exact=True).click()


def wait_idle(page) -> None:
    """Wait until Streamlit has finished the current run (its "running" status widget is gone)."""
    page.wait_for_timeout(300)
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')",
                           timeout=STEP_MS)


WORDS = {
    "fr": {"changed": "1 modifiée(s)", "values": "Valeurs modifiées (avant → après)",
           "note": "Note de version", "publish": "Publier cette version", "done": "Ce fichier est publié"},
    "en": {"changed": "1 changed", "values": "Changed values (before → after)",
           "note": "Version note", "publish": "Publish this version", "done": "This file is published"},
}


def publish_layer(page, layer: str, upload: Path, lang: str, screenshot, review_shot: bool = False) -> None:
    """On the publishing page: choose the layer, drop the file, read the diff, publish."""
    w = WORDS[lang]
    wait_idle(page)  # the previous file stays in the uploader until the next one replaces it
    pick_layer(page, LAYERS[layer].title(lang))
    wait_idle(page)
    page.locator('input[type="file"]').set_input_files(str(upload))
    try:
        page.get_by_text(w["changed"]).first.wait_for(timeout=STEP_MS)
    except Exception:
        tall_screenshot(page, screenshot, f"staff_{lang}_{layer}_FAILED")
        raise
    page.get_by_text(w["values"]).wait_for(timeout=STEP_MS)
    page.get_by_role("button", name=w["publish"]).wait_for(timeout=STEP_MS)
    no_error_on_screen(page)
    if review_shot:
        page.wait_for_function(
            "() => [...document.querySelectorAll('iframe')].filter(f => f.src.includes('streamlit_folium'))"
            ".length >= 2", timeout=STEP_MS)
        for frame in [f for f in page.frames if "streamlit_folium" in f.url]:
            frame.wait_for_selector(".leaflet-container", timeout=STEP_MS)
        tall_screenshot(page, screenshot, f"staff_{lang}_{layer}_review")
    page.get_by_label(w["note"]).fill(f"e2e {layer} {lang}")
    page.get_by_role("button", name=w["publish"]).click()
    page.get_by_text(w["done"]).wait_for(timeout=STEP_MS)
    # Never twice the same file: the button goes once the run that published ends.
    page.get_by_role("button", name=w["publish"]).wait_for(state="detached", timeout=STEP_MS)
    page.wait_for_timeout(1500)
    assert page.get_by_role("button", name=w["publish"]).count() == 0
    no_error_on_screen(page)


def test_staff_publish_every_layer_then_roll_back(staff_app, browser, tmp_path, screenshot):
    """Sign in (a reload says it signed out), publish all 7 layers in French, 2 in English, roll one back."""
    url, password, data = staff_app
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.goto(f"{url}/agents", wait_until="domcontentloaded")
    sign_in(page, password)
    page.get_by_text("recharger ou fermer la page vous déconnecte").wait_for(timeout=STEP_MS)
    page.wait_for_function("() => document.cookie.includes('pma_staff_hint=1')", timeout=STEP_MS)

    # A reload ends the staff session: the page says so (never a silent sign-out).
    page.reload(wait_until="domcontentloaded")
    page.get_by_text("Vous avez été déconnecté(e)").wait_for(timeout=STEP_MS)
    page.get_by_label("Identifiant").wait_for(timeout=STEP_MS)
    screenshot(page, "staff_fr_signed_out_by_reload")
    sign_in(page, password)

    page.get_by_role("link", name="Publier une couche").click()
    page.get_by_text("Publier une nouvelle version d'une couche").wait_for(timeout=STEP_MS)
    for i, layer in enumerate(LAYERS):
        upload = export_renamed(layer, data, tmp_path, " (fr)")
        publish_layer(page, layer, upload, "fr", screenshot, review_shot=i in (0, 3))
        assert current_version(data, layer) == 2, layer
    tall_screenshot(page, screenshot, "staff_fr_published", 1400)

    # The same session in English (the sidebar's language switch keeps the staff session).
    page.get_by_text("English", exact=True).click()
    page.get_by_text("Publish a new version of a layer").wait_for(timeout=STEP_MS)
    for layer in ("zones_activite", "parcs"):
        upload = export_renamed(layer, data, tmp_path, " (en)")
        publish_layer(page, layer, upload, "en", screenshot, review_shot=layer == "parcs")
        assert current_version(data, layer) == 3, layer

    # Roll "parcs" back: a confirmation names the version that will become current.
    wait_idle(page)  # the previous file stays in the uploader until the next one replaces it
    page.locator('[data-testid="stSelectbox"]').last.click()
    page.get_by_role("option", name="2", exact=True).click()
    page.get_by_role("button", name="Roll back to this version").click()
    question = page.get_by_text("will become the version shown on the public map")
    question.wait_for(timeout=STEP_MS)
    assert "Version 2 of “Chain of parks”" in question.inner_text()
    assert "instead of version 3" in question.inner_text()
    assert current_version(data, "parcs") == 3
    tall_screenshot(page, screenshot, "staff_en_rollback_confirm", 1400)
    page.get_by_role("button", name="Yes, show version 2").click()
    page.get_by_text("The map shows version 2 of “Chain of parks” again.").wait_for(timeout=STEP_MS)
    assert current_version(data, "parcs") == 2
    body = page.inner_text("body")
    assert "UTC" not in body and "T0" not in body.split("Version history")[-1][:400]
    no_error_on_screen(page)
    tall_screenshot(page, screenshot, "staff_en_rolled_back", 1400)

    # On a phone, then a reload of the publishing page: it opens and says the session ended.
    page.set_viewport_size({"width": 390, "height": 844})
    page.wait_for_timeout(1000)
    screenshot(page, "staff_en_phone_publish")
    page.reload(wait_until="domcontentloaded")
    page.get_by_text("You are not (or no longer) signed in").wait_for(timeout=STEP_MS)
    assert page.get_by_role("button", name="Publish this version").count() == 0
    no_error_on_screen(page)
    screenshot(page, "staff_en_phone_publish_after_reload")
    context.close()
