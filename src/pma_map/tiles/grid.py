"""Web Mercator tiles (the ``PM`` tile matrix set of the IGN WMTS, the XYZ
scheme of Leaflet): which tiles of a zoom range cover a set of polygons.

Pure functions: geometries and numbers in, tile coordinates out.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import numpy as np
import shapely

#: Half the side of the Web Mercator square (metres).
ORIGIN = 20037508.342789244
WEB_MERCATOR = "EPSG:3857"
TILE_PX = 256


def parse_zooms(text: str) -> tuple[int, int]:
    """``"8-15"`` or ``"12"`` -> (first, last) zoom; a French ``ValueError`` otherwise."""
    raw = str(text).strip()
    try:
        if "-" in raw:
            a, b = (int(p) for p in raw.split("-", 1))
        else:
            a = b = int(raw)
    except ValueError:
        raise ValueError(f"Niveaux de zoom illisibles « {text} » : écrivez par exemple 8-15.") from None
    if not 0 <= a <= b <= 19:
        raise ValueError(f"Niveaux de zoom « {text} » hors limites : de 0 à 19, le premier au plus égal au second.")
    return a, b


def tile_size_m(z: int) -> float:
    """Side of a tile of zoom ``z`` in Web Mercator metres."""
    return 2 * ORIGIN / (1 << z)


def tile_bounds(z: int, x: int, y: int) -> tuple[float, float, float, float]:
    """(minx, miny, maxx, maxy) of tile (z, x, y) in Web Mercator metres (y counts down from the north)."""
    size = tile_size_m(z)
    minx = -ORIGIN + x * size
    maxy = ORIGIN - y * size
    return minx, maxy - size, minx + size, maxy


def tile_range(bounds, z: int) -> tuple[int, int, int, int]:
    """(x0, y0, x1, y1), inclusive, of the tiles of zoom ``z`` meeting Web Mercator ``bounds``."""
    minx, miny, maxx, maxy = bounds
    size = tile_size_m(z)
    n = (1 << z) - 1
    clamp = lambda v: min(max(v, 0), n)  # noqa: E731
    x0 = clamp(math.floor((minx + ORIGIN) / size))
    x1 = clamp(math.floor((maxx + ORIGIN) / size - 1e-9))
    y0 = clamp(math.floor((ORIGIN - maxy) / size))
    y1 = clamp(math.floor((ORIGIN - miny) / size - 1e-9))
    return x0, y0, x1, y1


def covering_tiles(area_3857, zooms: Iterable[int]) -> list[tuple[int, int, int]]:
    """Tiles (z, x, y) of each zoom whose square meets ``area_3857`` (a shapely geometry
    in Web Mercator metres), in zoom, then row, then column order. Not the bounding box:
    only the tiles that touch the area itself."""
    shapely.prepare(area_3857)
    out: list[tuple[int, int, int]] = []
    for z in zooms:
        x0, y0, x1, y1 = tile_range(area_3857.bounds, z)
        xs, ys = np.meshgrid(np.arange(x0, x1 + 1), np.arange(y0, y1 + 1))
        xs, ys = xs.ravel(), ys.ravel()
        size = tile_size_m(z)
        boxes = shapely.box(-ORIGIN + xs * size, ORIGIN - (ys + 1) * size,
                            -ORIGIN + (xs + 1) * size, ORIGIN - ys * size)
        hit = shapely.intersects(area_3857, boxes)
        out.extend((z, int(x), int(y)) for x, y in zip(xs[hit], ys[hit]))
    return out


def territory_area(communes) -> shapely.Geometry:
    """The union of the communes (a GeoDataFrame in any CRS) in Web Mercator metres."""
    return shapely.union_all(communes.geometry.to_crs(WEB_MERCATOR).values)


def zoom_for_resolution(metres_per_px: float, lat: float) -> int:
    """The smallest zoom whose tiles show at least one pixel per ``metres_per_px`` of ground at ``lat``."""
    ground = lambda z: tile_size_m(z) * math.cos(math.radians(lat)) / TILE_PX  # noqa: E731
    z = 0
    while z < 19 and ground(z) > metres_per_px:
        z += 1
    return z
