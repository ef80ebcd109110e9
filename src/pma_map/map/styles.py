"""Styles of map features and the legends that explain them."""

from __future__ import annotations

import math
from collections.abc import Mapping

import geopandas as gpd
import pandas as pd

from pma_map.catalogue import EPCI, EPCI_COLORS, LAYERS, LayerSpec
from pma_map.i18n import fmt_num, t

DENSITY_COLORS = ("#f7fbff", "#c6dbef", "#6baed6", "#2171b5", "#08306b")
#: Fill of a commune with no density (population or area missing) or an unknown agglomeration.
NO_DATA_COLOR = "#999999"
APPROX_DASH = "5 5"


def density_classes(communes: gpd.GeoDataFrame) -> list[float]:
    """Upper bounds of five population-density classes (inhabitants per km²)."""
    density = communes["population"] / communes["superficie_km2"]
    if density.empty:
        return []
    qs = density.quantile([0.2, 0.4, 0.6, 0.8]).tolist()
    return [round(q, -1) if q > 100 else round(q) for q in qs] + [math.inf]


def commune_style(row: Mapping, color_mode: str, classes: list[float]) -> dict:
    base = dict(LAYERS["communes"].style)
    if color_mode == "density" and classes:
        density = row["population"] / row["superficie_km2"] if row["superficie_km2"] else 0
        idx = next((i for i, bound in enumerate(classes) if density <= bound), None)  # None: NaN density
        base.update(fillColor=NO_DATA_COLOR if idx is None else DENSITY_COLORS[idx], fillOpacity=0.7)
    else:
        base.update(fillColor=EPCI_COLORS.get(row.get("epci"), NO_DATA_COLOR))
    return base


def feature_style(spec: LayerSpec, row: Mapping) -> dict:
    style = {k: v for k, v in spec.style.items() if k != "radius"}
    if row.get("precision") == "approximate" and spec.geometry != "Point":
        style["dashArray"] = APPROX_DASH
    return style


def styles(name: str, gdf: gpd.GeoDataFrame, color_mode: str, classes: list[float] | None) -> list[dict]:
    """The style of every feature (asset styles only depend on the precision: shared dicts)."""
    spec = LAYERS[name]
    if name == "communes":
        cols = [c for c in ("population", "superficie_km2", "epci") if c in gdf.columns]
        return [commune_style(row, color_mode, classes or []) for row in gdf[cols].to_dict("records")]
    by_precision = {p: feature_style(spec, {"precision": p}) for p in ("approximate", "surveyed", None)}
    precision = gdf["precision"] if "precision" in gdf.columns else pd.Series(None, index=gdf.index)
    return [by_precision.get(p, by_precision[None]) for p in precision.tolist()]


def epci_legend(lang: str) -> list[tuple[str, str]]:
    """(color, label) pairs of the agglomeration colours."""
    return [(EPCI_COLORS[code], f"{code} — {EPCI[code][0]}") for code in EPCI]


def density_legend(classes: list[float], lang: str) -> list[tuple[str, str]]:
    out, low = [], 0.0
    for color, high in zip(DENSITY_COLORS, classes):
        if math.isinf(high):
            label = t("legend.density_above", lang, low=fmt_num(low, lang))
        else:
            label = t("legend.density_range", lang, low=fmt_num(low, lang), high=fmt_num(high, lang))
        out.append((color, label))
        low = high
    return out
