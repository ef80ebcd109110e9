"""AppTest smoke tests: every page runs on the bundled data without an exception."""

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def test_router_runs(app_test):
    """The router sets up navigation and the language switch."""
    at = app_test("app.py")
    assert not at.exception


def test_router_in_kiosk_mode(app_test):
    """?mode=kiosk: the router runs the tour alone, without the language switch of the sidebar."""
    at = app_test("app.py", mode="kiosk")
    assert not at.exception
    assert at.header[0].value == "Le Pôle Métropolitain de l'Artois"
    assert not at.sidebar.children


def test_kiosk_launcher_page(app_test):
    """The guided-tour page, outside kiosk mode, offers to start it."""
    at = app_test("pages/visite.py", lang="en")
    assert not at.exception
    assert at.title[0].value == "Guided tour (kiosk)"


def test_explorer_page(app_test, shown_indicators):
    """The explorer shows the whole territory: 150 communes and the indicators."""
    at = app_test("pages/explorer.py")
    assert not at.exception
    metrics = shown_indicators(at)
    assert metrics["Communes"].startswith("150")
    assert metrics["Foncier en vente (chiffres datés)"] == "3 zones"


def test_explorer_indicators_ignore_hidden_layers(app_test, shown_indicators):
    """CALL with every layer hidden still counts its innovation site and zones (layers are display)."""
    at = app_test("pages/explorer.py", epci="CALL", layers="-")
    assert not at.exception
    metrics = shown_indicators(at)
    assert metrics["Lieux d'innovation"] == "1"
    assert metrics["Zones d'activité"] == "2" and metrics["Surface totale des zones"] != "non publié"
    assert metrics["Production solaire"].endswith("GWh/an")


def test_explorer_reads_filters_from_url(app_test, shown_indicators):
    """A shared link with filters reopens the same view."""
    at = app_test("pages/explorer.py", epci="CAHC")
    assert not at.exception
    metrics = shown_indicators(at)
    assert metrics["Communes"].startswith("14")
    assert at.multiselect(key="f_epci").value == ["CAHC"]


def test_explorer_filter_change_updates_indicators_and_url(app_test, shown_indicators):
    """Changing a filter changes the indicators and is written to the URL."""
    at = app_test("pages/explorer.py")
    at.multiselect(key="f_epci").set_value(["CALL"]).run()
    metrics = shown_indicators(at)
    assert metrics["Communes"].startswith("36")
    assert at.query_params["epci"] in ("CALL", ["CALL"])


def test_commune_page(app_test):
    """The commune page shows a commune's figures and contact."""
    at = app_test("pages/commune.py", commune="62498")
    assert not at.exception
    labels = [m.label for m in at.metric]
    assert "Population municipale 2023" in labels


def test_commune_page_without_choice(app_test):
    """Without a commune chosen the page asks for one."""
    at = app_test("pages/commune.py")
    assert not at.exception
    assert at.info


@pytest.mark.parametrize("path", ["pages/explorer.py", "pages/commune.py"])
def test_pages_in_english(path, app_test, shown_indicators):
    """In English the page shows English labels."""
    at = app_test(path, lang="en", commune="62498")
    assert not at.exception
    labels = " ".join([m.label for m in at.metric] + list(shown_indicators(at)))
    assert "Municipal population 2023" in labels
    assert "Foncier" not in labels and "Superficie" not in labels


def test_invest_page(app_test):
    """The investor page runs in both languages on the bundled data."""
    for lang in ("fr", "en"):
        at = app_test("pages/investir.py", lang=lang)
        assert not at.exception
        assert at.title[0].value == ("Investir en Artois" if lang == "fr" else "Invest in Artois")


def test_every_page_url_is_its_file_name():
    """Deep links on a cold server resolve by file name: url_path must match it."""
    import re

    source = (ROOT / "app.py").read_text(encoding="utf-8")
    pages = re.findall(r'st\.Page\(\s*"pages/(\w+)\.py".*?url_path="(\w+)"', source, flags=re.S)
    assert len(pages) >= 4
    assert all(stem == url for stem, url in pages), pages


def test_commune_contact_in_english_has_english_punctuation(app_test):
    """The town-hall card reads "Address: ..." on English pages, "Adresse : ..." on French ones."""
    at = app_test("pages/commune.py", commune="62498", lang="en")
    assert not at.exception
    text = " ".join(m.value for m in at.markdown)
    assert "**Address**:" in text and "Address** :" not in text
    at = app_test("pages/commune.py", commune="62498")
    assert "**Adresse** :" in " ".join(m.value for m in at.markdown)


def test_explorer_indicator_tiles_escape_and_define(app_test, shown_indicators):
    """Each tile carries its definition, and the tiles are one element (not a metric and caption each)."""
    at = app_test("pages/explorer.py", lang="en")
    helps = shown_indicators(at, "help")
    assert helps["Municipalities"] and "Somme" not in helps["Municipalities"]
    assert "Published" in shown_indicators(at, "caption")["Municipalities"]
    assert len(at.metric) == 0 and len(shown_indicators(at)) >= 10
