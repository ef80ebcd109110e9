"""The explorer's public journey: searched place kept in the link, shown or explained, shared."""

from __future__ import annotations

import folium

from pma_map import search
from pma_map.catalogue import LAYERS
from pma_map.map import rankmap

#: The explorer's table runs only once its expander is open (issue 10).
TABLE_OPEN = {"explorer_table": True}


def _plain(text: str) -> str:
    return text.replace("\\", "")


def test_searched_place_outside_the_filters_is_explained_and_filters_clear(app_test):
    """"Delta 3" while CALL is selected: a message names the filter, its button clears it."""
    at = app_test("pages/explorer.py", epci="CALL", place="zae-delta3")
    assert not at.exception
    assert any("Delta 3" in _plain(w.value) and "CALL" in w.value for w in at.warning)
    at.button(key="clear_filters_for_place").click().run()
    assert not at.exception
    assert at.multiselect(key="f_epci").value == []
    assert not any("sélection actuelle" in _plain(w.value) for w in at.warning)
    assert "zae-delta3" in str(at.query_params.get("place"))


def test_permalink_keeps_colour_mode_and_searched_place(app_test):
    """A link with color=density&place=<insee> reopens that colour mode and that commune."""
    at = app_test("pages/explorer.py", color="density", place="62498")
    assert not at.exception
    assert at.radio(key="color_mode").value == "density"
    chosen = at.selectbox(key="search_place").value
    assert isinstance(chosen, search.Place) and chosen.key == "62498"
    at.radio(key="color_mode").set_value("epci").run()
    assert "color" not in at.query_params


def test_share_button_gives_the_public_link_of_the_view(monkeypatch, app_test):
    """"Copier le lien" shows the view's link on the public address, with its filters and place."""
    monkeypatch.setenv("PMA_MAP_BASE_URL", "https://carte.example.fr")
    at = app_test("pages/explorer.py", epci="CALL", place="62498")
    codes = [c.value for c in at.code]
    assert any(c.startswith("https://carte.example.fr/?") and "epci=CALL" in c and "place=62498" in c
               for c in codes), codes


def test_commune_popups_link_to_the_commune_page(tiny_data, popup_html):
    """Every commune popup carries a link to its commune page (language kept), escaped."""
    rows = tiny_data["communes"].drop(columns="geometry").to_dict("records")
    html = "".join(popup_html(LAYERS["communes"], row, "en", {}) for row in rows)
    assert 'data-pma-page="commune?commune=62001&amp;lang=en"' in html
    assert "Open the municipality profile of Alpha" in html
    fr = popup_html(LAYERS["communes"], {**rows[0], "nom": "<b>x</b>"}, "fr", {})
    assert "<b>x</b>" not in fr and 'data-pma-page="commune?commune=62001"' in fr


def test_searched_place_is_highlighted_labelled_and_linked(tiny_data):
    """The searched site gets a ring, its name as a label and a popup linking to its commune page."""
    places = search.places(tiny_data)
    site = next(p for p in places if p.layer != "communes")
    m = folium.Map()
    rankmap.place_group(site, tiny_data, "fr").add_to(m)
    commune = next(p for p in places if p.layer == "communes")
    rankmap.place_group(commune, tiny_data, "en").add_to(m)
    html = m.get_root().render()
    assert "pma-place-label" in html and site.name in html
    assert "data-pma-page" in html and "Ouvrir la fiche commune" in html
    assert "Open the municipality profile" in html
    assert search.shown_by(site, tiny_data) and search.commune_of(commune, tiny_data) == commune.key


def test_explorer_table_leads_with_names_and_ends_with_ids(app_test):
    """The table on screen starts with the feature's name; the internal id comes last."""
    at = app_test("pages/explorer.py", session=TABLE_OPEN)
    columns = list(at.dataframe[0].value.columns)
    assert columns[0] == "Nom" and columns[-1] == "Identifiant", columns


def test_investor_map_view_keeps_every_site_in_a_phone_width_map():
    """At the page's zoom, every business park fits inside a 358 x 560 px map (Web Mercator)."""
    import math

    from pma_map.layers import load_all
    from pma_map.map import view
    from pma_map.ui.invest import MAP_MIN_WIDTH_PX

    zones = load_all()["zones_activite"]
    (lat, lon), zoom = view.view_for(view.bounds_of(zones), width_px=MAP_MIN_WIDTH_PX, height_px=560)

    def px(la, lo):
        scale = 256 * 2 ** zoom
        y = (1 - math.log(math.tan(math.radians(la)) + 1 / math.cos(math.radians(la))) / math.pi) / 2
        return (lo + 180) / 360 * scale, y * scale

    cx, cy = px(lat, lon)
    (s, w), (n, e) = view.bounds_of(zones)
    for la, lo in ((s, w), (n, e)):
        x, y = px(la, lo)
        assert abs(x - cx) < MAP_MIN_WIDTH_PX / 2 and abs(y - cy) < 280


def test_explorer_table_runs_only_once_opened(app_test):
    """The first paint sends no table (nor its downloads); opening its expander does."""
    at = app_test("pages/explorer.py")
    assert not at.exception
    assert not at.dataframe
    assert not [b for b in at.download_button if "CSV" in b.proto.label]
    assert "Entités de la sélection" in [e.label for e in at.expander]
    at = app_test("pages/explorer.py", session=TABLE_OPEN)
    assert not at.exception
    assert len(at.dataframe) == 1
    assert [b for b in at.download_button if "CSV" in b.proto.label]

