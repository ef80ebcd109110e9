"""Filters applied together to the map, the indicators and the table.

Pure functions: they take GeoDataFrames and a :class:`Filters` value and
return new frames; nothing here reads files or knows about Streamlit.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields, replace

import geopandas as gpd
import pandas as pd

from pma_map.catalogue import ASSET_LAYERS, EPCI_CODES, SOLAR_STATUSES, VOCATIONS
from pma_map.errors import PmaError
from pma_map.parse import parse_number

ALL_ASSET_LAYERS = tuple(ASSET_LAYERS)
DEFAULT_LAYERS = tuple(name for name, spec in ASSET_LAYERS.items() if spec.shown_by_default)


@dataclass(frozen=True)
class Filters:
    """What the user asked to see. Empty tuples mean "no restriction"."""

    epci: tuple[str, ...] = ()
    communes: tuple[str, ...] = ()  # INSEE codes
    layers: tuple[str, ...] = DEFAULT_LAYERS
    vocations: tuple[str, ...] = ()
    min_available_ha: float = 0.0
    solar_statuses: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        _check_choices("agglomération", "conurbation", self.epci, EPCI_CODES)
        _check_choices("couche", "layer", self.layers, ALL_ASSET_LAYERS)
        _check_choices("vocation", "purpose", self.vocations, VOCATIONS)
        _check_choices("statut solaire", "solar status", self.solar_statuses, SOLAR_STATUSES)
        if self.min_available_ha < 0:
            raise PmaError("negative_min_area")

    # --- URL round trip ---------------------------------------------------
    def to_query(self) -> dict[str, str]:
        """Query-string parameters for this filter; defaults are left out."""
        out: dict[str, str] = {}
        default = Filters()
        for f in fields(self):
            value = getattr(self, f.name)
            if value == getattr(default, f.name):
                continue
            if isinstance(value, tuple):
                out[f.name] = ",".join(value) if value else "-"
            else:
                out[f.name] = f"{value:g}"
        return out

    @classmethod
    def from_query(cls, params: Mapping[str, str]) -> Filters:
        """Read a filter from query parameters, dropping unknown values.

        A shared link must always open: values that are no longer valid
        (a renamed layer, a typo) are ignored rather than refused.
        """
        def tup(key: str, allowed: Iterable[str] | None, default: tuple) -> tuple[str, ...]:
            raw = params.get(key)
            if raw is None:
                return default
            if raw == "-":
                return ()
            items = [v.strip() for v in str(raw).split(",") if v.strip()]
            if allowed is not None:
                allowed = set(allowed)
                items = [v for v in items if v in allowed]
            return tuple(dict.fromkeys(items))

        try:
            min_ha = max(0.0, parse_number(params.get("min_available_ha", "0")))
        except ValueError:
            min_ha = 0.0
        return cls(
            epci=tup("epci", EPCI_CODES, ()),
            communes=tuple(c for c in tup("communes", None, ()) if c.isalnum() and len(c) == 5),
            layers=tup("layers", ALL_ASSET_LAYERS, DEFAULT_LAYERS),
            vocations=tup("vocations", VOCATIONS, ()),
            min_available_ha=min_ha,
            solar_statuses=tup("solar_statuses", SOLAR_STATUSES, ()),
        )

    def with_(self, **changes) -> Filters:
        return replace(self, **changes)


def _check_choices(what: str, what_en: str, values: tuple[str, ...], allowed: Iterable[str]) -> None:
    allowed = tuple(allowed)
    bad = [v for v in values if v not in allowed]
    if bad:
        raise PmaError("unknown_filter_value", what=what, what_en=what_en, bad=", ".join(bad),
                       allowed=", ".join(allowed))


def filter_communes(communes: gpd.GeoDataFrame, f: Filters) -> gpd.GeoDataFrame:
    """Communes kept by the agglomeration and commune filters."""
    mask = pd.Series(True, index=communes.index)
    if f.epci:
        mask &= communes["epci"].isin(f.epci)
    if f.communes:
        mask &= communes["insee"].isin(f.communes)
    return communes[mask].copy()


def communes_for_epci(communes: gpd.GeoDataFrame, epci: Iterable[str]) -> gpd.GeoDataFrame:
    """Communes of the given agglomerations (all when none is given), sorted by name."""
    epci = tuple(epci)
    sub = communes[communes["epci"].isin(epci)] if epci else communes
    return sub.sort_values("nom")


def commune_codes(row: Mapping) -> list[str]:
    """INSEE codes of a feature: its commune first, then its other communes."""
    codes = [row.get("insee"), *str(_text(row.get("insee_autres"))).split(";")]
    return [str(c).strip() for c in codes if _text(c).strip()]


def _text(value) -> str:
    if value is None or (isinstance(value, float) and value != value):  # None or NaN
        return ""
    return str(value)


def in_communes(gdf: gpd.GeoDataFrame, insee: Iterable[str]) -> pd.Series:
    """Mask of features whose commune, or one of their other communes, is in ``insee``."""
    wanted = set(insee)
    main = gdf["insee"].astype(str).isin(wanted)
    if "insee_autres" not in gdf.columns:
        return main
    raw = gdf["insee_autres"]
    present = raw.notna()
    others = pd.Series(False, index=gdf.index)
    if present.any():  # most features lie in one commune: only parse the others
        others[present] = raw[present].astype(str).map(
            lambda s: any(code.strip() in wanted for code in s.split(";") if code.strip())
        )
    return main | others


def filter_layer(name: str, gdf: gpd.GeoDataFrame, insee: Iterable[str], f: Filters) -> gpd.GeoDataFrame:
    """Features of asset layer ``name`` kept by the filter, for the given communes."""
    if name not in f.layers:
        return gdf.iloc[0:0].copy()
    mask = in_communes(gdf, insee)
    if name == "zones_activite":
        if f.vocations:
            mask &= gdf["vocation"].isin(f.vocations)
        if f.min_available_ha > 0:
            avail = pd.to_numeric(gdf["surface_disponible_ha"], errors="coerce")
            mask &= avail >= f.min_available_ha
    if name == "sites_solaires" and f.solar_statuses:
        mask &= gdf["statut"].isin(f.solar_statuses)
    return gdf[mask].copy()


def apply_filters(data: Mapping[str, gpd.GeoDataFrame], f: Filters) -> dict[str, gpd.GeoDataFrame]:
    """Apply ``f`` to every layer of ``data`` (which holds ``communes``)."""
    communes = filter_communes(data["communes"], f)
    insee = communes["insee"].tolist()
    out = {"communes": communes}
    for name, gdf in data.items():
        if name != "communes":
            out[name] = filter_layer(name, gdf, insee, f)
    return out


def territory_selection(data: Mapping[str, gpd.GeoDataFrame], f: Filters,
                        filtered: Mapping[str, gpd.GeoDataFrame] | None = None) -> dict[str, gpd.GeoDataFrame]:
    """What the indicators count: ``f`` applied with every layer on.

    Which layers are drawn is a display choice; the territory (agglomerations,
    communes) and the attribute filters (vocations, minimum land, solar status)
    are what the figures describe. ``filtered``: ``apply_filters(data, f)`` when
    already made; its shown layers are reused, only the hidden ones are filtered.
    """
    if filtered is None:
        return apply_filters(data, f.with_(layers=ALL_ASSET_LAYERS))
    every = f.with_(layers=ALL_ASSET_LAYERS)
    insee = filtered["communes"]["insee"].tolist()
    return {name: (gdf if name == "communes" or name in f.layers else filter_layer(name, data[name], insee, every))
            for name, gdf in filtered.items()}


def unpublished_available(zones: gpd.GeoDataFrame) -> int:
    """How many zones have no published available land."""
    return int(pd.to_numeric(zones["surface_disponible_ha"], errors="coerce").isna().sum())
