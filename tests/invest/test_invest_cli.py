"""Investor page: criteria in the URL, ranked results, shortlist, site links, rank markers."""

from __future__ import annotations

import folium
import pytest

from pma_map import search
from pma_map.invest.finder import Criteria, criteria_from_query, criteria_to_query, find_sites, unpublished_excluded
from pma_map.layers import load_all
from pma_map.map import rankmap


@pytest.fixture(autouse=True)
def public_address(monkeypatch):
    """A public address, so the page shows no local-address warning to staff."""
    monkeypatch.setenv("PMA_MAP_BASE_URL", "https://carte.example.fr")


def test_criteria_round_trip_through_the_url():
    """A shared link reopens the same search."""
    c = Criteria(min_available_ha=12.5, vocations=("logistique", "industrie"), epci=("CALL",),
                 max_motorway_km=5.0, max_port_km=10.0, include_unpublished=True)
    assert criteria_from_query(criteria_to_query(c)) == c
    assert criteria_to_query(Criteria()) == {}


def test_bad_criteria_in_a_link_are_dropped():
    """A link with a typo or a negative distance still opens, without that criterion."""
    c = criteria_from_query({"min_available_ha": "-3", "max_station_km": "abc",
                             "vocations": "logistique,chimie", "epci": "XYZ", "max_port_km": "7,5"})
    assert c == Criteria(vocations=("logistique",), max_port_km=7.5)


def test_unpublished_zones_left_out_by_a_minimum_are_counted(tiny_data):
    """The page says how many zones a minimum hides only because their land is not published."""
    assert unpublished_excluded(tiny_data, Criteria()) == 0
    assert unpublished_excluded(tiny_data, Criteria(min_available_ha=5)) == 1
    assert unpublished_excluded(tiny_data, Criteria(min_available_ha=5, include_unpublished=True)) == 0


def test_rank_markers_carry_the_rank_and_escape_names(tiny_data):
    """Each site found gets its rank on the map; a name with markup stays text."""
    zones = tiny_data["zones_activite"].copy()
    zones.loc[zones["id"] == "za-2", "nom"] = "<script>alert(1)</script>"
    data = {**tiny_data, "zones_activite": zones}
    matches = find_sites(data, Criteria())
    m = folium.Map()
    rankmap.rank_group(matches, zones, "fr").add_to(m)
    html = m.get_root().render()
    assert "\\u003e1\\u003c/div" in html and "\\u003e2\\u003c/div" in html
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html


def test_invest_page_lists_every_zone_by_default(app_test):
    """With no criteria every business park is listed, ranked, with the context figures."""
    at = app_test("pages/investir.py")
    assert not at.exception
    n = len(find_sites(load_all(), Criteria()))
    assert n == len(load_all()["zones_activite"])
    assert at.subheader[0].value == f"{n} site(s) correspondant(s)"
    assert "Investissements industriels depuis 2020" in [m.label for m in at.metric]


def test_invest_page_minimum_explains_unpublished_land(app_test):
    """A minimum of land hides the parks whose land is not published, and says so."""
    at = app_test("pages/investir.py", min_available_ha="10")
    assert not at.exception
    assert any("sans surface disponible publiée" in i.value for i in at.info)
    at.toggle(key="c_unpublished").set_value(True).run()
    assert not at.exception and not at.warning
    assert at.query_params["include_unpublished"] == ["1"] or at.query_params["include_unpublished"] == "1"


def test_invest_page_shortlist_compares_sites(app_test):
    """Two sites of the shortlist are compared side by side, with a handout to download."""
    at = app_test("pages/investir.py", shortlist="zae-delta3,zae-alouette", lang="en")
    assert not at.exception
    table = at.dataframe[0].value
    assert len(table.columns) == 2 and "Nearest railway station" in table.index
    labels = [b.label for b in at.get("download_button")]
    assert "Download the handout of the compared sites (PDF)" in labels


def test_site_link_centres_the_explorer_on_the_site(app_test):
    """The link of a site sheet's QR code opens the explorer on that site; a stale one says so."""
    at = app_test("pages/explorer.py", site="zae-delta3")
    assert not at.exception
    assert any("Delta 3" in i.value for i in at.info)
    at = app_test("pages/explorer.py", site="zae-disparue")
    assert not at.exception and any("zae\\-disparue" in w.value for w in at.warning)


def test_place_for_finds_features_and_communes(tiny_data):
    """A link names a feature id or an INSEE code."""
    places = search.places(tiny_data)
    assert search.place_for(places, "za-1").name == "Zone 1"
    assert search.place_for(places, "62001").layer == "communes"
    assert search.place_for(places, "nope") is None and search.place_for(places, None) is None


def test_invest_page_offers_to_include_sites_without_a_land_figure(app_test):
    """The minimum hides the parks without a land figure; a button brings them back, dated figures stay."""
    at = app_test("pages/investir.py", min_available_ha="20")
    assert not at.exception
    before = at.subheader[0].value
    assert before == "2 site(s) correspondant(s)"  # Delta 3 (115 ha) and Sainte-Henriette (29 ha)
    at.button(key="c_include_them").click().run()
    assert not at.exception
    assert at.toggle(key="c_unpublished").value is True
    assert at.subheader[0].value == "10 site(s) correspondant(s)"  # + the 8 parks with no figure
    reasons = " ".join(m.value for m in at.markdown)
    assert "115,0 ha en vente ou en aménagement en 2018" in reasons


def test_invest_page_counts_parks_without_a_land_figure(app_test):
    """With no minimum, the page says how many parks have no published land figure (8 of 11)."""
    at = app_test("pages/investir.py", lang="en")
    assert not at.exception
    assert any("8 of 11 business park(s) have no published figure" in c.value for c in at.caption)
