"""The shared readers of typed numbers and the one representative-point step."""

from __future__ import annotations

import math

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import LineString, Polygon

from pma_map.geo import LAMBERT93, WGS84, lambert_points, wgs84_points
from pma_map.parse import parse_number, to_number


def test_numbers_typed_the_french_way():
    """A decimal comma, spaces and non-breaking spaces between thousands read as numbers; the rest is NaN."""
    assert parse_number("12,5") == 12.5 and parse_number(" 3.25 ") == 3.25 and parse_number(7) == 7.0
    with pytest.raises(ValueError):
        parse_number("douze")
    got = to_number(pd.Series(["1,5", " 2 000 ", "3\u00a0000,25", "", None, "x", 4.5], dtype=object))
    assert got.tolist()[:3] == [1.5, 2000.0, 3000.25] and got.iloc[6] == 4.5
    assert all(math.isnan(v) for v in got.tolist()[3:6])


def test_representative_points_lie_on_their_feature():
    """Points are computed in Lambert-93: inside a U-shaped polygon, on a line."""
    u = Polygon([(2.70, 50.40), (2.80, 50.40), (2.80, 50.45), (2.78, 50.45), (2.78, 50.42),
                 (2.72, 50.42), (2.72, 50.45), (2.70, 50.45)])
    gdf = gpd.GeoDataFrame(geometry=[u, LineString([(2.7, 50.4), (2.8, 50.5)])], crs=WGS84)
    lam = lambert_points(gdf)
    assert lam.crs.equals(LAMBERT93)
    pts = wgs84_points(gdf)
    assert pts.crs.equals(WGS84)
    assert u.contains(pts.iloc[0])
    assert pts.iloc[1].distance(gdf.geometry.iloc[1]) < 1e-6
