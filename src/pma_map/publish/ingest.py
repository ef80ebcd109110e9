"""Reading an uploaded file into a GeoDataFrame in EPSG:4326, through pyogrio/GDAL.

Uploads are untrusted. GDAL is hardened before any file is opened (no network
access, no directory listing, no VRT, no Python in VRT); the format is
recognised from the name and the first bytes and must be in an allow-list of
drivers, which is checked again on what GDAL actually opened. Zip archives are
extracted here, member by member, counting the bytes really read (the sizes
written in the archive are never trusted).

Every refusal is an ``IngestError`` carrying a code and a French message
(via the i18n catalogue) naming the problem and the fix.

Limits are set before the expensive work (GDAL's advice for untrusted files):
file size, fields per feature (a GeoJSON is scanned before GDAL builds its
schema), features counted for real (a GeoPackage's declared count is not
trusted, views are refused), vertices and text length. The read itself runs in
a separate process (``forkserver``) that is killed when it overruns
``READ_TIMEOUT_S``, so a hostile file never ties up the app.
"""

from __future__ import annotations

import json
import multiprocessing
import re
import shutil
import sqlite3
import sys
import tempfile
import threading
import time
import types
import zipfile
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
from pyproj import CRS

from pma_map.geo import LAMBERT93, WGS84
from pma_map.i18n import t
from pma_map.parse import to_number

#: Drivers GDAL may use on an upload; anything else is refused.
ALLOWED_DRIVERS = ("GeoJSON", "GPKG", "ESRI Shapefile", "KML", "LIBKML", "CSV")
#: Extensions accepted, and the driver each one must be opened with.
EXTENSIONS = {
    ".geojson": "GeoJSON", ".json": "GeoJSON", ".gpkg": "GPKG", ".zip": "ESRI Shapefile",
    ".shp": "ESRI Shapefile", ".kml": "KML", ".csv": "CSV", ".txt": "CSV",
}
MAX_FILE_BYTES = 25 * 1024 * 1024
MAX_ZIP_MEMBERS = 64
MAX_UNZIPPED_BYTES = 200 * 1024 * 1024
MAX_FEATURES = 20_000
ZIP_CHUNK = 64 * 1024
#: Fields (columns) a feature may have; a real layer has a few dozen.
MAX_FIELDS = 500
#: Characters a text value may hold (a description; 1 MB strings are refused).
MAX_FIELD_CHARS = 10_000
#: Vertices of all the geometries of an upload.
MAX_VERTICES = 2_000_000
#: Seconds the separate reading process may take before it is killed.
READ_TIMEOUT_S = 120
#: Temporary upload folders older than this are left-overs of killed reads (seconds).
STALE_UPLOAD_S = 2 * 3600
TMP_UPLOAD_PREFIX = "pma-upload-"
ENCODINGS = ("UTF-8", "CP1252", "ISO-8859-1")
SAMPLE_SIZE = 5

LAT_NAMES = ("lat", "latitude", "y")
LON_NAMES = ("lon", "lng", "long", "longitude", "x")
#: Extent of Lambert-93 coordinates over metropolitan France (metres).
L93_X = (0.0, 1_300_000.0)
L93_Y = (6_000_000.0, 7_200_000.0)

#: GDAL configuration applied before any upload is opened.
HARDENED_GDAL_CONFIG = {
    "GDAL_DISABLE_READDIR_ON_OPEN": "EMPTY_DIR",
    "CPL_VSIL_CURL_ALLOWED_EXTENSIONS": ".pma-map-no-network",
    "GDAL_HTTP_PROXY": "127.0.0.1:9",
    "GDAL_HTTP_TIMEOUT": "1",
    "GDAL_HTTP_CONNECTTIMEOUT": "1",
    "GDAL_HTTP_MAX_RETRY": "0",
    "GDAL_VRT_ENABLE_PYTHON": "NO",
    "OGR_SQLITE_ALLOW_EXTERNAL_ACCESS": "NO",
    "LIBKML_RESOLVE_STYLE": "NO",
    "LIBKML_EXTERNAL_STYLE": "NO",
    "OGR_GEOJSON_MAX_OBJ_SIZE": "200",
    "CSV_MAX_LINE_SIZE": "1000000",
}


class IngestError(ValueError):
    """A refused upload: ``code`` names the check, the message says the fix (French)."""

    def __init__(self, code: str, lang: str = "fr", **values):
        self.code = code
        self.values = values
        super().__init__(t(f"val.{code}", lang, **values))


@dataclass
class Upload:
    """What was read from an upload, before validation against the catalogue."""

    gdf: gpd.GeoDataFrame  # EPSG:4326
    driver: str
    crs_in: str | None
    source_layer: str | None = None
    source_layers: list[str] = field(default_factory=list)
    encoding: str | None = None
    encoding_guessed: bool = False
    text_sample: list[str] = field(default_factory=list)
    #: For CSV uploads: the line of the file each row came from (header is line 1).
    line_numbers: list[int] | None = None


@dataclass(frozen=True)
class ReadOptions:
    """Choices the user can make about an upload."""

    crs: str | None = None
    encoding: str | None = None
    source_layer: str | None = None
    #: Communes only: the staff member confirms that the file changes the territory.
    territory_change: bool = False


def harden_gdal() -> None:
    """Set the GDAL options that keep a file from reaching the network or other files."""
    pyogrio.set_gdal_config_options(HARDENED_GDAL_CONFIG)


# --- archives ---------------------------------------------------------------

def safe_extract(archive: Path, dest: Path, *, max_members: int | None = None,
                 max_bytes: int | None = None, lang: str = "fr") -> list[Path]:
    """Extract a zip into ``dest``, refusing escaping paths, too many members, too many bytes.

    Sizes are counted while reading the decompressed streams.
    """
    max_members = MAX_ZIP_MEMBERS if max_members is None else max_members
    max_bytes = MAX_UNZIPPED_BYTES if max_bytes is None else max_bytes
    dest = dest.resolve()
    try:
        zf = zipfile.ZipFile(archive)
    except (zipfile.BadZipFile, OSError):
        raise IngestError("unreadable", lang, detail="archive zip illisible") from None
    out: list[Path] = []
    total = 0
    with zf:
        infos = zf.infolist()
        if len(infos) > max_members:
            raise IngestError("archive_members", lang, n=len(infos), max=max_members)
        for info in infos:
            name = info.filename
            parts = PurePosixPath(name.replace("\\", "/")).parts
            if name.startswith(("/", "\\")) or ".." in parts or (parts and ":" in parts[0]):
                raise IngestError("archive_path", lang, name=name)
            target = (dest / Path(*parts)).resolve() if parts else dest
            if dest != target and dest not in target.parents:
                raise IngestError("archive_path", lang, name=name)
            if info.is_dir():
                target.mkdir(parents=True, exist_ok=True)
                continue
            if (info.external_attr >> 16) & 0o170000 == 0o120000:
                raise IngestError("archive_path", lang, name=name)
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                with zf.open(info) as src, open(target, "wb") as dst:
                    while chunk := src.read(ZIP_CHUNK):
                        total += len(chunk)
                        if total > max_bytes:
                            raise IngestError("archive_size", lang, max_mb=max_bytes // (1024 * 1024))
                        dst.write(chunk)
            except (zipfile.BadZipFile, RuntimeError, NotImplementedError, EOFError, OSError):
                raise IngestError("unreadable", lang, detail=f"membre {name} illisible") from None
            out.append(target)
    return out


# --- recognising the format -------------------------------------------------

def _head(path: Path, n: int = 4096) -> bytes:
    with open(path, "rb") as fh:
        return fh.read(n)


def sniff_driver(path: Path, lang: str = "fr") -> str:
    """The driver a file must be opened with, from its extension and first bytes."""
    ext = path.suffix.lower()
    driver = EXTENSIONS.get(ext)
    if driver is None:
        raise IngestError("unsupported_format", lang, ext=ext or "?")
    head = _head(path)
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if b"OGRVRTDataSource" in head or text[:1] == b"<" and driver not in ("KML",):
        raise IngestError("unsupported_format", lang, ext=ext)
    if driver == "GeoJSON" and text[:1] != b"{":
        raise IngestError("unreadable", lang, detail="le fichier ne commence pas par « { »")
    if driver == "GPKG" and not (head.startswith(b"SQLite format 3\x00") and head[68:72] == b"GPKG"):
        raise IngestError("unreadable", lang, detail="ce n'est pas un GeoPackage")
    if driver == "KML" and (text[:1] != b"<" or b"<kml" not in head.lower()):
        raise IngestError("unreadable", lang, detail="ce n'est pas un fichier KML")
    if driver == "ESRI Shapefile" and ext == ".shp" and head[:4] != b"\x00\x00\x27\x0a":
        raise IngestError("unreadable", lang, detail="fichier .shp invalide")
    if driver == "CSV" and (text[:1] == b"{" or b"\x00" in head):
        raise IngestError("unreadable", lang, detail="ce n'est pas un fichier texte CSV")
    return driver


def _shapefile_in(folder: Path, lang: str) -> Path:
    shps = sorted(p for p in folder.rglob("*") if p.suffix.lower() == ".shp" and p.is_file())
    if not shps:
        raise IngestError("zip_no_shapefile", lang)
    if len(shps) > 1:
        raise IngestError("zip_many_shapefiles", lang, names=", ".join(p.name for p in shps))
    shp = shps[0]
    for ext in (".dbf", ".shx"):
        if not any(shp.with_suffix(e).exists() for e in (ext, ext.upper())):
            raise IngestError("shapefile_incomplete", lang, ext=ext)
    return shp


# --- text encodings ---------------------------------------------------------

def _cpg(shp: Path) -> str | None:
    for ext in (".cpg", ".CPG"):
        p = shp.with_suffix(ext)
        if p.exists():
            return p.read_text(encoding="ascii", errors="ignore").strip() or None
    return None


def _looks_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
        return True
    except UnicodeDecodeError:
        return False


def _bytes_of(path: Path) -> bytes:
    with open(path, "rb") as fh:
        return fh.read(MAX_FILE_BYTES)


def _norm_encoding(encoding: str | None, lang: str) -> str | None:
    if encoding is None:
        return None
    wanted = encoding.strip().upper().replace("_", "-")
    aliases = {"UTF8": "UTF-8", "LATIN-1": "ISO-8859-1", "LATIN1": "ISO-8859-1",
               "WINDOWS-1252": "CP1252", "1252": "CP1252", "ISO8859-1": "ISO-8859-1"}
    wanted = aliases.get(wanted, wanted)
    if wanted not in ENCODINGS:
        raise IngestError("bad_encoding", lang, encoding=encoding, choices=", ".join(ENCODINGS))
    return wanted


def _is_text(series: pd.Series) -> bool:
    return series.dtype == object or pd.api.types.is_string_dtype(series.dtype)


def text_sample(gdf: pd.DataFrame, n: int = SAMPLE_SIZE) -> list[str]:
    """A few text values, non-ASCII first, so the user can judge the encoding."""
    values: dict[str, None] = {}  # insertion-ordered set: linear time
    for col in gdf.columns:
        if col == "geometry" or not _is_text(gdf[col]):
            continue
        for v in gdf[col].dropna().astype(str):
            if v:
                values.setdefault(v)
    return sorted(values, key=lambda v: v.isascii())[:n]


# --- CRS --------------------------------------------------------------------

def looks_lambert93(bounds) -> bool:
    """True when bounds (minx, miny, maxx, maxy) fall in the Lambert-93 extent."""
    minx, miny, maxx, maxy = (float(b) for b in bounds)
    if not all(np.isfinite([minx, miny, maxx, maxy])):
        return False
    return L93_X[0] <= minx and maxx <= L93_X[1] and L93_Y[0] <= miny and maxy <= L93_Y[1]


def parse_crs(value: str, lang: str = "fr") -> CRS:
    try:
        return CRS.from_user_input(value.strip())
    except Exception:  # pyproj raises CRSError, and TypeError on odd input
        raise IngestError("bad_crs", lang, crs=value) from None


def _to_wgs84(gdf: gpd.GeoDataFrame, given: str | None, lang: str) -> tuple[gpd.GeoDataFrame, str]:
    if given:
        crs = parse_crs(given, lang)
        gdf = gdf.set_crs(crs, allow_override=True)
    else:
        geoms = gdf.geometry[gdf.geometry.notna() & ~gdf.geometry.is_empty]
        l93 = len(geoms) > 0 and looks_lambert93(geoms.total_bounds)
        if gdf.crs is None:
            raise IngestError("no_crs_lambert93" if l93 else "no_crs", lang)
        if gdf.crs.is_geographic and l93:
            # e.g. a GeoJSON without "crs" member (read as WGS 84) holding Lambert-93 metres
            raise IngestError("no_crs_lambert93", lang)
    crs_in = gdf.crs.to_string()
    if not gdf.crs.equals(CRS.from_user_input(WGS84)):
        gdf = gdf.to_crs(WGS84)
    return gdf, crs_in


# --- CSV --------------------------------------------------------------------

def _find_column(columns, names) -> str | None:
    lowered = {str(c).strip().lower(): c for c in columns}
    for name in names:
        if name in lowered:
            return lowered[name]
    return None


def decimal_columns(df: pd.DataFrame) -> pd.DataFrame:
    """Columns whose every value is a number written with a decimal comma, as floats."""
    out = df.copy()
    for col in df.columns:
        s = df[col]
        if not _is_text(s):
            continue
        filled = s.dropna().astype(str).str.strip()
        filled = filled[filled != ""]
        if len(filled) and filled.str.fullmatch(r"-?\d+(?:[ \u00a0]\d{3})*,\d+").any() \
                and filled.str.fullmatch(r"-?\d+(?:[ \u00a0]\d{3})*(?:[,.]\d+)?").all():
            out[col] = to_number(s)
    return out


def _csv_points(df: pd.DataFrame, given_crs: str | None, lang: str) -> tuple[gpd.GeoDataFrame, str | None]:
    xcol = _find_column(df.columns, LON_NAMES)
    ycol = _find_column(df.columns, LAT_NAMES)
    if xcol is None or ycol is None:
        raise IngestError("csv_no_coordinate_columns", lang, columns=", ".join(map(str, df.columns)))
    x, y = to_number(df[xcol]), to_number(df[ycol])
    ok = x.notna() & y.notna()
    crs = given_crs
    if crs is None and ok.any():
        if looks_lambert93((x[ok].min(), y[ok].min(), x[ok].max(), y[ok].max())):
            crs = LAMBERT93
        elif x[ok].abs().le(180).all() and y[ok].abs().le(90).all():
            crs = WGS84
    geoms = gpd.points_from_xy(x.where(ok), y.where(ok))
    geoms = [g if keep else None for g, keep in zip(geoms, ok)]
    attrs = decimal_columns(df.drop(columns=[xcol, ycol]))
    gdf = gpd.GeoDataFrame(attrs, geometry=geoms)
    if crs is None:
        if ok.any():
            raise IngestError("no_crs", lang)
        return gdf.set_crs(WGS84), None
    return gdf, crs


# --- limits checked before and after GDAL --------------------------------------

@dataclass(frozen=True)
class Limits:
    """The limits of one read, taken from the module when the read starts (tests lower them)."""

    max_features: int = MAX_FEATURES
    max_fields: int = MAX_FIELDS
    max_field_chars: int = MAX_FIELD_CHARS
    max_vertices: int = MAX_VERTICES
    max_unzipped_bytes: int = MAX_UNZIPPED_BYTES

    @classmethod
    def now(cls) -> Limits:
        return cls(MAX_FEATURES, MAX_FIELDS, MAX_FIELD_CHARS, MAX_VERTICES, MAX_UNZIPPED_BYTES)


def layer_limits(target_layer: str | None) -> tuple[Limits, int, float]:
    """The limits of an upload for ``target_layer``: (counts, file bytes, reading seconds).

    The common limits, except those the catalogue sets for that layer (``LayerSpec.upload_limits``:
    a cadastre extract holds 500,000 parcels). A limit is never lower than the common one.
    """
    limits, max_bytes, timeout_s = Limits.now(), MAX_FILE_BYTES, float(READ_TIMEOUT_S)
    from pma_map.catalogue import LAYERS

    spec = LAYERS.get(target_layer) if target_layer else None
    own = spec.upload_limits if spec is not None else None
    if own is None:
        return limits, max_bytes, timeout_s
    if own.max_features:
        limits = replace(limits, max_features=max(limits.max_features, own.max_features))
    if own.max_vertices:
        limits = replace(limits, max_vertices=max(limits.max_vertices, own.max_vertices))
    if own.max_file_mb:
        max_bytes = max(max_bytes, own.max_file_mb * 1024 * 1024)
        limits = replace(limits, max_unzipped_bytes=max(limits.max_unzipped_bytes, 2 * max_bytes))
    if own.read_timeout_s:
        timeout_s = max(timeout_s, float(own.read_timeout_s))
    return limits, max_bytes, timeout_s


def _scan_geojson(src: Path, limits: Limits, lang: str) -> None:
    """Fields per feature, features and text lengths of a GeoJSON, before GDAL reads it.

    GDAL builds its schema from every key of every feature: one feature with
    200,000 keys kept it busy for minutes. Python's parser reads the same file
    in a fraction of a second. A file Python cannot parse is left to GDAL.
    """
    try:
        doc = json.loads(_bytes_of(src))
    except (ValueError, RecursionError):
        return
    if not isinstance(doc, dict):
        return
    feats = doc.get("features") if doc.get("type") == "FeatureCollection" else [doc]
    if not isinstance(feats, list):
        return
    if len(feats) > limits.max_features:
        raise IngestError("too_many_features", lang, n=len(feats), max=limits.max_features)
    keys: set[str] = set()
    for feat in feats:
        props = feat.get("properties") if isinstance(feat, dict) else None
        if not isinstance(props, dict):
            continue
        if len(props) > limits.max_fields:
            raise IngestError("too_many_fields", lang, n=len(props), max=limits.max_fields)
        keys.update(props)
        if len(keys) > limits.max_fields:
            raise IngestError("too_many_fields", lang, n=f"{len(keys)}+", max=limits.max_fields)


def _check_gpkg_layer(src: Path, layer: str, lang: str) -> None:
    """Refuse a GeoPackage layer that is an SQL view (a recursive view yields rows forever)."""
    try:
        con = sqlite3.connect(f"file:{src}?mode=ro", uri=True)
    except sqlite3.Error:
        raise IngestError("unreadable", lang, detail="ce n'est pas un GeoPackage") from None
    try:
        con.execute("PRAGMA trusted_schema=OFF")
        row = con.execute("SELECT type FROM sqlite_master WHERE lower(name) = lower(?)", (layer,)).fetchone()
    except sqlite3.Error:
        raise IngestError("unreadable", lang, detail="GeoPackage illisible") from None
    finally:
        con.close()
    if row is not None and row[0] != "table":
        raise IngestError("gpkg_view", lang, layer=layer)


def check_frame(gdf: pd.DataFrame, limits: Limits, lang: str = "fr") -> None:
    """Fields, features, text length and vertices of what was read."""
    if len(gdf) > limits.max_features:
        raise IngestError("too_many_features_counted", lang, max=limits.max_features)
    columns = [c for c in gdf.columns if c != "geometry"]
    if len(columns) > limits.max_fields:
        raise IngestError("too_many_fields", lang, n=len(columns), max=limits.max_fields)
    for col in columns:
        s = gdf[col]
        if not _is_text(s):
            continue
        lengths = s.map(lambda v: len(v) if isinstance(v, str) else 0)
        too_long = lengths > limits.max_field_chars
        if too_long.any():
            rows = [f"n°{i + 1}" for i in np.flatnonzero(too_long.to_numpy())[:5]]
            raise IngestError("field_too_long", lang, field=str(col)[:80], chars=int(lengths.max()),
                              max=limits.max_field_chars, which=", ".join(rows))
    if isinstance(gdf, gpd.GeoDataFrame) and "geometry" in gdf:
        import shapely

        vertices = int(shapely.get_num_coordinates(np.asarray(gdf.geometry.values, dtype=object)).sum())
        if vertices > limits.max_vertices:
            raise IngestError("too_many_vertices", lang, n=vertices, max=limits.max_vertices)


# --- reading ----------------------------------------------------------------

_PATH_RE = re.compile(r"(/vsi[a-z]+)?(/[^\s'\"«»:,;()]+)+")


def _public_detail(exc: Exception, src: Path) -> str:
    """GDAL's message without any server path (the temporary copy is named by its file name)."""
    text = str(exc).split("\n")[0][:200]
    text = text.replace(str(src.parent), "").replace(str(src), src.name)
    return _PATH_RE.sub(lambda m: m.group(0).rsplit("/", 1)[-1], text)


def _read_gdal(path: Path, driver: str, layer: str | None, encoding: str | None,
               lang: str, limits: Limits | None = None, **open_options) -> gpd.GeoDataFrame:
    limits = limits or Limits.now()
    try:
        info = pyogrio.read_info(path, layer=layer, encoding=encoding, **open_options)
        if info.get("driver") not in ALLOWED_DRIVERS or (
                info.get("driver") != driver and {info.get("driver"), driver} != {"KML", "LIBKML"}):
            raise IngestError("unsupported_format", lang, ext=path.suffix.lower())
        if info.get("features", 0) > limits.max_features:
            raise IngestError("too_many_features", lang, n=info["features"], max=limits.max_features)
        if len(info.get("fields", ())) > limits.max_fields:
            raise IngestError("too_many_fields", lang, n=len(info["fields"]), max=limits.max_fields)
        if driver == "GPKG":
            # A GeoPackage declares its count (gpkg_ogr_contents) and GDAL reads that many rows:
            # the Arrow stream reads the rows really there, stopping one past the limit.
            return pyogrio.read_dataframe(path, layer=layer, encoding=encoding, use_arrow=True,
                                          max_features=limits.max_features + 1, **open_options)
        return pyogrio.read_dataframe(path, layer=layer, encoding=encoding, **open_options)
    except IngestError:
        raise
    except Exception as exc:  # pyogrio DataSourceError, DataLayerError, UnicodeDecodeError
        raise IngestError("unreadable", lang, detail=_public_detail(exc, path)) from None


def _choose_layer(path: Path, wanted: str | None, target: str | None, lang: str) -> tuple[str | None, list[str]]:
    try:
        names = [str(n) for n in pyogrio.list_layers(path)[:, 0]]
    except Exception as exc:
        raise IngestError("unreadable", lang, detail=_public_detail(exc, path)) from None
    if wanted:
        if wanted not in names:
            raise IngestError("source_layer_unknown", lang, layer=wanted, layers=", ".join(names))
        return wanted, names
    if len(names) == 1:
        return names[0], names
    if target in names:
        return target, names
    raise IngestError("source_layer_choice", lang, layers=", ".join(names))


def list_source_layers(path: Path | str) -> list[str]:
    """Layers of an uploaded GeoPackage (empty for other formats or unreadable files)."""
    path = Path(path)
    harden_gdal()
    try:
        if sniff_driver(path) != "GPKG":
            return []
        return [str(n) for n in pyogrio.list_layers(path)[:, 0]]
    except Exception:  # reported properly by read_upload
        return []


def clean_stale_uploads(max_age_s: float | None = None, folder: Path | None = None) -> int:
    """Remove the temporary copies left by reads that were killed (older than ``max_age_s``): the
    reader's ``pma-upload-*`` and the publishing page's ``pma-page-*`` folders."""
    max_age_s = STALE_UPLOAD_S if max_age_s is None else max_age_s
    folder = Path(folder or tempfile.gettempdir())
    removed = 0
    now = time.time()
    try:
        candidates = [p for prefix in (TMP_UPLOAD_PREFIX, "pma-page-") for p in folder.glob(prefix + "*")]
    except OSError:
        return 0
    for p in candidates:
        try:
            if p.is_dir() and not p.is_symlink() and now - p.stat().st_mtime > max_age_s:
                shutil.rmtree(p, ignore_errors=True)
                removed += 1
        except OSError:
            continue
    return removed


def read_upload(path: Path | str, options: ReadOptions = ReadOptions(), *, target_layer: str | None = None,
                lang: str = "fr", max_bytes: int | None = None, timeout_s: float | None = None) -> Upload:
    """Read an uploaded file (GeoJSON, GeoPackage, zipped Shapefile, KML, CSV) in EPSG:4326.

    The cheap checks run here; the reading itself runs in a separate process,
    killed after ``timeout_s`` (default ``READ_TIMEOUT_S``).
    """
    path = Path(path)
    harden_gdal()
    limits, layer_bytes, layer_timeout = layer_limits(target_layer)
    max_bytes = layer_bytes if max_bytes is None else max_bytes
    timeout_s = layer_timeout if timeout_s is None else timeout_s
    if not path.is_file():
        raise IngestError("unreadable", lang, detail="fichier introuvable")
    size = path.stat().st_size
    if size > max_bytes:
        raise IngestError("file_too_large", lang, mb=round(size / 1024 / 1024, 1),
                          max_mb=max_bytes // (1024 * 1024))
    encoding = _norm_encoding(options.encoding, lang)
    driver = sniff_driver(path, lang)
    if path.suffix.lower() == ".shp":
        raise IngestError("shapefile_needs_zip", lang)
    clean_stale_uploads()
    work = Path(tempfile.mkdtemp(prefix=TMP_UPLOAD_PREFIX))
    try:
        return _read_isolated(path, work, driver, options, encoding, target_layer, lang, limits,
                              timeout_s)
    finally:
        shutil.rmtree(work, ignore_errors=True)


_CONTEXT = None
_START_LOCK = threading.Lock()


def _context():
    """The process context of the reading processes: a fork server that has imported this module."""
    global _CONTEXT
    if _CONTEXT is None:
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload([__name__])
        _CONTEXT = ctx
    return _CONTEXT


def _child(conn, path: str, work: str, driver: str, options: ReadOptions, encoding: str | None,
           target_layer: str | None, lang: str, limits: Limits) -> None:
    try:
        harden_gdal()
        upload = _read_in(Path(path), Path(work), driver, options, encoding, target_layer, lang, limits)
        conn.send(("ok", upload))
    except IngestError as exc:
        conn.send(("refused", exc.code, exc.values))
    except Exception as exc:  # reported to the parent without a traceback or a path
        conn.send(("refused", "unreadable", {"detail": _public_detail(exc, Path(work) / "upload")}))
    finally:
        conn.close()


def _read_isolated(path: Path, work: Path, driver: str, options: ReadOptions, encoding: str | None,
                   target_layer: str | None, lang: str, limits: Limits, timeout_s: float) -> Upload:
    ctx = _context()
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(child, str(path), str(work), driver, options, encoding,
                                            target_layer, lang, limits), daemon=True)
    # multiprocessing re-runs the parent's ``__main__`` file in the child: under Streamlit that
    # is the page script. The reader is started with an empty ``__main__`` instead.
    with _START_LOCK:
        main = sys.modules.get("__main__")
        sys.modules["__main__"] = types.ModuleType("__main__")
        try:
            proc.start()
        finally:
            if main is not None:
                sys.modules["__main__"] = main
    child.close()
    try:
        if not parent.poll(timeout_s):
            raise IngestError("read_timeout", lang, s=int(timeout_s))
        try:
            msg = parent.recv()
        except (EOFError, OSError):
            raise IngestError("read_crashed", lang) from None
    finally:
        parent.close()
        if proc.is_alive():
            proc.join(1)
        if proc.is_alive():
            proc.kill()
            proc.join(5)
    if msg[0] == "ok":
        return msg[1]
    raise IngestError(msg[1], lang, **msg[2])


def _read_in(path: Path, work: Path, driver: str, options: ReadOptions, encoding: str | None,
             target_layer: str | None, lang: str, limits: Limits) -> Upload:
    if path.suffix.lower() == ".zip":
        safe_extract(path, work / "x", lang=lang, max_bytes=limits.max_unzipped_bytes)
        src = _shapefile_in(work / "x", lang)
    else:
        src = work / ("upload" + path.suffix.lower())
        shutil.copyfile(path, src)
    return _read_source(src, driver, options, encoding, target_layer, lang, limits)


def _read_source(src: Path, driver: str, options: ReadOptions, encoding: str | None,
                 target_layer: str | None, lang: str, limits: Limits | None = None) -> Upload:
    limits = limits or Limits.now()
    guessed = False
    if driver == "ESRI Shapefile" and encoding is None:
        cpg = _cpg(src)
        if cpg is None:
            dbf = next(src.with_suffix(e) for e in (".dbf", ".DBF") if src.with_suffix(e).exists())
            encoding = "UTF-8" if _looks_utf8(_bytes_of(dbf)) else "CP1252"
            guessed = True
    if driver == "CSV" and encoding is None:
        encoding = "UTF-8" if _looks_utf8(_bytes_of(src)) else "CP1252"
        guessed = encoding != "UTF-8"
    if driver == "GeoJSON":
        _scan_geojson(src, limits, lang)

    layer, layers = None, []
    if driver == "GPKG":
        layer, layers = _choose_layer(src, options.source_layer, target_layer, lang)
        _check_gpkg_layer(src, layer, lang)
    line_numbers = None
    if driver == "CSV":
        raw = _read_gdal(src, driver, None, encoding, lang, limits, AUTODETECT_TYPE="NO",
                         KEEP_GEOM_COLUMNS="NO", GEOM_POSSIBLE_NAMES="__none__")
        check_frame(raw, limits, lang)
        df = pd.DataFrame(raw.drop(columns="geometry", errors="ignore"))
        df = df.replace({"": None})
        line_numbers = [i + 2 for i in range(len(df))]
        gdf, crs = _csv_points(df, options.crs, lang)
        if crs is not None:
            gdf = gdf.set_crs(parse_crs(crs, lang), allow_override=True)
        crs_given = None
    else:
        gdf = _read_gdal(src, driver, layer, encoding, lang, limits)
        crs_given = options.crs
        if not isinstance(gdf, gpd.GeoDataFrame) or "geometry" not in gdf:
            raise IngestError("not_geographic", lang)
        check_frame(gdf, limits, lang)
    if gdf.geometry.isna().all() and len(gdf):
        if driver == "CSV":
            raise IngestError("csv_no_coordinates_at_all", lang)
        raise IngestError("not_geographic", lang)
    gdf, crs_in = _to_wgs84(gdf, crs_given, lang)
    gdf = gdf.reset_index(drop=True)
    return Upload(gdf=gdf, driver=driver, crs_in=crs_in, source_layer=layer, source_layers=layers,
                  encoding=encoding, encoding_guessed=guessed, text_sample=text_sample(gdf),
                  line_numbers=line_numbers)


def safe_filename(name: str) -> str:
    """A file name reduced to safe characters, keeping its extension."""
    base = re.sub(r"[^A-Za-z0-9._-]+", "_", Path(name).name).strip("._") or "upload"
    return base[:120]
