"""View maths: the extent of a selection and the centre and zoom that show it.

No folium here: the kiosk tour and the PDF code use it too.
"""

from __future__ import annotations

import math

import geopandas as gpd

CENTER = (50.47, 2.80)
ZOOM = 10


def bounds_of(gdf: gpd.GeoDataFrame) -> list[list[float]] | None:
    """[[south, west], [north, east]] of a frame, or None when it is empty."""
    if gdf.empty:
        return None
    minx, miny, maxx, maxy = gdf.total_bounds
    return [[float(miny), float(minx)], [float(maxy), float(maxx)]]


def view_for(bounds: list[list[float]] | None, width_px: int = 900,
             height_px: int = 600) -> tuple[tuple[float, float], int]:
    """Centre and the largest zoom (8 to 15) at which ``bounds`` fill at most 3/4 of a
    ``width_px`` × ``height_px`` map (Web Mercator: 256 px per 360° at zoom 0)."""
    if not bounds:
        return CENTER, ZOOM
    (s, w), (n, e) = bounds
    stretch = 1 / math.cos(math.radians((s + n) / 2))  # a degree of latitude is taller
    fit_x = 0.75 * width_px * 360 / 256 / max(e - w, 1e-6)
    fit_y = 0.75 * height_px * 360 / 256 / max((n - s) * stretch, 1e-6)
    zoom = int(max(8, min(15, math.floor(math.log2(min(fit_x, fit_y))))))
    return ((s + n) / 2, (w + e) / 2), zoom
