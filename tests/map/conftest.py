"""Helpers of the map tests: what the map must show of each feature, from the real preparation."""

from __future__ import annotations

import geopandas as gpd
import pytest

from pma_map.map import popups, prepare


def _expected_features(name: str, gdf: gpd.GeoDataFrame, lang: str, commune_names) -> list[dict]:
    """Per feature: id, tooltip, popup HTML and display geometry, as :func:`prepare.prepare_layer` makes them
    (the pieces the packed layers and the clusters carry to the browser)."""
    prep = prepare.prepare_layer(name, gdf, lang, commune_names)
    return [{"id": i, "tooltip": "".join(tip), "popup": popups.render_popup(parts), "geometry": geom}
            for i, tip, parts, geom in zip(prep.ids, prep.tooltips, prep.popup_parts,
                                           prepare.geometry_dicts(prep.display))]


@pytest.fixture
def expected_features():
    """``expected_features(name, gdf, lang, commune_names)``: see :func:`_expected_features`."""
    return _expected_features
