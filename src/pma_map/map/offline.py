"""Serve the scripts and stylesheets folium needs from the app, not from CDNs.

folium names CDN addresses in each element's ``default_js`` / ``default_css``;
streamlit-folium loads exactly those in the browser, so without internet the
map stays blank. ``make assets`` copies the same files (pinned in
package-lock.json) under ``static/vendor/``, which Streamlit serves at
``/app/static/vendor/`` (``server.enableStaticServing``). ``localize`` points
an element tree at those copies and refuses any address it has no copy for.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from branca.element import Element

from pma_map.config import static_dir

#: Folder holding the copies (git-ignored, filled by ``make assets``).
VENDOR_DIR = static_dir() / "vendor"

#: Address of ``VENDOR_DIR`` as the browser sees it (Streamlit static serving).
VENDOR_URL = "/app/static/vendor/"
#: The app's own scripts (:mod:`pma_map.map.mapscript`), served the same way.
APP_SCRIPTS_URL = "/app/static/scripts/"

_FOLIUM_GH = "https://cdn.jsdelivr.net/gh/python-visualization/folium/folium/templates"
_CDNJS = "https://cdnjs.cloudflare.com/ajax/libs"
_JSDELIVR = "https://cdn.jsdelivr.net/npm"

#: Each CDN address folium 0.20 uses for the elements we draw (Map and the
#: plugins MarkerCluster, FastMarkerCluster, Fullscreen; TileLayer, FeatureGroup,
#: GeoJson, tooltips, popups, markers, Icon and LayerControl add none of their
#: own) -> path of its copy under ``VENDOR_DIR``: ``<npm package>/<path in it>``.
LOCAL_COPIES: dict[str, str] = {
    # folium.Map
    f"{_JSDELIVR}/leaflet@1.9.3/dist/leaflet.js": "leaflet/dist/leaflet.js",
    f"{_JSDELIVR}/leaflet@1.9.3/dist/leaflet.css": "leaflet/dist/leaflet.css",
    "https://code.jquery.com/jquery-3.7.1.min.js": "jquery/dist/jquery.min.js",
    f"{_JSDELIVR}/bootstrap@5.2.2/dist/js/bootstrap.bundle.min.js": (
        "bootstrap/dist/js/bootstrap.bundle.min.js"
    ),
    f"{_JSDELIVR}/bootstrap@5.2.2/dist/css/bootstrap.min.css": (
        "bootstrap/dist/css/bootstrap.min.css"
    ),
    # Glyphicons (folium.Icon's default prefix): only the icon rules of
    # Bootstrap 3, cut out by scripts/vendor_assets.py.
    "https://netdna.bootstrapcdn.com/bootstrap/3.0.0/css/bootstrap-glyphicons.css": (
        "bootstrap-3-glyphicons/dist/css/bootstrap-glyphicons.css"
    ),
    f"{_JSDELIVR}/@fortawesome/fontawesome-free@6.2.0/css/all.min.css": (
        "@fortawesome/fontawesome-free/css/all.min.css"
    ),
    f"{_CDNJS}/Leaflet.awesome-markers/2.0.2/leaflet.awesome-markers.js": (
        "drmonty-leaflet-awesome-markers/js/leaflet.awesome-markers.min.js"
    ),
    f"{_CDNJS}/Leaflet.awesome-markers/2.0.2/leaflet.awesome-markers.css": (
        "drmonty-leaflet-awesome-markers/css/leaflet.awesome-markers.css"
    ),
    f"{_FOLIUM_GH}/leaflet.awesome.rotate.min.css": "folium/leaflet.awesome.rotate.min.css",
    # folium.plugins.MarkerCluster and FastMarkerCluster
    f"{_CDNJS}/leaflet.markercluster/1.1.0/leaflet.markercluster.js": (
        "leaflet.markercluster/dist/leaflet.markercluster.js"
    ),
    f"{_CDNJS}/leaflet.markercluster/1.1.0/MarkerCluster.css": (
        "leaflet.markercluster/dist/MarkerCluster.css"
    ),
    f"{_CDNJS}/leaflet.markercluster/1.1.0/MarkerCluster.Default.css": (
        "leaflet.markercluster/dist/MarkerCluster.Default.css"
    ),
    # folium.plugins.Fullscreen (the package ships no .min.js: same code)
    f"{_JSDELIVR}/leaflet.fullscreen@3.0.0/Control.FullScreen.min.js": (
        "leaflet.fullscreen/Control.FullScreen.js"
    ),
    f"{_JSDELIVR}/leaflet.fullscreen@3.0.0/Control.FullScreen.css": (
        "leaflet.fullscreen/Control.FullScreen.css"
    ),
}

_SCRIPT_SRC = re.compile(r"<script\b[^>]*?\bsrc\s*=\s*[\"']([^\"']+)[\"']", re.IGNORECASE)
_LINK_TAG = re.compile(r"<link\b[^>]*>", re.IGNORECASE)
_HREF = re.compile(r"\bhref\s*=\s*[\"']([^\"']+)[\"']", re.IGNORECASE)
_STYLESHEET = re.compile(r"\brel\s*=\s*[\"']?stylesheet", re.IGNORECASE)
_EXTERNAL = re.compile(r"^(?:[a-zA-Z][a-zA-Z0-9+.-]*:|//)")


def local_url(cdn_url: str) -> str:
    """Local address of the copy of ``cdn_url``; ``ValueError`` if there is none."""
    if cdn_url.startswith(VENDOR_URL) or cdn_url.startswith(APP_SCRIPTS_URL):
        return cdn_url
    try:
        return VENDOR_URL + LOCAL_COPIES[cdn_url]
    except KeyError:
        raise ValueError(
            f"no local copy of {cdn_url!r}: add it to package.json, "
            "scripts/vendor_assets.py and pma_map.map.offline.LOCAL_COPIES"
        ) from None


def _walk(element: Element) -> Iterator[Element]:
    yield element
    for child in list(getattr(element, "_children", {}).values()):
        yield from _walk(child)


def localize(element: Element) -> Element:
    """Point every ``default_js`` / ``default_css`` in the tree at local copies.

    Call it on the map and on each FeatureGroup given to ``st_folium``'s
    ``feature_group_to_add``, after adding their children and before rendering.
    Only the instances change (folium's class-level lists stay as they are).
    Raises ``ValueError`` naming any address with no local copy, and for a
    branca ColorMap, for which streamlit-folium loads d3 from a CDN.
    """
    from branca.colormap import ColorMap

    for node in _walk(element):
        if isinstance(node, ColorMap):
            raise ValueError(
                "branca ColorMap makes streamlit-folium load d3 from a CDN "
                "(https://d3js.org/d3.v4.min.js): draw the legend another way"
            )
        for attr in ("default_js", "default_css"):
            links = getattr(node, attr, None)
            if links:
                setattr(node, attr, [(name, local_url(url)) for name, url in links])
    return element


def external_refs(html: str) -> list[str]:
    """Script ``src`` and stylesheet ``href`` in ``html`` not served by the app."""
    refs = _SCRIPT_SRC.findall(html)
    for tag in _LINK_TAG.findall(html):
        href = _HREF.search(tag)
        if href and _STYLESHEET.search(tag):
            refs.append(href.group(1))
    return [ref for ref in refs if _EXTERNAL.match(ref.strip())]


def local_asset_paths() -> list[Path]:
    """Files under ``VENDOR_DIR`` that ``LOCAL_COPIES`` points to."""
    return [VENDOR_DIR / rel for rel in dict.fromkeys(LOCAL_COPIES.values())]
