"""Finding a commune or a site by name, to zoom the map to it."""

from __future__ import annotations

import re
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


#: Ligatures that Unicode does not decompose: spelled out, as a user types them.
_LIGATURES = str.maketrans({"œ": "oe", "Œ": "Oe", "æ": "ae", "Æ": "Ae", "ß": "ss"})
#: Hyphens, dashes, apostrophes and dots: a user types a space (or nothing) instead.
_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015'\u2019`.,/_]+")


def fold(text: str) -> str:
    """Lower case without accents or ligatures, hyphens as spaces: "Nœux-les-Mines" -> "noeux les mines"."""
    norm = unicodedata.normalize("NFKD", str(text).translate(_LIGATURES))
    plain = "".join(c for c in norm if not unicodedata.combining(c)).casefold()
    return _SEPARATORS.sub(" ", plain).strip()


def menu_label(label: str) -> str:
    """A label as listed in a picker, matched by the browser's own filter (lower case only).

    Accented letters are sent decomposed (e + combining accent: drawn the same), so that
    "bethune" matches "Béthune"; a name with a ligature is followed by its spelling without
    it ("Nœux-les-Mines / Noeux-les-Mines"), so that "noeux" matches too.
    """
    text = str(label)
    spelled = text.translate(_LIGATURES)
    if spelled != text:
        name, sep, rest = text.partition(" (")
        text = f"{name} / {name.translate(_LIGATURES)}{sep}{rest}"
    return unicodedata.normalize("NFD", text)


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


def _rank(query: str, place: Place) -> int:
    """0 the name itself, 1 a name starting with it, 2 a word of the name starting with it, 3 elsewhere."""
    name = fold(place.name or place.label)
    if name == query:
        return 0
    if name.startswith(query):
        return 1
    if f" {query}" in f" {name}":
        return 2
    return 3


#: Folded labels of the last few lists of places (the lists of :func:`places` are shared, one
#: per version): a dense layer's 100,000 labels are folded once, not on every typed search.
_FOLDED: dict[int, tuple[list[Place], list[str]]] = {}
_FOLDED_MAX = 4


def _folded_labels(candidates: list[Place]) -> list[str]:
    entry = _FOLDED.get(id(candidates))
    if entry is not None and entry[0] is candidates and len(entry[1]) == len(candidates):
        return entry[1]
    folded = [fold(p.label) for p in candidates]
    if len(_FOLDED) >= _FOLDED_MAX:
        _FOLDED.pop(next(iter(_FOLDED)))
    _FOLDED[id(candidates)] = (candidates, folded)
    return folded


def find(query: str, candidates: list[Place]) -> list[Place]:
    """Places whose label contains every word of ``query`` (case, accents, ligatures and hyphens
    ignored), the closest first: the exact name, then names starting with it, then the others."""
    folded = fold(query)
    words = folded.split()
    if not words:
        return []
    found = [p for p, label in zip(candidates, _folded_labels(candidates)) if all(w in label for w in words)]
    return sorted(found, key=lambda p: _rank(folded, p))  # stable: communes, then by name


def place_for(candidates: list[Place], key: str | None) -> Place | None:
    """The place of a feature id or INSEE code (e.g. ``site=`` of a shared link), or None."""
    if not key:
        return None
    return next((p for p in candidates if p.key == str(key)), None)


def dense_layers(data: Mapping[str, gpd.GeoDataFrame]) -> set[str]:
    """Asset layers with more than ``MENU_LAYER_MAX`` features: searched by typed text, not listed."""
    return {name for name in ASSET_LAYERS if name in data and len(data[name]) > MENU_LAYER_MAX}


def listed_places(data: Mapping[str, gpd.GeoDataFrame], lang: str = "fr") -> list[Place]:
    """The places of the search menu (``menu(places(data), data)``) without building a dense layer's
    places: those are built by :func:`places` only when typed text or a link asks for them (for a
    500,000-parcel cadastre that took about 8 s of the first visit after each publish)."""
    dense = dense_layers(data)
    if not dense:
        return places(data, lang)
    return places({name: gdf for name, gdf in data.items() if name not in dense}, lang)


def menu(candidates: list[Place], data: Mapping[str, gpd.GeoDataFrame]) -> list[Place]:
    """The places listed in the search menu: all of them but those of dense layers."""
    dense = dense_layers(data)
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


def best_key(query: str, names: Mapping[str, str]) -> str | None:
    """The key of the name that best matches typed text (``{code: name}``), or None.

    An exact name (case, accents, ligatures and hyphens ignored) wins over a name that starts
    with the text, which wins over one that contains it; ties keep the order of ``names``.
    """
    folded = fold(query)
    if not folded:
        return None
    if query in names:
        return query
    ranked = [(_rank(folded, Place(n, "", k, 0.0, 0.0, 0, n)), i, k) for i, (k, n) in enumerate(names.items())
              if all(w in fold(n) for w in folded.split())]
    return min(ranked)[2] if ranked else None


def commune_of(place: Place, data: Mapping[str, gpd.GeoDataFrame]) -> str | None:
    """The INSEE code of the commune a place is in (a commune's own code), or None."""
    if place.layer == "communes":
        return place.key
    gdf = data.get(place.layer)
    if gdf is None or "insee" not in gdf:
        return None
    rows = gdf.loc[gdf["id"].astype(str) == place.key, "insee"]
    code = rows.iloc[0] if len(rows) else None
    return str(code) if isinstance(code, str) and code else None


def shown_by(place: Place, filtered: Mapping[str, gpd.GeoDataFrame]) -> bool:
    """True when the filtered layers still hold the place (else the map does not show it)."""
    if place.layer == "communes":
        return place.key in set(filtered["communes"]["insee"].astype(str))
    gdf = filtered.get(place.layer)
    return gdf is not None and not gdf.empty and place.key in set(gdf["id"].astype(str))
