"""Synthetic layers inside the PMA territory, generated in code (seeded), never stored.

Polygons stand for a dense upload such as parcels (as layer ``parcs``: same
fields as the real layer), points for a dense point layer (as
``sites_solaires``). Every feature says it is synthetic in ``source`` and is
marked ``approximate``: these frames exist for the benchmark only.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import shapely

from pma_map.catalogue import LAYERS, SOLAR_STATUSES

SEED = 20221206
SOURCE = "Données synthétiques du banc d'essai (aucune valeur réelle)"
#: Radius of a synthetic polygon, in metres (a large parcel).
POLYGON_RADIUS_M = (15.0, 60.0)
POLYGON_VERTICES = (6, 14)


def random_points_in(territory, n: int, rng: np.random.Generator) -> np.ndarray:
    """``n`` points (x, y) drawn uniformly inside ``territory`` (rejection sampling)."""
    minx, miny, maxx, maxy = territory.bounds
    shapely.prepare(territory)
    out = np.empty((0, 2))
    while len(out) < n:
        batch = rng.uniform((minx, miny), (maxx, maxy), size=(max(2 * (n - len(out)), 64), 2))
        inside = shapely.contains_xy(territory, batch[:, 0], batch[:, 1])
        out = np.vstack([out, batch[inside]])
    return out[:n]


def _insee_of(points: gpd.GeoSeries, communes: gpd.GeoDataFrame) -> np.ndarray:
    """INSEE code of the commune holding each point (nearest one at the edges)."""
    joined = gpd.sjoin_nearest(gpd.GeoDataFrame(geometry=points), communes[["insee", "geometry"]],
                               how="left")
    joined = joined[~joined.index.duplicated()]
    return joined["insee"].astype(str).to_numpy()


def _base_rows(n: int, prefix: str, insee: np.ndarray) -> dict:
    return {
        "id": [f"{prefix}-{i:06d}" for i in range(n)],
        "nom": [f"{prefix.capitalize()} synthétique n° {i}" for i in range(n)],
        "insee": insee,
        "insee_autres": [None] * n,
        "description": [None] * n,
        "description_en": [None] * n,
        "source": [SOURCE] * n,
        "source_date": ["2026"] * n,
        "precision": ["approximate"] * n,
    }


def synthetic_polygons(communes: gpd.GeoDataFrame, n: int, seed: int = SEED) -> gpd.GeoDataFrame:
    """``n`` irregular polygons inside the territory, with the fields of layer ``parcs``."""
    rng = np.random.default_rng(seed)
    lam = communes.to_crs("EPSG:2154")
    centres = random_points_in(lam.union_all(), n, rng)
    k = int(rng.integers(*POLYGON_VERTICES))
    angles = np.sort(rng.uniform(0, 2 * np.pi, size=(n, k)), axis=1)
    radius = rng.uniform(*POLYGON_RADIUS_M, size=(n, 1)) * rng.uniform(0.7, 1.0, size=(n, k))
    xs = centres[:, :1] + radius * np.cos(angles)
    ys = centres[:, 1:] + radius * np.sin(angles)
    rings = np.stack([xs, ys], axis=2)
    rings = np.concatenate([rings, rings[:, :1, :]], axis=1)
    geoms = shapely.polygons(rings)
    points = gpd.GeoSeries(shapely.points(centres), crs="EPSG:2154")
    rows = _base_rows(n, "parcelle", _insee_of(points, lam))
    rows["surface_publiee_ha"] = np.round(rng.uniform(0.05, 1.2, n), 2)
    rows["groupe"] = rng.choice(["Nord", "Centre", "Sud"], n)
    rows["membre_confirme"] = [None] * n
    gdf = gpd.GeoDataFrame(rows, geometry=geoms, crs="EPSG:2154").to_crs("EPSG:4326")
    return gdf[list(LAYERS["parcs"].field_names) + ["geometry"]]


def synthetic_points(communes: gpd.GeoDataFrame, n: int, seed: int = SEED + 1) -> gpd.GeoDataFrame:
    """``n`` points inside the territory, with the fields of layer ``sites_solaires``."""
    rng = np.random.default_rng(seed)
    lam = communes.to_crs("EPSG:2154")
    xy = random_points_in(lam.union_all(), n, rng)
    points = gpd.GeoSeries(shapely.points(xy), crs="EPSG:2154")
    rows = _base_rows(n, "toiture", _insee_of(points, lam))
    rows["production_gwh_an"] = np.round(rng.uniform(0.01, 2.0, n), 2)
    rows["puissance_mwc"] = np.round(rng.uniform(0.01, 1.5, n), 2)
    rows["statut"] = rng.choice(list(SOLAR_STATUSES), n)
    rows["mise_en_service"] = [None] * n
    rows["historique"] = [None] * n
    gdf = gpd.GeoDataFrame(rows, geometry=points.values, crs="EPSG:2154").to_crs("EPSG:4326")
    return gdf[list(LAYERS["sites_solaires"].field_names) + ["geometry"]]


#: Cadastral parcels: one per cell of a grid of this size (metres), so that none overlaps...
PARCEL_CELL_M = 40.0
#: ...each a rectangle of these sides (metres) inside its cell.
PARCEL_SIDE_M = (12.0, 38.0)
SECTIONS = ("A", "AB", "AC", "B", "BK", "C", "D", "ZA")


def synthetic_parcels(communes: gpd.GeoDataFrame, n: int, seed: int = SEED + 2) -> gpd.GeoDataFrame:
    """``n`` parcel-sized rectangles inside the territory, one per 40 m grid cell (no overlap),
    with the fields of ``parcelles``."""
    rng = np.random.default_rng(seed)
    lam = communes.to_crs("EPSG:2154")
    territory = lam.union_all()
    shapely.prepare(territory)
    minx, miny, maxx, maxy = territory.bounds
    gx, gy = np.meshgrid(np.arange(minx, maxx, PARCEL_CELL_M), np.arange(miny, maxy, PARCEL_CELL_M))
    cells = np.column_stack([gx.ravel(), gy.ravel()]) + PARCEL_CELL_M / 2
    cells = cells[shapely.contains_xy(territory, cells[:, 0], cells[:, 1])]
    if n > len(cells):
        raise ValueError(f"{n} parcels do not fit in {len(cells)} cells of {PARCEL_CELL_M} m")
    centres = cells[rng.choice(len(cells), n, replace=False)]
    w = rng.uniform(*PARCEL_SIDE_M, size=n) / 2
    h = rng.uniform(*PARCEL_SIDE_M, size=n) / 2
    geoms = shapely.box(centres[:, 0] - w, centres[:, 1] - h, centres[:, 0] + w, centres[:, 1] + h)
    insee = _insee_of(gpd.GeoSeries(shapely.points(centres), crs="EPSG:2154"), lam)
    sections = rng.choice(SECTIONS, n)
    numbers = rng.integers(1, 2500, n)
    rows = {
        "id": [f"{code}000{sec:0>2}{num:04d}-{i}" for i, (code, sec, num) in enumerate(zip(insee, sections, numbers))],
        "nom": [f"Parcelle {sec} {num}" for sec, num in zip(sections, numbers)],
        "insee": insee,
        "insee_autres": [None] * n,
        "description": [None] * n,
        "description_en": [None] * n,
        "source": [SOURCE] * n,
        "source_date": ["2026"] * n,
        "precision": ["approximate"] * n,
        "section": sections,
        "numero": [str(v) for v in numbers],
        "contenance_m2": np.round(4 * w * h),
    }
    gdf = gpd.GeoDataFrame(rows, geometry=geoms, crs="EPSG:2154").to_crs("EPSG:4326")
    return gdf[list(LAYERS["parcelles"].field_names) + ["geometry"]]
