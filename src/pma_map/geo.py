"""Coordinate reference systems and the geometry steps every wing shares.

Areas, lengths and distances are measured in Lambert-93 (EPSG:2154); the
map, the files and the browser speak WGS84 (EPSG:4326).
"""

from __future__ import annotations

import geopandas as gpd

WGS84 = "EPSG:4326"
LAMBERT93 = "EPSG:2154"


def lambert_points(gdf: gpd.GeoDataFrame) -> gpd.GeoSeries:
    """One representative point per feature, in Lambert-93 (inside polygons, on lines)."""
    return gdf.geometry.to_crs(LAMBERT93).representative_point()


def wgs84_points(gdf: gpd.GeoDataFrame) -> gpd.GeoSeries:
    """The representative points of :func:`lambert_points`, back in WGS84 (for the map)."""
    return lambert_points(gdf).to_crs(WGS84)
