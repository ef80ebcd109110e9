"""The staff journey on the publishing page, for every layer of the catalogue, in French and English.

Each upload is the current version exported as staff do (``export_layer``, what ``pma-map
export`` writes) with one name changed.
"""

from __future__ import annotations

import json
from pathlib import Path

import geopandas as gpd
import pytest
from streamlit.testing.v1 import AppTest

from pma_map.catalogue import BUNDLED_LAYERS
from pma_map.indicators import INDICATORS
from pma_map.publish import auth, publishing
from pma_map.publish import store as store_mod
from pma_map.publish.store import get_store

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT = 90
PASSWORD = "correct-horse-battery"


@pytest.fixture
def staff(tiny_geo_dir, monkeypatch):
    """A local staff account "alice" on the tiny data, with an empty store."""
    monkeypatch.setenv("PMA_MAP_STAFF_ALICE", auth.hash_password(PASSWORD))
    return "alice"


def exported(layer: str, folder: Path, rename: bool = True) -> tuple[Path, str, str]:
    """The current version of ``layer`` exported, its first name changed: (file, old name, new name)."""
    path = folder / f"{layer}.geojson"
    publishing.export_layer(layer, path)
    gdf = gpd.read_file(path)
    old = str(gdf.loc[gdf.index[0], "nom"])
    new = f"{old} (renommé)"
    if rename:
        gdf.loc[gdf.index[0], "nom"] = new
        path.unlink()
        gdf.to_file(path, driver="GeoJSON", engine="pyogrio")
    return path, old, new


def _review_script():
    """The page's review step on a file given by the test (AppTest cannot drive file_uploader)."""
    import os
    from pathlib import Path

    from pma_map.ui import publish as pub

    class Uploaded:
        """What the review step uses of Streamlit's UploadedFile."""

        def __init__(self, path: Path):
            self.path, self.name = path, path.name
            self.file_id = f"test-{path.name}-{os.environ.get('PMA_MAP_TEST_UPLOAD_ID', '1')}"
            self.size = path.stat().st_size

        def getvalue(self) -> bytes:
            return self.path.read_bytes()

    pub.review(Uploaded(Path(os.environ["PMA_MAP_TEST_UPLOAD"])), os.environ["PMA_MAP_TEST_LAYER"],
               os.environ.get("PMA_MAP_TEST_LANG", "fr"))


def review(monkeypatch, path: Path, layer: str, lang: str = "fr", upload_id: str = "1") -> AppTest:
    monkeypatch.setenv("PMA_MAP_TEST_UPLOAD", str(path))
    monkeypatch.setenv("PMA_MAP_TEST_LAYER", layer)
    monkeypatch.setenv("PMA_MAP_TEST_LANG", lang)
    monkeypatch.setenv("PMA_MAP_TEST_UPLOAD_ID", upload_id)
    at = AppTest.from_function(_review_script, default_timeout=TIMEOUT)
    at.session_state["pma_staff_user"] = "alice"
    return at.run()


#: A column that only this table of the page has, in either language.
_MARKS = {"pub_values": ("Champ", "Field"), "pub_indicators": ("Indicateur", "Indicator"),
          "pub_history": ("Entités", "Features")}


def table(at: AppTest, key: str):
    """The dataframe of the page named by ``key`` (found by its columns)."""
    for df in at.dataframe:
        if set(_MARKS[key]) & set(df.value.columns):
            return df.value
    raise AssertionError(f"no table {key}")


def page_text(at: AppTest) -> str:
    parts = [e.value for kind in (at.markdown, at.error, at.warning, at.info, at.success, at.caption)
             for e in kind]
    for df in at.dataframe:
        parts.append(df.value.to_string())
    return "\n".join(str(p) for p in parts)


WORDS = {
    "fr": {"ok": "entités lues", "values": "Valeurs modifiées (avant → après)", "publish": "publiée",
           "identical": "identique à la version actuelle", "already": "Ce fichier est publié"},
    "en": {"ok": "features read", "values": "Changed values (before → after)", "publish": "published",
           "identical": "identical to the current version", "already": "This file is published"},
}
CASES = [(layer, "fr") for layer in BUNDLED_LAYERS] + [("zones_activite", "en"), ("communes", "en"),
                                                ("parcs", "en")]


@pytest.mark.parametrize(("layer", "lang"), CASES)
def test_every_layer_reviews_and_publishes_once(staff, tmp_path, monkeypatch, layer, lang):
    """Each layer: report, old -> new name, indicators before/after, publish; no second publish of the file."""
    path, old, new = exported(layer, tmp_path)
    at = review(monkeypatch, path, layer, lang)
    assert not at.exception, at.exception
    words = WORDS[lang]
    assert words["ok"] in at.success[0].value
    text = page_text(at)
    assert words["values"] in text
    values = table(at, "pub_values")
    assert len(values) == 1
    row = values.iloc[0].to_dict()
    assert old in row.values() and new in row.values()
    assert list(row.values())[-2:] == [old, new]  # before, after
    indicators = [i for i in INDICATORS if i.layer == layer]
    if indicators:
        ind = table(at, "pub_indicators")
        assert len(ind) == len(indicators)
        assert "non publié ha" not in ind.to_string() and "not published ha" not in ind.to_string()
    at.text_area(key="pub_note").input("Un nom corrigé")
    at.button(key="pub_publish").click().run()
    assert not at.exception, at.exception
    assert get_store().current(layer).version == 2
    assert words["publish"] in at.success[0].value
    assert words["already"] in at.info[0].value
    assert not any(b.key == "pub_publish" for b in at.button)  # the same file cannot go twice
    at.run()
    assert not any(b.key == "pub_publish" for b in at.button)
    assert not at.success  # the success is said once; the page still says the file is published
    assert words["already"] in at.info[0].value
    assert [m["version"] for m in get_store().history(layer)] == [1, 2]


def test_published_file_after_a_rollback_is_not_published_again(staff, tmp_path, monkeypatch):
    """After a rollback, the page does not claim the file is on the map, nor offer to publish a duplicate."""
    path, _, _ = exported("voies_vertes", tmp_path)
    at = review(monkeypatch, path, "voies_vertes")
    at.text_area(key="pub_note").input("v2")
    at.button(key="pub_publish").click().run()
    publishing.rollback("voies_vertes", 1, author="bob")
    at.run()
    assert not at.exception, at.exception
    assert "retour en arrière a remis la version 1" in at.info[0].value
    assert "version 2 dans l'historique" in at.info[0].value
    assert not any(b.key == "pub_publish" for b in at.button)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_identical_file_is_refused(staff, tmp_path, monkeypatch, lang):
    """A file identical to the current version says so and offers no publish button."""
    path, _, _ = exported("parcs", tmp_path, rename=False)
    at = review(monkeypatch, path, "parcs", lang)
    assert not at.exception, at.exception
    assert any(WORDS[lang]["identical"] in e.value for e in at.error)
    assert not any(b.key == "pub_publish" for b in at.button)
    assert get_store().current("parcs").version == 1


def test_indicator_without_unit_and_unpublished_value():
    """Counts have no unit (was KeyError: missing i18n key ''); an unpublished value gets no unit."""
    from pma_map.ui.publish import fmt_indicator

    assert fmt_indicator(3, 0, "", "fr") == "3"
    assert fmt_indicator(None, 0, "unit.ha", "fr") == "non publié"
    assert fmt_indicator(1200.5, 1, "unit.ha", "fr").replace("\u202f", " ") == "1 200,5 ha"


def test_page_messages_never_name_the_command_line_option():
    """Report messages about the coordinate system say what to choose on the page, not --crs."""
    from pma_map.i18n import t
    from pma_map.publish.validation import Issue
    from pma_map.ui.publish import page_message

    for code in ("no_crs", "no_crs_lambert93", "all_outside"):
        assert "--crs" in t(f"val.{code}", "fr", n=2)  # the CLI's wording is kept for the CLI
        for lang, where in (("fr", "Options de lecture"), ("en", "Reading options")):
            text = page_message(Issue(code, "error", t(f"val.{code}", lang, n=2), ["a", "b"]), lang)
            assert "--crs" not in text and where in text


def publish_versions(layer: str, tmp_path: Path, n: int) -> None:
    for i in range(n):
        path = tmp_path / f"{layer}-{i}.geojson"
        publishing.export_layer(layer, path)
        gdf = gpd.read_file(path)
        gdf.loc[gdf.index[0], "nom"] = f"Nom {i}"
        path.unlink()
        gdf.to_file(path, driver="GeoJSON", engine="pyogrio")
        publishing.publish(publishing.prepare(path, layer), author="bob", note=f"v{i + 2}")


def publish_page(layer: str, lang: str = "fr") -> AppTest:
    at = AppTest.from_file(str(ROOT / "pages/publier.py"), default_timeout=TIMEOUT)
    if lang == "en":
        at.query_params["lang"] = "en"
    at.session_state["pma_staff_user"] = "alice"
    at.run()
    at.selectbox(key="pub_layer").set_value(layer).run()
    return at


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_rollback_asks_for_confirmation_naming_the_version(staff, tmp_path, lang):
    """"Revenir à cette version" changes nothing until confirmed; the question names the version to show."""
    publish_versions("acces", tmp_path, 1)
    at = publish_page("acces", lang)
    assert not at.exception, at.exception
    assert at.selectbox(key="pub_rollback_to").value == 1
    at.button(key="pub_rollback").click().run()
    assert not at.exception
    assert get_store().current("acces").version == 2  # nothing yet
    ask = at.warning[0].value
    if lang == "fr":
        assert "La version 1 de « Accès (autoroutes, gares, ports) »" in ask and "à la place de la version 2" in ask
    else:
        assert "Version 1 of “Access" in ask and "instead of version 2" in ask
    at.button(key="pub_rollback_cancel").click().run()
    assert not at.warning and get_store().current("acces").version == 2
    at.button(key="pub_rollback").click().run()
    at.button(key="pub_rollback_confirm").click().run()
    assert not at.exception, at.exception
    assert get_store().current("acces").version == 1
    assert ("de nouveau la version 1" if lang == "fr" else "version 1 of") in at.success[0].value


def test_rollback_checksum_error_is_a_message(staff, tmp_path):
    """A version file changed after publishing: the rollback is refused with a message, never a traceback."""
    publish_versions("parcs", tmp_path, 2)
    (get_store().layer_dir("parcs") / "v0002.geojson").write_text('{"type": "FeatureCollection", "features": []}')
    at = publish_page("parcs")
    at.selectbox(key="pub_rollback_to").set_value(2).run()
    at.button(key="pub_rollback").click().run()
    at.button(key="pub_rollback_confirm").click().run()
    assert not at.exception, at.exception
    assert "somme de contrôle" in at.error[0].value and "n'a pas changé" in at.error[0].value
    assert get_store().current("parcs").version == 3


def test_rollback_lock_timeout_is_a_message(staff, tmp_path, monkeypatch):
    """Another publish holds the layer's lock: the rollback says so in English, nothing changes."""
    from filelock import FileLock

    publish_versions("parcs", tmp_path, 1)
    monkeypatch.setattr(store_mod, "LOCK_TIMEOUT_S", 0.2)
    at = publish_page("parcs", "en")
    at.button(key="pub_rollback").click().run()
    with FileLock(str(get_store().layer_dir("parcs") / ".lock")):
        at.button(key="pub_rollback_confirm").click().run()
    assert not at.exception, at.exception
    assert "Another publication of “Chain of parks” is in progress" in at.error[0].value
    assert get_store().current("parcs").version == 2


def test_history_times_in_paris_words(staff, tmp_path):
    """History dates read "2 déc. 2026 à 02:07" (Paris time), never raw ISO or UTC."""
    publish_versions("parcs", tmp_path, 1)
    manifest = get_store().layer_dir("parcs") / "v0002.json"
    data = json.loads(manifest.read_text())
    data["published_at"] = "2026-12-02T01:07:29Z"
    manifest.write_text(json.dumps(data))
    at = publish_page("parcs")
    history = table(at, "pub_history").to_string()
    assert "2 déc. 2026 à 02:07" in history
    assert "T01:07" not in history and "UTC" not in history
    assert "Date (heure de Paris)" in history


def test_local_time_words():
    """Stored UTC times become Paris local time in words, summer and winter, French and English."""
    from pma_map.text import local_time

    assert local_time("2026-12-02T01:07:29Z", "fr") == "2 déc. 2026 à 02:07"
    assert local_time("2026-07-02T01:07:29Z", "en") == "2 Jul 2026 at 03:07"
    assert local_time(None, "fr") == "—" and local_time("pas une date", "fr") == "—"


def test_cli_history_in_paris_words(staff, tmp_path):
    """`pma-map history` shows Paris time in words too, not the stored UTC ISO text."""
    import subprocess
    import sys

    publish_versions("parcs", tmp_path, 1)
    manifest = get_store().layer_dir("parcs") / "v0002.json"
    data = json.loads(manifest.read_text())
    data["published_at"] = "2026-12-02T01:07:29Z"
    manifest.write_text(json.dumps(data))
    out = subprocess.run([sys.executable, "-m", "pma_map.cli", "history", "--layer", "parcs"],
                         capture_output=True, text=True, timeout=120).stdout
    assert "2 déc. 2026 à 02:07" in out and "T01:07" not in out


def test_lockout_time_in_paris_time(staff):
    """The lock-out message gives the time in Paris time, not UTC."""
    at = AppTest.from_file(str(ROOT / "pages/agents.py"), default_timeout=TIMEOUT).run()
    for _ in range(auth.MAX_FAILURES + 1):
        at.text_input(key="staff_login_name").input("alice")
        at.text_input(key="staff_login_password").input("wrong-password")
        at.button[0].click().run()
    message = at.error[0].value
    assert "bloqué" in message and "heure de Paris" in message and "UTC" not in message


def test_cli_refuses_a_file_identical_to_the_current_version(staff, tmp_path):
    """`pma-map publish` of the exported current version publishes nothing (no two identical versions)."""
    import subprocess
    import sys

    path, _, _ = exported("acces", tmp_path, rename=False)
    run = subprocess.run([sys.executable, "-m", "pma_map.cli", "publish", "--layer", "acces", str(path),
                          "--author", "bob", "--note", "n"], capture_output=True, text=True, timeout=120)
    assert run.returncode == 1 and "identique à la version actuelle (v1)" in run.stderr
    assert [m["version"] for m in get_store().history("acces")] == [1]
