"""Dense layers as immutable files the map fetches once; a rerun sends only the selection.

streamlit-folium carries a map's layers in the component's arguments, so every
rerun re-sent a whole dense layer (10,000 polygons + 100,000 points: 10.6 MB
per filter change). A layer above ``STATIC_MIN_FEATURES`` features is instead:

- written once per layer version and language as a file under the app's static
  folder (``static/layers/<layer>-<checksum>-<lang>.json``: the checksum is the
  sha256 of the file's content, so a name never changes meaning; written
  atomically by :mod:`pma_map.fileio`), holding the whole layer in the packed
  form of :mod:`pma_map.map.packed` (coordinates, tooltip and popup pieces);
- referred to on each rerun by a small element (:class:`FileLayer`) carrying the
  file's address, which rows are shown (:func:`encode_selection`: a bitmask or
  runs of rows, whichever is shorter; nothing when every row is shown) and
  the styles of those rows (a table and runs of indexes, :func:`encode_runs`).

The map iframe is not remounted on reruns (constant base map), so the loader
(:data:`LOADER_JS`, added once to the base map by :class:`FileLayerLoader`)
keeps each fetched file, decoded, on the iframe's ``window``: a filter change
fetches nothing and sends a few kilobytes. Popups, tooltips and styles are the
same as the inline packed layers (``window.pmaEach``, ``window.pmaRenderPopup``);
point layers above ``cluster.CLUSTER_THRESHOLD`` stay marker clusters.
"""

from __future__ import annotations

import base64
import os
from dataclasses import dataclass
from pathlib import Path

import folium
import geopandas as gpd
import numpy as np
from branca.element import MacroElement
from folium.elements import JSCSSMixin
from folium.plugins import MarkerCluster
from folium.template import Template

from pma_map import fileio, framecache
from pma_map.catalogue import ASSET_LAYERS, LAYERS
from pma_map.config import static_dir
from pma_map.errors import PmaError
from pma_map.i18n import fmt_num, t
from pma_map.map import cluster, overlays, packed, prepare, vector_tiles
from pma_map.map.offline import VENDOR_URL
from pma_map.map.styles import density_classes, styles

#: A layer with more features than this travels as a file (benchmarks/README.md;
#: ``PMA_MAP_STATIC_MIN_FEATURES`` overrides it, for the benchmark's ablation).
STATIC_MIN_FEATURES = int(os.environ.get("PMA_MAP_STATIC_MIN_FEATURES") or 2_000)
#: ``PMA_MAP_GLIFY=1``: polygon layers drawn from files are drawn by WebGL (leaflet.glify)
#: rather than on Leaflet's canvas. Off by default: in the benchmark (headless Chromium,
#: no GPU, software WebGL) pans were slower than on the canvas (benchmarks/README.md).
GLIFY = os.environ.get("PMA_MAP_GLIFY", "0") == "1"
#: The glify script, copied from npm by ``scripts/vendor_assets.py``.
GLIFY_JS = VENDOR_URL + "leaflet.glify/dist/glify-browser.js"
#: Files kept per layer and language (the newest): pages opened before a publication
#: can still fetch the version they show; older ones are removed.
KEEP_FILES = 3
#: Address under which Streamlit serves ``static/`` (``server.enableStaticServing``).
LAYERS_URL = "/app/static/layers/"


def layers_dir() -> Path:
    """Folder of the layer files (git-ignored; rebuilt from the layers when missing)."""
    return static_dir() / "layers"


@dataclass(frozen=True)
class LayerFile:
    """A layer version written as a file: its address, rows, kind and checksum."""

    name: str
    lang: str
    path: Path
    url: str
    rows: int
    kind: str  # "features" (GeoJSON, packed) or "cluster" (packed marker cluster)
    checksum: str
    size: int


def is_clustered(name: str, rows: int) -> bool:
    return LAYERS[name].geometry == "Point" and rows > cluster.CLUSTER_THRESHOLD


def layer_document(whole: prepare.PreparedLayer) -> dict:
    """The whole prepared layer in the packed form the loader expands (no styles)."""
    n = len(whole.ids)
    if is_clustered(whole.name, n):
        doc = cluster.pack_cluster(whole.name, whole.latlon, whole.popup_parts.tolist())
        doc["id"] = whole.ids.tolist()
        return {"kind": "cluster", **doc}
    strings = packed.Interner()
    return {
        "kind": "features", "key": whole.name, "id": whole.ids.tolist(), "g": whole.encoded.tolist(),
        "t": [packed.encode_indexes(strings.add_all(p)) for p in whole.tooltips.tolist()],
        "p": [packed.encode_indexes(strings.add_all(p)) for p in whole.popup_parts.tolist()],
        "T": strings.values,
    }


def write_layer_file(whole: prepare.PreparedLayer, folder: Path | None = None) -> LayerFile:
    """Write the layer's file if no file of that content exists yet; its description."""
    folder = Path(folder) if folder is not None else layers_dir()
    doc = layer_document(whole)
    path, checksum, size = fileio.write_content_named(folder, whole.name, whole.lang, doc, KEEP_FILES)
    return LayerFile(name=whole.name, lang=whole.lang, path=path, url=LAYERS_URL + path.name,
                     rows=len(whole.ids), kind=doc["kind"], checksum=checksum, size=size)


def prune(folder: Path, name: str, lang: str, keep: int = KEEP_FILES) -> list[Path]:
    """Remove all but the ``keep`` newest files of layer ``name`` in ``lang``; the removed paths."""
    return fileio.keep_newest(folder, name, lang, keep)


def cached_layer_file(name: str, layer: gpd.GeoDataFrame, lang: str, all_communes: gpd.GeoDataFrame,
                      folder: Path | None = None) -> LayerFile:
    """The file of the current version of ``name`` in ``lang``, written once per version
    (and again if someone removed it)."""
    def compute() -> LayerFile:
        return write_layer_file(prepare.cached_layer(name, layer, lang, all_communes), folder)

    tag = ("layer_file", name, lang, str(folder) if folder else None)
    found = framecache.cached(tag, (layer, all_communes), compute)
    if not found.path.exists():
        found = write_layer_file(prepare.cached_layer(name, layer, lang, all_communes), folder)
    return found


# --- what a rerun sends ----------------------------------------------------------

def encode_selection(rows: np.ndarray, n: int) -> str:
    """Which of the ``n`` rows are shown: ``""`` for all of them, ``"b"`` + a base64
    bitmask (row ``i`` is bit ``i % 8`` of byte ``i // 8``), or ``"r"`` + runs
    (gap before each run of shown rows, then its length, :func:`packed.encode_ints`),
    whichever is shorter."""
    rows = np.unique(np.asarray(rows, dtype=np.int64))
    if len(rows) == n:
        return ""
    mask = np.zeros(n, dtype=bool)
    mask[rows] = True
    bits = "b" + base64.b64encode(np.packbits(mask, bitorder="little").tobytes()).decode("ascii")
    if not len(rows):
        return "r"
    breaks = np.flatnonzero(np.diff(rows) != 1) + 1
    starts = rows[np.r_[0, breaks]]
    ends = rows[np.r_[breaks - 1, len(rows) - 1]] + 1
    gaps = starts - np.r_[0, ends[:-1]]
    values = np.column_stack([gaps, ends - starts]).ravel()
    runs = "r" + packed.encode_int_array(values)[0]
    return runs if len(runs) < len(bits) else bits


def decode_selection(text: str, n: int) -> list[int]:
    """Inverse of :func:`encode_selection` (the loader reads it the same way)."""
    if text == "":
        return list(range(n))
    if text[0] == "b":
        bits = np.unpackbits(np.frombuffer(base64.b64decode(text[1:]), dtype=np.uint8),
                             bitorder="little")[:n]
        return np.flatnonzero(bits).tolist()
    out, pos, values = [], 0, packed.decode_ints(text[1:])
    for gap, length in zip(values[::2], values[1::2]):
        pos += gap
        out.extend(range(pos, pos + length))
        pos += length
    return out


def encode_runs(values: list[int]) -> str:
    """A list of small integers as (value, repeat) pairs, encoded: constant styles cost nothing."""
    pairs: list[int] = []
    for v in values:
        if pairs and pairs[-2] == v:
            pairs[-1] += 1
        else:
            pairs += [v, 1]
    return packed.encode_ints(pairs)


def decode_runs(text: str) -> list[int]:
    values = packed.decode_ints(text)
    return [v for v, k in zip(values[::2], values[1::2]) for _ in range(k)]


def selection_spec(layer_file: LayerFile, rows: np.ndarray, styles: list[dict] | None,
                   title: str, point_style: dict | None) -> dict:
    """What one rerun sends for a file layer (``styles``: of the shown rows, in ``rows`` order)."""
    order = np.argsort(rows, kind="stable")
    spec: dict = {"url": layer_file.url, "key": layer_file.name, "kind": layer_file.kind,
                  "n": layer_file.rows, "sel": encode_selection(rows, layer_file.rows), "title": title}
    if styles is not None:
        table = packed.Interner()
        indexes = table.add_all([styles[i] for i in order.tolist()])
        spec["S"], spec["s"] = table.values, encode_runs(indexes)
    if point_style is not None:
        spec["point"] = point_style
    return spec


class FileLayer(JSCSSMixin, MacroElement):
    """A layer drawn from its file by the loader: only the selection travels on a rerun
    (a clustered layer loads the marker cluster plugin, as folium's ``MarkerCluster``)."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = window.pmaFileLayer({{ this.spec|tojson }},
            {{ this._parent.get_name() }});
        {% endmacro %}
    """)

    def __init__(self, spec: dict):
        super().__init__()
        self._name = "FileLayer"
        self.spec = spec
        clustered = spec.get("kind") == "cluster"
        self.default_js = list(MarkerCluster.default_js) if clustered else []
        self.default_css = list(MarkerCluster.default_css) if clustered else []
        if spec.get("kind") == "tiles":
            self.default_js += [(name, VENDOR_URL + path) for name, path in vector_tiles.VENDOR_JS]
        if spec.get("gl"):
            self.default_js.append(("leaflet.glify", GLIFY_JS))


_LOADER_TEMPLATE = """
(function () {
    if (window.pmaFileLayer) { return; }
    var files = window.pmaFiles = window.pmaFiles || {};
    window.pmaFetches = 0;
    function load(url) {
        if (!files[url]) {
            window.pmaFetches += 1;
            files[url] = fetch(url, {cache: 'force-cache'}).then(function (r) {
                if (!r.ok) { throw new Error(r.status + ' ' + url); }
                return r.json();
            }).then(function (doc) {
                if (doc.kind === 'cluster') { doc.pos = window.pmaRun(doc.xy); }
                else { doc.geo = doc.g.map(function (g) { return g ? window.pmaGeometry(g) : null; }); }
                return doc;
            });
            files[url].catch(function () { delete files[url]; });
        }
        return files[url];
    }
    function ints(s) { return window.pmaInts(s); }
    function selection(text, n) {
        var out = [], i;
        if (text === '') { for (i = 0; i < n; i++) { out.push(i); } return out; }
        if (text[0] === 'b') {
            var b = atob(text.slice(1));
            for (i = 0; i < n; i++) { if (b.charCodeAt(i >> 3) & (1 << (i & 7))) { out.push(i); } }
            return out;
        }
        var v = ints(text.slice(1)), pos = 0;
        for (i = 0; i < v.length; i += 2) {
            pos += v[i];
            for (var j = 0; j < v[i + 1]; j++) { out.push(pos + j); }
            pos += v[i + 1];
        }
        return out;
    }
    function runs(text) {
        var v = ints(text || ''), out = [];
        for (var i = 0; i < v.length; i += 2) { for (var j = 0; j < v[i + 1]; j++) { out.push(v[i]); } }
        return out;
    }
    function rgb(hex) {
        var h = String(hex || '#3388ff').replace('#', '');
        if (h.length === 3) { h = h[0] + h[0] + h[1] + h[1] + h[2] + h[2]; }
        var v = parseInt(h, 16);
        return {r: ((v >> 16) & 255) / 255, g: ((v >> 8) & 255) / 255, b: (v & 255) / 255};
    }
    /* Polygons drawn by WebGL (leaflet.glify), wrapped in a Leaflet layer so that the
       feature group adds and removes them; popups and tooltips as the canvas layers. */
    var GlShapes = L.Layer.extend({
        initialize: function (spec) { this.spec = spec; this.pmaIds = []; this.pmaDrawn = false; },
        setData: function (features, S) { this.features = features; this.S = S; this._draw(); },
        onAdd: function (map) { this._map = map; this._draw(); },
        onRemove: function () { if (this.gl) { this.gl.remove(); this.gl = null; } this.pmaDrawn = false; },
        _draw: function () {
            if (!this._map || !this.features || this.gl) { return; }
            var spec = this.spec, S = this.S, map = this._map, first = S[0] || {};
            var colors = S.map(function (s) { return rgb(s.fillColor || s.color); });
            var tip = L.tooltip({sticky: true});
            this.gl = L.glify.shapes({
                map: map, data: {type: 'FeatureCollection', features: this.features},
                latitudeKey: 1, longitudeKey: 0, border: true, borderOpacity: 0.8,
                opacity: first.fillOpacity === undefined ? 0.5 : first.fillOpacity,
                color: function (i, f) { return colors[f.properties.s] || colors[0]; },
                click: function (e, f) {
                    L.popup({maxWidth: 380}).setLatLng(e.latlng).setContent(
                        window.pmaRenderPopup(window.pmaPieces(spec.key, f.properties.p))).openOn(map);
                    return false;
                },
                hover: function (e, f) {
                    tip.setLatLng(e.latlng).setContent(window.pmaPieces(spec.key, f.properties.t).join(''));
                    if (!map.hasLayer(tip)) { tip.addTo(map); }
                },
                hoverOff: function () { map.removeLayer(tip); }
            });
            this.pmaIds = this.features.map(function (f) { return f.properties.id; });
            this.pmaDrawn = true;
        }
    });
    window.pmaSelection = selection;
    window.pmaRuns = runs;
    window.pmaFileLayer = function (spec, parent) {
        if (spec.kind === 'tiles') { return window.pmaTileLayer(spec, parent); }
        var rows = selection(spec.sel, spec.n), styles = runs(spec.s), S = spec.S || [], layer;
        if (spec.kind === 'cluster') {
            layer = L.markerClusterGroup({chunkedLoading: true, disableClusteringAtZoom: 18});
        } else if (spec.gl) {
            layer = new GlShapes(spec);
        } else {
            layer = L.geoJson(null, {
                style: function (f) { return S[f.properties.s]; },
                pointToLayer: function (f, latlng) { return L.circleMarker(latlng, spec.point || {}); },
                onEachFeature: function (f, l) { window.pmaEach(f, l); }
            });
        }
        layer.addTo(parent);
        layer.pmaReady = load(spec.url).then(function (doc) {
            window.pmaTables[spec.key] = {strings: doc.T, styles: S};
            if (spec.kind === 'cluster') {
                var markers = new Array(rows.length), popup = function (m) {
                    return window.pmaRenderPopup(window.pmaPieces(spec.key, m.pmaP));
                };
                for (var k = 0; k < rows.length; k++) {
                    var i = rows[k], p = doc.pos[i];
                    var m = L.circleMarker([p[1], p[0]], spec.point || {});
                    m.pmaP = doc.p[i];
                    m.pmaId = doc.id[i];
                    m.bindPopup(popup, {maxWidth: 380});
                    markers[k] = m;
                }
                layer.addLayers(markers);
                return layer;
            }
            var features = [];
            for (var k2 = 0; k2 < rows.length; k2++) {
                var r = rows[k2];
                if (!doc.geo[r]) { continue; }
                features.push({type: 'Feature', geometry: doc.geo[r],
                               properties: {id: doc.id[r], t: doc.t[r], p: doc.p[r], s: styles[k2],
                                            key: spec.key}});
            }
            if (spec.gl) { layer.setData(features, S); return layer; }
            layer.addData({type: 'FeatureCollection', features: features});
            return layer;
        });
        return layer;
    };
})();
"""
#: Run once per map (after ``packed.DECODER_JS``): fetches, keeps and draws file layers.
LOADER_JS = "\n".join(line.strip() for line in _LOADER_TEMPLATE.strip().splitlines())


class FileLayerLoader(MacroElement):
    """Adds :data:`LOADER_JS` to a map (constant: the iframe stays across reruns)."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        {{ this.code }}
        {% endmacro %}
    """)

    def __init__(self):
        super().__init__()
        self._name = "FileLayerLoader"
        self.code = LOADER_JS + "\n" + vector_tiles.TILES_JS


# --- the overlays of a rerun ------------------------------------------------------

def file_group(name: str, gdf: gpd.GeoDataFrame, lang: str, layer_file: LayerFile,
               whole: prepare.PreparedLayer, color_mode: str = "epci",
               classes: list[float] | None = None) -> folium.FeatureGroup:
    """The feature group of a file layer: the selection of ``gdf``'s rows and their styles."""
    spec = LAYERS[name]
    title = spec.title(lang)
    group = folium.FeatureGroup(name=title, show=True)
    if gdf.empty:
        return group
    rows = whole.rows(gdf)
    if layer_file.kind == "cluster":
        sent = selection_spec(layer_file, rows, None, title, cluster.marker_style(name))
    else:
        point = None
        if spec.geometry == "Point":
            point = {"radius": spec.style.get("radius", 8), "weight": 2, "fill": True, "fillOpacity": 0.9}
        sent = selection_spec(layer_file, rows, styles(name, gdf, color_mode, classes), title, point)
        sent["gl"] = GLIFY and spec.geometry in ("Polygon", "MultiPolygon")
    FileLayer(sent).add_to(group)
    return group


def tiled_group(name: str, gdf: gpd.GeoDataFrame, lang: str, tl: vector_tiles.TileLayer,
                rows: np.ndarray, color_mode: str = "epci",
                classes: list[float] | None = None) -> folium.FeatureGroup:
    """The feature group of a layer drawn from vector tiles: the selection and its styles."""
    spec = LAYERS[name]
    title = spec.title(lang)
    group = folium.FeatureGroup(name=title, show=True)
    if gdf.empty:
        return group
    point = cluster.marker_style(name) if spec.geometry == "Point" else None
    hint = t("tiles.zoom_hint", lang, layer=title, count=fmt_num(len(gdf), lang), zoom=tl.min_zoom + 1)
    sent = vector_tiles.tile_spec(tl, rows, styles(name, gdf, color_mode, classes), title, point, hint, name)
    sent["kind"] = "tiles"
    FileLayer(sent).add_to(group)
    return group


def overlays_with_files(filtered, lang: str = "fr", color_mode: str = "epci", all_communes=None, *,
                        data=None, folder: Path | None = None,
                        min_features: int | None = None,
                        with_popup_files: bool = False) -> list[folium.FeatureGroup]:
    """:func:`pma_map.map.overlays.overlays`, with every layer of more than ``min_features``
    (default ``STATIC_MIN_FEATURES``) features in ``data`` drawn from its file.

    Show them on a base map carrying :class:`FileLayerLoader` (after the packed decoder), or
    loading the script file of :mod:`pma_map.map.mapscript`. ``with_popup_files``: see
    :func:`pma_map.map.overlays.overlays`.
    """
    limit = STATIC_MIN_FEATURES if min_features is None else min_features
    if vector_tiles.TILES and min_features is None:
        limit = min(limit, vector_tiles.TILES_MIN_FEATURES)
    dense = [n for n in ASSET_LAYERS if n in filtered and data is not None and n in data
             and len(data[n]) > limit]
    if not dense:
        return overlays.overlays(filtered, lang, color_mode, all_communes, data=data,
                                 with_popup_files=with_popup_files)
    reference = all_communes if all_communes is not None else filtered["communes"]
    light = {n: gdf for n, gdf in filtered.items() if n not in dense}
    groups = overlays.overlays(light, lang, color_mode, all_communes, data=data,
                               with_popup_files=with_popup_files)
    by_name = dict(zip(["communes", *[n for n in ASSET_LAYERS if n in light]], groups))
    classes = density_classes(reference) if color_mode == "density" else None
    for name in dense:
        if vector_tiles.TILES and len(data[name]) > vector_tiles.TILES_MIN_FEATURES:
            rows = framecache.same_rows(np.asarray(data[name].geometry.values, dtype=object),
                                        data[name].index, filtered[name])
            if rows is not None:
                try:
                    tl = vector_tiles.cached_tile_layer(name, data[name], lang, reference, folder)
                except (OSError, PmaError):  # no tiles (no tippecanoe, folder not writable): files
                    tl = None
                if tl is not None:
                    by_name[name] = tiled_group(name, filtered[name], lang, tl, rows, color_mode, classes)
                    continue
        whole = prepare.cached_layer(name, data[name], lang, reference)
        layer_file = None
        if whole.covers(filtered[name]):
            try:
                layer_file = cached_layer_file(name, data[name], lang, reference, folder)
            except OSError:  # static folder not writable: the map still shows the layer, inline
                layer_file = None
        if layer_file is not None:
            by_name[name] = file_group(name, filtered[name], lang, layer_file, whole, color_mode, classes)
        else:  # not a filtered copy of the current version (or no file): drawn inline, as before
            names = dict(zip(reference["insee"].astype(str), reference["nom"]))
            by_name[name] = overlays.overlay_group(name, filtered[name], lang, names)
    return [by_name[n] for n in ["communes", *ASSET_LAYERS] if n in by_name]


def prepare_versions(data, lang: str = "fr", all_communes=None, *, folder: Path | None = None) -> None:
    """What :func:`overlays_with_files` keeps per layer version, made for every layer of ``data``,
    shown or not (a server's warm-up: a link that ticks a dense layer finds it ready). Only
    the per-version parts (tiles found or built, preparations, files), not a rerun's selection."""
    reference = all_communes if all_communes is not None else data["communes"]
    limit = STATIC_MIN_FEATURES
    if vector_tiles.TILES:
        limit = min(limit, vector_tiles.TILES_MIN_FEATURES)
    for name in ["communes", *ASSET_LAYERS]:
        if name not in data:
            continue
        layer = data[name]
        if name == "communes" or len(layer) <= limit:
            prepare.cached_layer(name, layer, lang, reference)
            continue
        if vector_tiles.TILES and len(layer) > vector_tiles.TILES_MIN_FEATURES:
            try:
                vector_tiles.cached_tile_layer(name, layer, lang, reference, folder)
                continue
            except (OSError, PmaError):
                pass
        try:
            cached_layer_file(name, layer, lang, reference, folder)
        except OSError:
            prepare.cached_layer(name, layer, lang, reference)
