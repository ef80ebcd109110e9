"""The kiosk tour: stops placed from the layers, the timer's arithmetic, the kiosk page."""

from __future__ import annotations

import json

import pytest

from pma_map.catalogue import figures_for
from pma_map.i18n import STRINGS
from pma_map.invest import tour

TINY_STOPS = (
    tour.Stop("territoire", "communes", (), ("foncier_disponible_ha", "absent_indicator")),
    tour.Stop("acc", "zones_activite", ("za-1",), ("emplois_annonces",)),
    tour.Stop("delta3", "zones_activite", ("za-missing",)),
    tour.Stop("innovation", "parc_innovation"),
)


def test_every_stop_has_its_title_and_text_in_both_languages():
    """A stop without strings would break the tour in one language."""
    for stop in tour.STOPS:
        for part in ("title", "text"):
            assert set(STRINGS[f"tour.{stop.key}.{part}"]) == {"fr", "en"}
        assert all(figures_for(ind) for ind in stop.figures), stop.key


def test_plan_places_stops_from_the_layers(tiny_data):
    """A stop frames its features, rings a single site, keeps its sources; a missing one is skipped."""
    stops = tour.plan(tiny_data, stops=TINY_STOPS)
    assert [s.key for s in stops] == ["territoire", "acc", "innovation"]
    territory, zone, innovation = stops
    assert territory.rings == () and territory.approximate == 0
    assert 50.40 < territory.center[0] < 50.45 and 2.70 < territory.center[1] < 2.85
    assert [f.indicator for f in territory.figures] == ["foncier_disponible_ha"]
    assert territory.figures[0].value == 317
    (ring,) = zone.rings
    assert ring.label == "Zone 1" and 50.41 < ring.lat < 50.42 and 2.76 < ring.lon < 2.77
    assert zone.zoom <= tour.MAX_ZOOM and zone.approximate == 1
    assert zone.sources == (("test", "2022"),)
    assert [r.label for r in innovation.rings] == ["Totem"]


def test_plan_follows_a_published_layer(tiny_data):
    """After a publish that removes a site, its stop leaves the tour."""
    zones = tiny_data["zones_activite"]
    data = {**tiny_data, "zones_activite": zones[zones["id"] != "za-1"]}
    assert "acc" not in [s.key for s in tour.plan(data, stops=TINY_STOPS)]


def test_bundled_tour_has_every_stop():
    """On the bundled layers every flagship site of the tour is found."""
    from pma_map.layers import load_all

    stops = tour.plan(load_all())
    assert [s.key for s in stops] == [s.key for s in tour.STOPS]
    assert all(s.sources for s in stops)
    assert all(s.approximate for s in stops if s.key != "territoire")


@pytest.mark.parametrize("index, elapsed, paused, expected", [
    (0, 5.0, False, 0),     # too early
    (0, 17.0, False, 1),    # a tick a little early still moves on (80 % of 20 s)
    (0, 25.0, False, 1),
    (6, 20.0, False, 0),    # loops back to the first stop
    (2, 300.0, True, 2),    # paused: stays
    (9, 0.0, False, 2),     # an index past the end (stops removed) wraps
])
def test_next_index(index, elapsed, paused, expected):
    """The timer moves one stop at a time, loops, and holds while paused."""
    assert tour.next_index(index, 7, elapsed, 20, paused) == expected


@pytest.mark.parametrize("raw, expected", [("30", 30), ("2", tour.INTERVAL_MIN_S), ("9999", tour.INTERVAL_MAX_S),
                                           ("12,4", 12), ("nan", tour.INTERVAL_S), ("abc", tour.INTERVAL_S),
                                           (None, tour.INTERVAL_S)])
def test_interval_from_url(raw, expected):
    """A hand-edited ``interval`` in the URL never breaks the tour."""
    assert tour.interval_from(raw) == expected


@pytest.mark.parametrize("raw, expected", [("950", 950), ("10", tour.HEIGHT_MIN_PX), ("1e9", tour.HEIGHT_MAX_PX),
                                           ("inf", tour.HEIGHT_PX), ("", tour.HEIGHT_PX)])
def test_height_from_url(raw, expected):
    """A hand-edited ``height`` in the URL gives a usable map height."""
    assert tour.height_from(raw) == expected


def test_figure_text_follows_the_language():
    """A figure is quoted in the page's language."""
    fig = figures_for("foncier_disponible_ha")[0]
    assert tour.figure_text(fig, "fr").startswith("317 ha de foncier")
    assert tour.figure_text(fig, "en").startswith("317 ha of available land")
    communes = figures_for("communes")[0]
    assert tour.figure_text(communes, "en") == "150 municipalities"


def test_kiosk_page_renders_the_first_stop_with_sources(app_test):
    """?mode=kiosk shows stop 1 of 7, its figures and their sources, and no filter."""
    at = app_test("pages/visite.py", mode="kiosk")
    assert not at.exception
    assert at.header[0].value == "Le Pôle Métropolitain de l'Artois"
    captions = [c.value.replace("\\", "") for c in at.caption]
    assert captions[0] == "Étape 1 sur 7"
    assert any("Rapport d'activité 2022, 2022-12" in c for c in captions)
    assert not at.multiselect and not at.sidebar.children


def test_kiosk_controls_jump_step_and_pause(app_test):
    """Staff jump to a site, step to the next one and pause the tour."""
    at = app_test("pages/visite.py", mode="kiosk", lang="en")
    at.selectbox(key="kiosk_jump").set_value(5).run()
    assert at.header[0].value == "Leforest solar park"
    at.button(key="kiosk_next").click().run()
    assert at.header[0].value == "The Chain of parks"
    at.button(key="kiosk_next").click().run()
    assert at.caption[0].value == "Stop 1 of 7"
    at.button(key="kiosk_pause").click().run()
    assert "Tour paused" in at.caption[0].value
    assert at.button(key="kiosk_pause").label == "Resume"


def test_every_english_stop_is_in_english(app_test):
    """Each stop of the English tour shows no French interface text."""
    from test_english import french_in

    at = app_test("pages/visite.py", mode="kiosk", lang="en")
    for i in range(len(tour.STOPS)):
        at.selectbox(key="kiosk_jump").set_value(i).run()
        assert not at.exception
        assert french_in(at) == [], tour.STOPS[i].key


def test_kiosk_launcher_and_leaving(app_test):
    """Outside kiosk mode the page offers to start the tour; leaving it drops the mode."""
    at = app_test("pages/visite.py")
    assert not at.exception
    assert at.title[0].value == "Visite guidée (borne)"
    at.button[0].click().run()
    assert at.query_params["mode"] in ("kiosk", ["kiosk"])
    assert at.header[0].value == "Le Pôle Métropolitain de l'Artois"
    at.button(key="kiosk_exit").click().run()
    assert "mode" not in at.query_params
    assert at.title[0].value == "Visite guidée (borne)"


def test_kiosk_interval_and_height_from_url_reach_the_controls(app_test):
    """``interval`` and ``height`` in the URL set the seconds per site and the map height."""
    at = app_test("pages/visite.py", mode="kiosk", interval="45", height="950")
    assert at.number_input(key="kiosk_interval").value == 45
    assert at.number_input(key="kiosk_height").value == 950
    at.number_input(key="kiosk_interval").set_value(10).run()
    assert at.query_params["interval"] in ("10", ["10"])
    at.number_input(key="kiosk_height").set_value(1000).run()
    assert at.query_params["height"] in ("1000", ["1000"])


def test_kiosk_map_fills_the_screen_without_a_height_in_the_url(app_test):
    """No ``height=``: the map's frame is sized from the viewport (CSS 100vh) and the map fills it."""
    at = app_test("pages/visite.py", mode="kiosk")
    assert not at.exception
    css = " ".join(m.value for m in at.markdown)
    assert "100vh" in css and 'iframe[title="streamlit_folium.st_folium"]' in css
    assert at.number_input(key="kiosk_height").value is None
    fixed = app_test("pages/visite.py", mode="kiosk", height="950")
    assert "100vh" not in " ".join(m.value for m in fixed.markdown)


def test_fill_frame_makes_the_map_as_tall_as_its_frame():
    """The map element asks the map div for the frame's whole height."""
    import folium

    from pma_map.ui.map import FillFrame

    m = folium.Map()
    FillFrame().add_to(m)
    assert "#map_div { height: 100vh !important; }" in m.get_root().render()


def test_acc_stop_outlines_the_zone_not_the_solar_roof_at_its_centre():
    """The ACC stop frames the park's outline (no ring at its point, where the solar car-park
    marker stands), and does not quote the territory's 4,000 jobs beside ACC's 2,000."""
    import folium

    from pma_map.layers import load_all
    from pma_map.map.rankmap import rings_group

    data = load_all()
    acc = next(s for s in tour.plan(data) if s.key == "acc")
    (ring,) = acc.rings
    assert ring.outline is not None and ring.outline["type"] in ("Polygon", "MultiPolygon")
    assert acc.figures == ()
    territory = next(s for s in tour.plan(data) if s.key == "territoire")
    assert "emplois_annonces" in [f.indicator for f in territory.figures]
    m = folium.Map()
    rings_group([(r.lat, r.lon, r.label, r.outline) for r in acc.rings], "x").add_to(m)
    html = m.get_root().render()
    assert "border-radius:50%" not in html and '"fill": false' in html
    assert "usine ACC seule" in acc.text("fr") and "ACC plant alone" in acc.text("en")


def test_kiosk_map_is_framed_in_the_browser_at_the_screen_size(app_test, monkeypatch):
    """The kiosk gives streamlit-folium no centre or zoom computed for 1000 x 660 px: the stop's box is
    fitted by Leaflet at the map's real size (a 1920 x 1080 stand screen showed the territory at half width)."""
    from pma_map.map.fit import FitBounds
    from pma_map.ui import kiosk

    calls = []
    monkeypatch.setattr(kiosk, "show_map", lambda *a, **kw: calls.append(kw))
    at = app_test("pages/visite.py", mode="kiosk")
    assert not at.exception
    (kw,) = calls
    assert kw.get("center") is None and kw.get("zoom") is None
    fits = [c for g in kw["extra_groups"] for c in g._children.values() if isinstance(c, FitBounds)]
    assert len(fits) == 1 and fits[0].max_zoom == tour.MAX_ZOOM
    (south, west), (north, east) = json.loads(fits[0].bounds)
    assert 50.2 < south < north < 50.8 and 2.2 < west < east < 3.3
