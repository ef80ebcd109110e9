"""The kiosk tour of the SIMI stand: the flagship sites in order, placed from the current layers.

Each stop names the features it frames (by layer and ``id``) and the catalogue
figures it quotes; :func:`plan` turns them into map views, ringed sites and
source lines from the layers as published, so a stop follows a publish and a
stop whose features were removed is left out rather than shown empty.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import geopandas as gpd
import shapely.geometry

from pma_map import population
from pma_map.catalogue import PublishedFigure, feature_name, figures_for
from pma_map.geo import WGS84, wgs84_points
from pma_map.i18n import fmt_num, t
from pma_map.map.view import bounds_of, view_for
from pma_map.parse import parse_number

#: Seconds a stop stays on screen, and the range staff may choose from (URL ``interval``).
INTERVAL_S = 20
INTERVAL_MIN_S = 8
INTERVAL_MAX_S = 120
#: Height of the map in pixels: fits a 1024×768 tablet; a stand screen asks for more (URL ``height``).
HEIGHT_PX = 660
HEIGHT_MIN_PX = 400
HEIGHT_MAX_PX = 2000
#: A stop framing more features than this is shown without a ring on each.
MAX_RINGS = 5
#: Closest zoom of a stop: a single site is shown with its neighbours and roads around it.
MAX_ZOOM = 13


@dataclass(frozen=True)
class Stop:
    """A stop as written: what it frames and which published figures it quotes."""

    key: str  # i18n ``tour.<key>.title`` / ``tour.<key>.text``
    layer: str
    ids: tuple[str, ...] = ()  # features framed; empty: the whole layer
    figures: tuple[str, ...] = ()  # catalogue indicators, newest figure of each


STOPS: tuple[Stop, ...] = (
    # The 4,000 jobs announced by 2025 are the whole territory's (every industrial project since
    # 2020, 2022 report): quoted with the territory, not beside ACC's own 2,000 jobs by 2030.
    Stop("territoire", "communes", (), ("foncier_disponible_ha", "population", "investissement_industriel_eur",
                                        "emplois_annonces")),
    Stop("acc", "zones_activite", ("zae-parc-des-industries",)),
    Stop("delta3", "zones_activite", ("zae-delta3",)),
    Stop("vivalley", "zones_activite", ("zae-vivalley",)),
    Stop("innovation", "parc_innovation", (), ("innovation_sites", "laureats_france_2030")),
    Stop("leforest", "sites_solaires", ("solaire-leforest",), ("solaire_potentiel_gwh",)),
    Stop("parcs", "parcs", (), ("parcs_ha", "voies_vertes_km")),
)


@dataclass(frozen=True)
class Ring:
    """A site to ring on the map: a ring at its point, or its outline when it has an area
    (a ring at a zone's point would frame whatever marker stands there, e.g. a solar roof)."""

    lat: float
    lon: float
    label: str
    outline: dict | None = None  # GeoJSON geometry (WGS84) of a zone; None for a point


@dataclass(frozen=True)
class TourStop:
    """A stop ready to show: its view, rings, sources and figures."""

    key: str
    center: tuple[float, float]
    zoom: int  # for a map of the size given to ``plan``; the kiosk fits ``bounds`` in the browser
    bounds: tuple[tuple[float, float], tuple[float, float]]  # ((south, west), (north, east))
    rings: tuple[Ring, ...]
    sources: tuple[tuple[str, str], ...]  # (source, source_date) of the framed features
    approximate: int  # framed features placed by hand
    figures: tuple[PublishedFigure, ...]

    def title(self, lang: str) -> str:
        return t(f"tour.{self.key}.title", lang)

    def text(self, lang: str) -> str:
        return t(f"tour.{self.key}.text", lang)


def _framed(data: Mapping[str, gpd.GeoDataFrame], stop: Stop) -> gpd.GeoDataFrame:
    frame = data.get(stop.layer)
    if frame is None or frame.empty:
        return gpd.GeoDataFrame(geometry=[], crs=WGS84)
    if stop.ids:
        frame = frame[frame["id"].astype(str).isin(stop.ids)]
    return frame[frame.geometry.notna() & ~frame.geometry.is_empty]


def _rings(frame: gpd.GeoDataFrame, lang: str) -> tuple[Ring, ...]:
    points = wgs84_points(frame)
    outlines = [shapely.geometry.mapping(g) if g.geom_type in ("Polygon", "MultiPolygon") else None
                for g in frame.geometry.to_crs(WGS84)]
    return tuple(Ring(p.y, p.x, str(feature_name(row, lang)), outline)
                 for p, row, outline in zip(points, frame.to_dict("records"), outlines))


def _sources(frame: gpd.GeoDataFrame, lang: str = "fr") -> tuple[tuple[str, str], ...]:
    if "population_annee" in frame.columns:
        # Communes: the population's year and source in citizens' words, in ``lang``.
        cols = [c for c in ("population_annee", "source", "source_date") if c in frame.columns]
        lines = (population.source_line(row, lang) for row in frame[cols].to_dict("records"))
        return tuple((line, "") for line in dict.fromkeys(lines))
    pairs = zip(frame.get("source", []), frame.get("source_date", []))
    return tuple(dict.fromkeys((str(s), str(d or "")) for s, d in pairs if isinstance(s, str) and s.strip()))


def plan(data: Mapping[str, gpd.GeoDataFrame], lang: str = "fr", *, width_px: int = 1000,
         height_px: int = 640, stops: tuple[Stop, ...] = STOPS) -> list[TourStop]:
    """The stops whose features are in ``data``, each with its view for a map of that size."""
    out = []
    for stop in stops:
        frame = _framed(data, stop)
        if frame.empty:
            continue
        box = bounds_of(frame)
        center, zoom = view_for(box, width_px=width_px, height_px=height_px)
        zoom = min(zoom, MAX_ZOOM)
        rings = _rings(frame, lang) if stop.layer != "communes" and len(frame) <= MAX_RINGS else ()
        precision = frame["precision"] if "precision" in frame else []
        figures = tuple(figs[0] for figs in map(figures_for, stop.figures) if figs)
        out.append(TourStop(stop.key, center, zoom, (tuple(box[0]), tuple(box[1])), rings, _sources(frame, lang),
                            int(sum(p == "approximate" for p in precision)), figures))
    return out


def next_index(index: int, count: int, elapsed_s: float, interval_s: float, paused: bool) -> int:
    """The stop to show after ``elapsed_s`` seconds on stop ``index`` (the tour loops).

    A tick that comes a little early (the browser's timer drifts) still moves on:
    anything from 80 % of the interval counts as a full one.
    """
    if count <= 0:
        return 0
    index %= count
    if paused or elapsed_s < 0.8 * interval_s:
        return index
    return (index + 1) % count


def _clamped(raw, default: int, low: int, high: int) -> int:
    try:
        value = parse_number(raw)
    except (TypeError, ValueError):
        return default
    if not math.isfinite(value):
        return default
    return int(min(high, max(low, round(value))))


def interval_from(raw) -> int:
    """Seconds per stop from a URL value, clamped to the allowed range; the default otherwise."""
    return _clamped(raw, INTERVAL_S, INTERVAL_MIN_S, INTERVAL_MAX_S)


def height_from(raw) -> int:
    """Map height in pixels from a URL value (a tablet by default, up to a 4K screen)."""
    return _clamped(raw, HEIGHT_PX, HEIGHT_MIN_PX, HEIGHT_MAX_PX)


def figure_text(fig: PublishedFigure, lang: str) -> str:
    """A published figure as quoted (its note) or as value and unit, in ``lang``."""
    note = fig.note_en if lang == "en" else fig.note_fr
    if note:
        return note
    unit = fig.unit_en if lang == "en" else fig.unit_fr
    return f"{fmt_num(fig.value, lang)} {unit}"
