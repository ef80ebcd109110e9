"""FitBounds: a box framed by Leaflet at the map's size on screen (the kiosk's stops)."""

from __future__ import annotations

import folium
import pytest

from pma_map.map.fit import FitBounds


def test_fit_bounds_script_names_the_box_and_the_closest_zoom():
    """The group's script asks the map (not the group) to fit the box, without animation."""
    m = folium.Map()
    group = folium.FeatureGroup(name="stop")
    FitBounds([[50.3, 2.4], [50.7, 3.1]], max_zoom=13).add_to(group)
    group.add_to(m)  # as st_folium does with feature_group_to_add
    html = m.get_root().render()
    assert f"var map = {m.get_name()};" in html
    assert "L.latLngBounds([[50.3, 2.4], [50.7, 3.1]])" in html
    assert "maxZoom: 13" in html and "animate: false" in html and "map.fitBounds(box, options)" in html


@pytest.mark.parametrize("box", [None, [[50.7, 2.4], [50.3, 3.1]], [[50.3, 2.4], [50.7, float("nan")]],
                                 [[50.3, 2.4]], [["a", 2.4], [50.7, 3.1]], [[95, 2.4], [96, 3.1]]])
def test_fit_bounds_refuses_what_is_not_a_box(box):
    """A missing, reversed, NaN or out-of-range box is refused before anything reaches the browser."""
    with pytest.raises(ValueError, match="FitBounds"):
        FitBounds(box)
