"""AppTest smoke tests of the staff pages: sign-in, publishing refused or shown, preview and publish."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from pma_map.publish import auth
from pma_map.publish.store import get_store

TIMEOUT = 60
PASSWORD = "correct-horse-battery"


@pytest.fixture
def staff(tiny_geo_dir, monkeypatch):
    """A local staff account "alice" configured through the environment, on the tiny data."""
    monkeypatch.setenv("PMA_MAP_STAFF_ALICE", auth.hash_password(PASSWORD))
    return "alice"


@pytest.fixture
def staff_both(backend, monkeypatch):
    """The account "alice" on the tiny data, once on the folder store and once on PostGIS."""
    monkeypatch.setenv("PMA_MAP_STAFF_ALICE", auth.hash_password(PASSWORD))
    return "alice"


def test_publish_page_refused_when_not_signed_in(staff, app_test):
    """Opening the publishing page without signing in shows only the sign-in request."""
    at = app_test("pages/publier.py")
    assert not at.exception
    assert "Connectez-vous" in at.error[0].value
    assert not at.selectbox and not at.button


def test_publish_page_for_signed_in_staff(staff, app_test):
    """A signed-in staff member sees the layer choice, the uploader and the history with v1."""
    at = app_test("pages/publier.py", session={"pma_staff_user": "alice"})
    assert not at.exception
    assert at.selectbox(key="pub_layer").value == "communes"
    assert "Déposez" in at.info[0].value or "déposez" in at.info[0].value
    at.selectbox(key="pub_layer").set_value("sites_solaires").run()
    assert not at.exception
    assert at.dataframe  # history


def test_session_of_a_removed_account_is_refused(staff, monkeypatch, app_test):
    """A session whose account was removed from the configuration is no longer staff."""
    monkeypatch.delenv("PMA_MAP_STAFF_ALICE")
    at = app_test("pages/publier.py", session={"pma_staff_user": "alice"})
    assert "Connectez-vous" in at.error[0].value


def test_staff_login_page_signs_in_and_locks_out(staff_both, app_test):
    """The sign-in form rejects a wrong password, accepts the right one; five failures lock it."""
    at = app_test("pages/agents.py")
    assert not at.exception
    at.text_input(key="staff_login_name").input("alice")
    at.text_input(key="staff_login_password").input("wrong-password")
    at.button[0].click().run()
    assert "incorrect" in at.error[0].value
    at.text_input(key="staff_login_password").input(PASSWORD)
    at.button[0].click().run()
    assert not at.exception
    assert at.session_state["pma_staff_user"] == "alice"
    assert "Connecté(e) : alice" in at.success[0].value

    other = app_test("pages/agents.py")
    for _ in range(auth.MAX_FAILURES):
        other.text_input(key="staff_login_name").input("alice")
        other.text_input(key="staff_login_password").input("wrong-password")
        other.button[0].click().run()
    other.text_input(key="staff_login_password").input(PASSWORD)
    other.button[0].click().run()
    assert "bloqué" in other.error[0].value
    assert "pma_staff_user" not in other.session_state


def test_staff_login_without_accounts_explains_setup(tiny_geo_dir, app_test):
    """With no account configured the page says how to create one."""
    at = app_test("pages/agents.py")
    assert not at.exception
    assert "hash-password" in at.warning[0].value


def test_router_shows_publishing_only_to_staff(staff, app_test):
    """The router runs for visitors and for staff (the page list differs)."""
    at = app_test("app.py")
    assert not at.exception
    at = app_test("app.py", session={"pma_staff_user": "alice"})
    assert not at.exception


def _review_script():
    """The page's review step on a file given by the test (file_uploader cannot be driven by AppTest)."""
    import os
    from pathlib import Path

    import streamlit as st

    from pma_map.ui import publish as pub

    class Uploaded:
        """What the review step uses of Streamlit's UploadedFile."""

        def __init__(self, path: Path):
            self.path, self.name, self.file_id = path, path.name, f"test-{path.name}"
            self.size = path.stat().st_size

        def getvalue(self) -> bytes:
            return self.path.read_bytes()

    pub.review(Uploaded(Path(os.environ["PMA_MAP_TEST_UPLOAD"])), "sites_solaires", "fr")
    st.write("fin")


def test_preview_and_publish_from_the_page(staff_both, tmp_path, monkeypatch):
    """Preview shows two maps, the diff and indicators; publishing makes v2 authored by the signed-in user."""
    from test_publish_flow import solar, write

    monkeypatch.setenv("PMA_MAP_TEST_UPLOAD", write(solar(), tmp_path / "sites.geojson"))
    at = AppTest.from_function(_review_script, default_timeout=TIMEOUT)
    at.session_state["pma_staff_user"] = "alice"
    at.run()
    assert not at.exception, at.exception
    assert "3 entités lues" in at.success[0].value
    assert len(at.dataframe) == 3  # diff, old -> new values and indicators
    assert "1 ajoutée(s), 0 supprimée(s), 2 modifiée(s)" in " ".join(m.value for m in at.markdown)
    at.text_area(key="pub_note").input("Trois sites à jour")
    at.button(key="pub_publish").click().run()
    assert not at.exception
    current = get_store().current("sites_solaires")
    assert current.version == 2
    assert get_store().history("sites_solaires")[-1]["author"] == "alice"


def test_publish_button_checks_staff_again(staff, tmp_path, monkeypatch):
    """If the session stops being staff before the click, nothing is published."""
    from test_publish_flow import solar, write

    monkeypatch.setenv("PMA_MAP_TEST_UPLOAD", write(solar(), tmp_path / "sites.geojson"))
    at = AppTest.from_function(_review_script, default_timeout=TIMEOUT)
    at.session_state["pma_staff_user"] = "alice"
    at.run()
    at.text_area(key="pub_note").input("note")
    at.session_state["pma_staff_user"] = "mallory"
    at.button(key="pub_publish").click().run()
    assert "Connectez-vous" in at.error[0].value
    assert get_store().current("sites_solaires").version == 1


OIDC = {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "test-only-cookie-secret",
        "client_id": "pma-map", "client_secret": "test-only", "server_metadata_url":
        "http://127.0.0.1:9/.well-known/openid-configuration"}


def test_oidc_configured_uses_st_login(staff, app_test):
    """With an [auth] section the staff page offers the organisation sign-in, not the local form."""
    at = app_test("pages/agents.py", run=False)
    at.secrets["auth"] = OIDC
    at.run()
    assert not at.exception
    assert [b.label for b in at.button] == ["Se connecter avec le compte de l'organisation"]
    assert not at.text_input


def test_oidc_configured_ignores_local_sessions(staff, app_test):
    """With OIDC configured a local-account session is not staff: publishing is refused."""
    at = app_test("pages/publier.py", run=False)
    at.secrets["auth"] = OIDC
    at.session_state["pma_staff_user"] = "alice"
    at.run()
    assert "Connectez-vous" in at.error[0].value


def test_uploaded_text_is_inert_in_markdown():
    """Feature names quoted in report messages cannot make links, emphasis or HTML."""
    from pma_map.ui.publish import md_escape

    out = md_escape("[clic](javascript:alert(1)) **gras** <img src=x>")
    import re

    assert re.search(r"(?<!\\)[\[\]()*<>:]", out) is None  # every markup character escaped
    assert out.replace("\\", "") == "[clic](javascript:alert(1)) **gras** <img src=x>"


def test_malformed_staff_configuration_does_not_break_the_app(tiny_geo_dir, monkeypatch, app_test):
    """A broken PMA_MAP_STAFF value leaves the public router working and is explained on the staff page."""
    monkeypatch.setenv("PMA_MAP_STAFF", "{pas du json")
    at = app_test("app.py")
    assert not at.exception
    at = app_test("pages/agents.py")
    assert not at.exception
    assert "PMA_MAP_STAFF" in at.error[0].value


def test_explorer_shows_a_new_version_without_restart(staff_both, tmp_path, app_test, shown_indicators):
    """The running explorer shows a published version at its next run, and the old one after a rollback."""
    from test_publish_flow import solar, write

    from pma_map.publish import publishing

    at = app_test("pages/explorer.py")
    value = lambda: shown_indicators(at)["Production solaire"]  # noqa: E731
    assert value().startswith("19,1")
    publishing.publish(publishing.prepare(write(solar(), tmp_path / "s.geojson"), "sites_solaires"),
                       author="alice", note="n")
    at.run()
    assert value().startswith("9,0")
    publishing.rollback("sites_solaires", 1, author="alice")
    at.run()
    assert value().startswith("19,1")


def test_columns_matched_with_pickers(staff, tmp_path, monkeypatch):
    """A file with INSEE_COM instead of insee is refused, then accepted once the column is matched on the page."""
    from test_publish_flow import solar, write

    path = write(solar().rename(columns={"insee": "INSEE_COM"}), tmp_path / "sites.geojson")
    monkeypatch.setenv("PMA_MAP_TEST_UPLOAD", path)
    at = AppTest.from_function(_review_script, default_timeout=TIMEOUT)
    at.session_state["pma_staff_user"] = "alice"
    at.run()
    assert not at.exception
    assert any("obligatoire" in e.value and "INSEE" in e.value for e in at.error)
    picker = at.selectbox(key="pub_pick_test-sites.geojson_INSEE_COM")
    picker.set_value("insee").run()
    assert not at.exception
    assert "3 entités lues" in at.success[0].value
    assert at.button(key="pub_publish")


def test_staff_pages_in_english(staff, app_test):
    """With lang=en the staff pages speak English."""
    at = app_test("pages/publier.py", run=False)
    at.query_params["lang"] = "en"
    at.session_state["pma_staff_user"] = "alice"
    at.run()
    assert not at.exception
    assert at.title[0].value == "Publish a new version of a layer"
    login = app_test("pages/agents.py", run=False)
    login.query_params["lang"] = "en"
    login.run()
    assert [b.label for b in login.button] == ["Sign in"]


def test_page_refuses_to_publish_over_a_version_published_during_review(staff_both, tmp_path, monkeypatch):
    """If someone publishes while the preview is open, the click is refused with a message; nothing is lost."""
    from test_publish_flow import solar, write

    from pma_map.publish import publishing

    monkeypatch.setenv("PMA_MAP_TEST_UPLOAD", write(solar(), tmp_path / "sites.geojson"))
    at = AppTest.from_function(_review_script, default_timeout=TIMEOUT)
    at.session_state["pma_staff_user"] = "alice"
    at.run()
    publishing.publish(publishing.prepare(write(solar(2), tmp_path / "bob.geojson"), "sites_solaires"),
                       author="bob", note="bob")
    at.text_area(key="pub_note").input("alice")
    at.button(key="pub_publish").click().run()
    assert not at.exception
    assert "pendant votre relecture" in at.error[0].value
    assert get_store().current("sites_solaires").version == 2
    at.run()  # the preview is rebuilt against version 2 and can then be published
    assert "Version actuelle (v2)" in " ".join(m.value for m in at.markdown)
