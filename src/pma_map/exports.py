"""The table of filtered features and its downloads (CSV, GeoJSON)."""

from __future__ import annotations

from collections.abc import Mapping

import geopandas as gpd
import pandas as pd

from pma_map.catalogue import ASSET_LAYERS, LAYERS, feature_name
from pma_map.filters import commune_codes
from pma_map.geo import LAMBERT93, WGS84
from pma_map.i18n import t

# Spreadsheet programs run cells that start with these characters as formulas.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _names(communes: gpd.GeoDataFrame) -> dict[str, str]:
    return dict(zip(communes["insee"].astype(str), communes["nom"]))


def _commune_list(row: Mapping, names: Mapping[str, str]) -> str:
    return ", ".join(names.get(c, c) for c in commune_codes(row))


def features_table(filtered: Mapping[str, gpd.GeoDataFrame], all_communes: gpd.GeoDataFrame,
                   lang: str = "fr") -> pd.DataFrame:
    """One row per filtered asset feature, with translated column names.

    Built column by column: a dense layer has 100,000 rows, and per-row
    Series or dicts made this table take seconds.
    """
    names = _names(all_communes)
    epci_of = dict(zip(all_communes["insee"].astype(str), all_communes["epci"]))
    precision_text = {p: t(f"precision.short.{p}", lang) for p in ("surveyed", "approximate")}
    columns = ["layer", "id", "nom", "communes", "epci", "key_figure", "unit", "mapped",
               "source", "source_date", "precision"]
    out: dict[str, list] = {c: [] for c in columns}
    for layer in ASSET_LAYERS:
        gdf = filtered.get(layer)
        if gdf is None or gdf.empty:
            continue
        spec = LAYERS[layer]
        n = len(gdf)
        measure = gdf.geometry.to_crs(LAMBERT93)
        if spec.geometry == "Polygon":
            mapped = [round(a / 10_000, 1) for a in measure.area.tolist()]
        elif spec.geometry == "LineString":
            mapped = [round(x / 1_000, 1) for x in measure.length.tolist()]
        else:
            mapped = [None] * n
        field, unit = spec.key_figure or (None, None)
        get = lambda name: gdf[name].tolist() if name in gdf.columns else [None] * n  # noqa: E731
        key_values = get(field) if field else [None] * n
        out["layer"] += [spec.title(lang)] * n
        out["id"] += get("id")
        out["nom"] += [feature_name({"nom": a, "nom_en": b}, lang) for a, b in zip(get("nom"), get("nom_en"))]
        out["communes"] += [_commune_list({"insee": a, "insee_autres": b}, names)
                            for a, b in zip(get("insee"), get("insee_autres"))]
        out["epci"] += [epci_of.get(str(code), "") for code in get("insee")]
        out["key_figure"] += [None if v is None or pd.isna(v) else float(v) for v in key_values]
        out["unit"] += [t(unit, lang) if unit else ""] * n
        out["mapped"] += mapped
        out["source"] += get("source")
        out["source_date"] += get("source_date")
        out["precision"] += [precision_text.get(p, p) for p in get("precision")]
    table = pd.DataFrame(out if out["layer"] else [], columns=columns)
    return table.rename(columns={c: t(f"table.{c}", lang) for c in columns})


def head_of_layers(filtered: Mapping[str, gpd.GeoDataFrame], limit: int) -> tuple[dict, int]:
    """The asset layers cut to ``limit`` features in all (in catalogue order), and the total count."""
    total = sum(len(filtered[n]) for n in ASSET_LAYERS if filtered.get(n) is not None)
    if total <= limit:
        return dict(filtered), total
    out, left = {k: v for k, v in filtered.items() if k not in ASSET_LAYERS}, limit
    for name in ASSET_LAYERS:
        gdf = filtered.get(name)
        if gdf is None:
            continue
        out[name] = gdf.iloc[:max(left, 0)]
        left -= len(out[name])
    return out, total


def _safe_cell(value):
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def neutralise_formulas(table: pd.DataFrame, keep: tuple[str, ...] = ()) -> pd.DataFrame:
    """The table with every text cell that a spreadsheet would run as a formula prefixed with ``'``
    (OWASP CSV injection); columns in ``keep`` (numbers the app formatted) are left as they are."""
    out = table.copy()
    for col in out.columns:
        if col not in keep and (out[col].dtype == object or pd.api.types.is_string_dtype(out[col].dtype)):
            out[col] = out[col].map(_safe_cell)
    return out


def to_csv(table: pd.DataFrame) -> bytes:
    """CSV for French spreadsheets: `;`-separated, decimal commas, UTF-8 with BOM (Excel in
    French reads the numbers as numbers and the accents right); formulas neutralised."""
    safe = table.map(_safe_cell)
    return safe.to_csv(index=False, sep=";", decimal=",").encode("utf-8-sig")


def to_csv_international(table: pd.DataFrame) -> bytes:
    """Plain CSV: `,`-separated, decimal points, UTF-8 without BOM; formulas neutralised."""
    safe = table.map(_safe_cell)
    return safe.to_csv(index=False, sep=",", decimal=".").encode("utf-8")


def to_geojson(filtered: Mapping[str, gpd.GeoDataFrame]) -> bytes:
    """Every filtered asset feature with all its attributes and a ``couche`` field, EPSG:4326."""
    frames = []
    for layer in ASSET_LAYERS:
        gdf = filtered.get(layer)
        if gdf is not None and not gdf.empty:
            frames.append(gdf.assign(couche=layer))
    if not frames:
        empty = gpd.GeoDataFrame({"couche": []}, geometry=[], crs=WGS84)
        return empty.to_json().encode("utf-8")
    merged = gpd.GeoDataFrame(pd.concat(frames, ignore_index=True), crs=WGS84)
    return merged.to_json(na="null", drop_id=True).encode("utf-8")
