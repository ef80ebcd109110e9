"""Wording: units and sources of published figures, dated land figures, language of numbers
and of Streamlit's own widget texts."""

import re

from pma_map.catalogue import ZONES_ACTIVITE
from pma_map.filters import Filters, apply_filters
from pma_map.i18n import STRINGS, fmt_pct, t
from pma_map.indicators import indicator_report
from pma_map.text import land_text, when_text
from pma_map.ui import widget_texts
from pma_map.ui.widgets import published_caption


def _report(data, lang="fr"):
    return {r["key"]: r for r in indicator_report(apply_filters(data, Filters()))}


def test_percent_follows_the_language():
    """English pages show "100%", French ones "100 %" (with a narrow no-break space)."""
    assert fmt_pct(1.0, "en") == "100%"
    assert fmt_pct(1.0, "fr").startswith("100") and fmt_pct(1.0, "fr").endswith("%") and fmt_pct(1.0, "fr") != "100%"


def test_label_value_punctuation_follows_the_language():
    """"Adresse : ..." in French, "Address: ..." in English (no French space before the colon)."""
    assert t("label.value", "fr", label=t("commune.address", "fr"), value="x") == "Adresse : x"
    assert t("label.value", "en", label=t("commune.address", "en"), value="x") == "Address: x"


def test_published_figures_carry_their_unit_and_are_said_once(tiny_data):
    """"Publié : 4 200 ha (...)", and 650,000 inhabitants published twice is said once with both sources."""
    report = _report(tiny_data)
    parcs = published_caption(report["parcs_ha"], "fr").replace("\u202f", " ")
    assert parcs.startswith("Publié : 4 200 ha (PMA, Rapport")
    pop = published_caption(report["population"], "en")
    assert pop.count("650,000") == 1 and "650,000 inhabitants" in pop
    assert "2022" in pop and "2021" in pop and " ; " not in pop and "(2021), 2021" not in pop


def test_missing_values_are_counted_in_the_caption(tiny_data):
    """A sum over features of which some have no published value says how many lack one."""
    caption = published_caption(_report(tiny_data)["solaire_gwh"], "fr")
    assert "1 sur 2 sans chiffre publié" in caption


def test_dated_land_figures_are_listed_never_added(tiny_data):
    """Each zone's land figure is listed with its date; the PMA's 317 ha is not compared with them."""
    zones = tiny_data["zones_activite"]
    zones["disponible_date"] = ["2022-05-02", None]
    caption = published_caption(_report(tiny_data)["foncier_disponible_ha"], "fr")
    assert "Zone 1 : 12 ha au 2 mai 2022" in caption
    assert "317 ha" in caption and "%" not in caption


def test_dates_in_words():
    """Full dates, months and years read as words in both languages; no date is never invented."""
    assert when_text("2022-05-02", "fr") == "au 2 mai 2022"
    assert when_text("2022-05-02", "en") == "as of 2 May 2022"
    assert when_text("2026-11", "fr") == "en novembre 2026"
    assert when_text("2018", "en") == "in 2018"
    assert when_text(None, "fr") == "(date non publiée)"


def test_land_popup_gives_date_and_source_in_the_page_language(tiny_data, popup_html):
    """The zone popup shows the land figure with its date, detail and source, in one row."""
    row = tiny_data["zones_activite"].iloc[0].to_dict()
    row.update(surface_disponible_ha=115.0, disponible_date="2018", disponible_source="lagazettefrance.fr",
               disponible_detail="Zone LD : 115 ha en cours d'aménagement",
               disponible_detail_en="LD zone: 115 ha being developed")
    fr = popup_html(ZONES_ACTIVITE, row, "fr", {})
    assert "En 2018 : Zone LD : 115 ha en cours d&#x27;aménagement (lagazettefrance.fr)" in fr
    en = popup_html(ZONES_ACTIVITE, row, "en", {})
    assert "In 2018: LD zone: 115 ha being developed (lagazettefrance.fr)" in en
    assert "aménagement" not in en and "disponible_date" not in en
    row.update(disponible_detail=None, disponible_source=None, disponible_date="2022-05-02")
    assert land_text(row, "fr") == "115 ha au 2 mai 2022"
    assert land_text({"surface_disponible_ha": None}, "fr") is None


def _translate(text: str, lang: str) -> str:
    """What the page script does to one text node (same tables, Python regex)."""
    tab = widget_texts.tables()[lang]
    if text in tab["exact"]:
        return tab["exact"][text]
    for regex, template in tab["patterns"]:
        m = re.match(regex, text)
        if m:
            return re.sub(r"\$(\d)", lambda g: m.group(int(g.group(1))), template)
    return text


def test_streamlit_widget_texts_are_translated_on_french_pages():
    """Streamlit's English widget texts become French, and back to English on English pages."""
    assert _translate("Select all", "fr") == "Tout sélectionner"
    assert _translate("Select 8 matches", "fr") == "Sélectionner les 8 résultats"
    assert _translate("Limit 25MB per file • CSV, GEOJSON", "fr") == "Limite : 25 Mo par fichier • CSV, GEOJSON"
    assert _translate("25MB per file", "fr") == "25 Mo par fichier"  # the uploader's compact layout
    assert _translate("Drag and drop a file here", "fr") == "Glissez-déposez un fichier ici"
    assert _translate("Press Enter to submit form", "fr") == "Appuyez sur Entrée pour envoyer le formulaire"
    assert _translate("Sélectionner les 8 résultats", "en") == "Select 8 matches"
    assert _translate("Lens", "fr") == "Lens"  # anything else is left alone


def test_widget_script_is_installed_with_the_page_language():
    """The snippet carries the page's language and the tables, and hides its own element."""
    html = widget_texts.snippet("en")
    assert 'T.lang = "en"' in html and "Tout sélectionner" in html and "display: none" in html
    assert all(STRINGS[k]["en"] != STRINGS[k]["fr"] for k in STRINGS if k.startswith("widget."))


def test_map_scale_is_metric_only():
    """The map's scale bar shows kilometres only (no miles on French or English pages)."""
    from pma_map.map import basemap

    html = basemap.base_map("fr").get_root().render()
    assert "L.control.scale({imperial: false})" in html and "L.control.scale()" not in html


def test_widget_script_is_sent_once_per_session_and_language():
    """The script goes to the page on the first run and when the language changes; a rerun in the
    same language sends nothing (the observer lives on in the tab)."""
    from streamlit.testing.v1 import AppTest

    def page():
        import streamlit as st

        from pma_map.ui import widget_texts
        widget_texts.install(st.session_state.get("lang", "fr"))

    at = AppTest.from_function(page).run()
    assert len(at.get("html")) == 1 and 'T.lang = "fr"' in at.get("html")[0].proto.body
    at.run()
    assert len(at.get("html")) == 0 and len(at.get("empty")) == 1  # the same place kept, empty
    at.session_state["lang"] = "en"
    at.run()
    assert len(at.get("html")) == 1 and 'T.lang = "en"' in at.get("html")[0].proto.body
