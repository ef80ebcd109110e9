"""The tile servers the basemaps come from, and which of them may be seeded.

No folium here: :mod:`pma_map.map.basemap` builds its layers from these
addresses and the PDFs read the seeded copies.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

IGN_WMTS = (
    "https://data.geopf.fr/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0"
    "&LAYER={layer}&STYLE=normal&TILEMATRIXSET=PM&FORMAT={fmt}"
    "&TILEMATRIX={{z}}&TILEROW={{y}}&TILECOL={{x}}"
)
OSM_URL = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"

#: Hosts whose tile policy forbids bulk downloads (https://operations.osmfoundation.org/policies/tiles/).
NO_BULK_HOSTS = ("tile.openstreetmap.org", "openstreetmap.org", "openstreetmap.fr")


@dataclass(frozen=True)
class TileSource:
    """A basemap's tile server: key (as in ``basemap.<key>``), URL template, file extension."""

    key: str
    url: str
    ext: str
    seedable: bool
    #: Average size of one tile (kB), used for the estimate before a first seed
    #: (an assumption, stated: urban IGN Plan PNG tiles of 15 to 40 kB, orthophoto
    #: JPEG tiles of 20 to 50 kB). Once tiles are on disk their real average is used.
    avg_kb: float


SOURCES: dict[str, TileSource] = {
    "ign_plan": TileSource("ign_plan", IGN_WMTS.format(layer="GEOGRAPHICALGRIDSYSTEMS.PLANIGNV2", fmt="image/png"),
                           "png", True, 25.0),
    "ign_ortho": TileSource("ign_ortho", IGN_WMTS.format(layer="ORTHOIMAGERY.ORTHOPHOTOS", fmt="image/jpeg"),
                            "jpg", True, 35.0),
    "osm": TileSource("osm", OSM_URL, "png", False, 15.0),
}


def refuses_bulk(url: str) -> bool:
    """True when ``url`` points at a server whose policy forbids bulk downloads (OpenStreetMap's)."""
    host = (urlsplit(url).hostname or "").lower()
    return any(host == h or host.endswith("." + h) for h in NO_BULK_HOSTS)


def get_source(key: str) -> TileSource:
    try:
        return SOURCES[key]
    except KeyError:
        raise ValueError(f"Fond de carte inconnu « {key} » : {', '.join(SOURCES)}.") from None
