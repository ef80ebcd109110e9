"""Summary indicators, computed from the filtered features, never typed in.

Areas and lengths are measured in Lambert-93 (EPSG:2154). Each indicator is
shown beside the published figure(s) of the catalogue, newest first, with the
share of that figure the mapped features account for.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass

import geopandas as gpd
import pandas as pd

from pma_map import framecache
from pma_map.catalogue import figures_for
from pma_map.errors import PmaError
from pma_map.geo import LAMBERT93, WGS84
from pma_map.population import layer_vintage


@dataclass(frozen=True)
class IndicatorDef:
    """How an indicator is named, which layer it reads and how it is shown."""

    key: str
    layer: str
    unit_key: str
    decimals: int = 0
    #: Compared with the newest published figure (share); False when the figures measure
    #: something else (the dated land figures are not parts of the PMA's 317 ha).
    compare: bool = True
    #: The published attribute summed, whose missing values are counted.
    column: str | None = None


INDICATORS: tuple[IndicatorDef, ...] = (
    IndicatorDef("communes", "communes", ""),
    IndicatorDef("population", "communes", "unit.inhabitants"),
    IndicatorDef("superficie_km2", "communes", "unit.km2", 1),
    IndicatorDef("parcs_count", "parcs", ""),
    IndicatorDef("parcs_ha", "parcs", "unit.ha"),
    IndicatorDef("voies_vertes_km", "voies_vertes", "unit.km", 1),
    IndicatorDef("zones_count", "zones_activite", ""),
    IndicatorDef("zones_surface_ha", "zones_activite", "unit.ha", column="surface_totale_ha"),
    # How many zones have a dated figure of land for sale: the figures themselves have
    # different dates and are listed one by one, never added up.
    IndicatorDef("foncier_disponible_ha", "zones_activite", "unit.zones", compare=False,
                 column="surface_disponible_ha"),
    IndicatorDef("solaire_gwh", "sites_solaires", "unit.gwh_year", 1, column="production_gwh_an"),
    IndicatorDef("innovation_sites", "parc_innovation", ""),
)


def _num(gdf: gpd.GeoDataFrame, column: str) -> pd.Series:
    if column not in gdf.columns:
        return pd.Series(dtype=float)
    return pd.to_numeric(gdf[column], errors="coerce")


def _sum_known(gdf: gpd.GeoDataFrame, column: str) -> float | None:
    """Sum of the published values: 0 when there is no feature, None ("non publié") when
    there are features but none has a published value."""
    if gdf.empty:
        return 0.0
    values = _num(gdf, column).dropna()
    return float(values.sum()) if len(values) else None


def _count_known(gdf: gpd.GeoDataFrame, column: str) -> int:
    return int(_num(gdf, column).notna().sum())


def feature_measures(gdf: gpd.GeoDataFrame, what: str) -> pd.Series:
    """Area (m²) or length (m) of every feature, measured in Lambert-93."""
    if what not in ("area", "length"):
        raise PmaError("unknown_measure", what=what)
    geoms = gdf.geometry.to_crs(LAMBERT93)
    return geoms.area if what == "area" else geoms.length


def layer_measures(layer: gpd.GeoDataFrame, what: str) -> pd.Series:
    """:func:`feature_measures` of a whole layer, computed once per layer version.

    ``layer`` is the shared frame of a version (see :mod:`pma_map.framecache`).
    """
    return framecache.cached(("measures", what), (layer,), lambda: feature_measures(layer, what))


def _measure(gdf: gpd.GeoDataFrame, what: str, layer: gpd.GeoDataFrame | None = None) -> float:
    """Total area or length of ``gdf``; read from the cached measures of ``layer`` when
    ``gdf`` is a filtered copy of it (:func:`framecache.same_rows`), else measured now."""
    if gdf.empty:
        return 0.0
    if layer is not None:
        rows = framecache.same_rows(layer.geometry.values, layer.index, gdf)
        if rows is not None:
            return float(layer_measures(layer, what).to_numpy()[rows].sum())
    return float(feature_measures(gdf, what).sum())


_LAND_COLUMNS = ("id", "nom", "surface_disponible_ha", "disponible_detail", "disponible_detail_en",
                 "disponible_date", "disponible_source")


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and value != value)


@functools.cache
def _empty() -> gpd.GeoDataFrame:
    """The empty layer a missing one counts as (one frame, only read: a new one with its CRS cost
    20 ms per call on a first run)."""
    return gpd.GeoDataFrame(geometry=[], crs=WGS84)


def compute_indicators(filtered: Mapping[str, gpd.GeoDataFrame],
                       reference: Mapping[str, gpd.GeoDataFrame] | None = None) -> dict[str, float | int | None]:
    """Indicator values for already filtered layers (missing layers count as empty).

    ``None`` means no feature carries a published value (shown as "non publié").
    ``reference``: the unfiltered layers ``filtered`` comes from; with it, areas
    and lengths are measured once per layer version and only summed here.
    """
    get = lambda name: filtered[name] if name in filtered else _empty()  # noqa: E731
    ref = (lambda name: reference.get(name)) if reference is not None else (lambda name: None)  # noqa: E731
    communes, parcs, voies = get("communes"), get("parcs"), get("voies_vertes")
    zones, solar, innov = get("zones_activite"), get("sites_solaires"), get("parc_innovation")
    return {
        "communes": int(len(communes)),
        "population": int(_num(communes, "population").fillna(0).sum()),
        "superficie_km2": float(_num(communes, "superficie_km2").fillna(0).sum()),
        "parcs_count": int(len(parcs)),
        "parcs_ha": _measure(parcs, "area", ref("parcs")) / 10_000,
        "voies_vertes_km": _measure(voies, "length", ref("voies_vertes")) / 1_000,
        "zones_count": int(len(zones)),
        "zones_surface_ha": _sum_known(zones, "surface_totale_ha"),
        "foncier_disponible_ha": _count_known(zones, "surface_disponible_ha"),
        "solaire_gwh": _sum_known(solar, "production_gwh_an"),
        "innovation_sites": int(len(innov)),
    }


def approximate_counts(filtered: Mapping[str, gpd.GeoDataFrame]) -> dict[str, int]:
    """Per layer, how many features were placed by hand (precision ``approximate``)."""
    return {
        name: int((gdf["precision"] == "approximate").sum())
        for name, gdf in filtered.items()
        if "precision" in gdf.columns
    }


def indicator_report(filtered: Mapping[str, gpd.GeoDataFrame],
                     reference: Mapping[str, gpd.GeoDataFrame] | None = None) -> list[dict]:
    """Indicators with their published figures and the share mapped, as plain data.

    One dict per indicator: ``key``, ``layer``, ``value``, ``published`` (list of
    ``{value, unit_fr, unit_en, source, source_date}``, newest first), ``share``
    (value divided by the newest published figure, or None), ``missing`` and
    ``total`` (features of the selection without the published value summed, and
    all of them), ``land`` (the dated land figures, one row per zone) and
    ``vintage`` (for the population: INSEE's wording of its year,
    ``population_annee``; None otherwise).

    Pass the *territory selection* (:func:`pma_map.filters.territory_selection`):
    hiding a layer on the map must not change the figures.
    """
    values = compute_indicators(filtered, reference)
    approx = approximate_counts(filtered)
    vintage = population_vintage(filtered)
    rows = []
    for d in INDICATORS:
        value = values[d.key]
        published = [
            {"value": f.value, "unit_fr": f.unit_fr, "unit_en": f.unit_en, "source": f.source,
             "source_date": f.source_date, "note_fr": f.note_fr, "note_en": f.note_en}
            for f in figures_for(d.key)
        ]
        share = None
        if d.compare and published and value is not None and published[0]["value"]:
            share = value / published[0]["value"]
        layer = filtered.get(d.layer, _empty())
        missing = int(len(layer)) - _count_known(layer, d.column) if d.column else 0
        land = []
        if d.key == "foncier_disponible_ha" and "surface_disponible_ha" in layer.columns:
            known = layer[_num(layer, "surface_disponible_ha").notna()]
            cols = [c for c in _LAND_COLUMNS if c in known.columns]
            land = [{k: (None if _missing(v) else v) for k, v in r.items()}
                    for r in known[cols].to_dict("records")]
        rows.append({
            "key": d.key,
            "layer": d.layer,
            "value": value,
            "decimals": d.decimals,
            "unit_key": d.unit_key,
            "published": published,
            "share": share,
            "compare": d.compare,
            "missing": missing,
            "total": int(len(layer)),
            "land": land,
            "approximate_features": approx.get(d.layer, 0) if d.layer != "communes" else 0,
            "vintage": vintage if d.key == "population" else None,
        })
    return rows


def population_vintage(filtered: Mapping[str, gpd.GeoDataFrame]) -> str | None:
    """INSEE's wording of the year of the summed populations (``population_annee``), or None."""
    return layer_vintage(filtered.get("communes"))
