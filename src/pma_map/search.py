"""Finding a commune or a site by name, to zoom the map to it."""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass

import geopandas as gpd

from pma_map import framecache
from pma_map.catalogue import ASSET_LAYERS, LAYERS, feature_name
from pma_map.geo import wgs84_points

#: A layer with more features than this is left out of the search menu (a dense layer
#: would send its whole list to the browser on every rerun): type a name or an id instead.
MENU_LAYER_MAX = 2000


@dataclass(frozen=True)
class Place:
    """Something the map can zoom to."""

    label: str
    layer: str
    key: str  # INSEE code or feature id
    lat: float
    lon: float
    zoom: int
    name: str = ""  # the commune's or feature's own name, without the layer


def fold(text: str) -> str:
    """Lower case without accents, for matching "noeux" with "Nœux"."""
    text = str(text).replace("œ", "oe").replace("Œ", "Oe")
    norm = unicodedata.normalize("NFKD", text)
    return "".join(c for c in norm if not unicodedata.combining(c)).lower()


def places(data: Mapping[str, gpd.GeoDataFrame], lang: str = "fr") -> list[Place]:
    """Every commune and every asset feature, communes first, each sorted by name.

    Computed once per set of layer frames (one per version, see
    :mod:`pma_map.framecache`); the list is shared: do not modify it.
    """
    names = sorted(data)
    return framecache.cached(("places", lang, tuple(names)), tuple(data[n] for n in names),
                             lambda: _places(data, lang))


def _places(data: Mapping[str, gpd.GeoDataFrame], lang: str) -> list[Place]:
    out: list[Place] = []
    communes = data["communes"]
    for nom, epci, insee, pt in zip(communes["nom"].tolist(), communes["epci"].tolist(),
                                    communes["insee"].tolist(), wgs84_points(communes)):
        out.append(Place(f"{nom} ({epci})", "communes", str(insee), pt.y, pt.x, 13, str(nom)))
    out.sort(key=lambda p: fold(p.label))
    sites = []
    for name in ASSET_LAYERS:
        gdf = data.get(name)
        if gdf is None or gdf.empty:
            continue
        title = LAYERS[name].title(lang)
        noms = [feature_name(r, lang) for r in gdf.drop(columns="geometry").to_dict("records")]
        for nom, fid, pt in zip(noms, gdf["id"].tolist(), wgs84_points(gdf)):
            sites.append(Place(f"{nom} — {title}", name, str(fid), pt.y, pt.x, 14, str(nom)))
    sites.sort(key=lambda p: fold(p.label))
    return out + sites


def find(query: str, candidates: list[Place]) -> list[Place]:
    """Places whose label contains every word of ``query`` (accents ignored)."""
    words = fold(query).split()
    return [p for p in candidates if all(w in fold(p.label) for w in words)]


def place_for(candidates: list[Place], key: str | None) -> Place | None:
    """The place of a feature id or INSEE code (e.g. ``site=`` of a shared link), or None."""
    if not key:
        return None
    return next((p for p in candidates if p.key == str(key)), None)


def menu(candidates: list[Place], data: Mapping[str, gpd.GeoDataFrame]) -> list[Place]:
    """The places listed in the search menu: all of them but those of dense layers."""
    dense = {name for name in ASSET_LAYERS if name in data and len(data[name]) > MENU_LAYER_MAX}
    if not dense:
        return candidates
    return [p for p in candidates if p.layer not in dense]


def resolve(value, candidates: list[Place]) -> tuple[Place | None, int]:
    """The place for what the search box returned (a listed place or typed text), and how many matched.

    Typed text is looked up as an exact id or INSEE code first, then by the words of the name.
    """
    if value is None:
        return None, 0
    if isinstance(value, Place):
        return value, 1
    text = str(value).strip()
    exact = place_for(candidates, text)
    if exact is not None:
        return exact, 1
    found = find(text, candidates) if text else []
    return (found[0] if found else None), len(found)
