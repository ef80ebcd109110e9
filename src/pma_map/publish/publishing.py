"""The publishing flow shared by the command line and the page.

read (ingest) -> validate against the catalogue -> diff with the current
version -> publish into the store (with audit) ; history ; rollback ; export.
The caller (page or CLI) is responsible for checking that the user is staff.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import shapely

from pma_map.catalogue import get_layer
from pma_map.errors import PmaError
from pma_map.geo import WGS84
from pma_map.layers import read_layer_file
from pma_map.publish import audit
from pma_map.publish.diff import Diff, diff_layers
from pma_map.publish.ingest import IngestError, ReadOptions, Upload, layer_limits, read_upload
from pma_map.publish.store import LayerVersion, Store, get_store
from pma_map.publish.validation import Report, Validated, refused, validate


@dataclass
class CheckedUpload:
    """An upload read and validated (by :func:`prepare`): publishable when ``ok``."""

    layer: str
    report: Report
    gdf: gpd.GeoDataFrame | None = None
    upload: Upload | None = None
    #: The version that was current when the upload was validated (the diff's base).
    base_version: int | None = None

    @property
    def ok(self) -> bool:
        return self.report.ok and self.gdf is not None


def territory(store: Store | None = None):
    """Union of the current communes of ``store`` (default: the configured one), in EPSG:4326."""
    store = store or get_store()
    return shapely.union_all(read_layer_file(store.current("communes").path).geometry.values)


def prepare(path: Path | str, layer: str, *, options: ReadOptions = ReadOptions(),
            mapping: Mapping[str, str] | None = None, lang: str = "fr",
            store: Store | None = None, territory_change: bool = False) -> CheckedUpload:
    """Read and validate an upload for ``layer``; never touches the store.

    ``territory_change``: the staff member confirmed that a communes file changes the
    territory (count, EPCI codes or total area); without it such a file is refused.
    """
    spec = get_layer(layer)
    store = store or get_store()
    try:
        upload = read_upload(path, options, target_layer=layer, lang=lang)
    except IngestError as exc:
        return CheckedUpload(layer, refused(layer, exc.code, str(exc)))
    base = store.current(layer)
    current = read_layer_file(base.path)
    checked: Validated = validate(upload.gdf, spec, territory=territory(store), current_count=len(current),
                                  max_features=layer_limits(layer)[0].max_features,
                                  mapping=mapping, line_numbers=upload.line_numbers,
                                  crs_in=upload.crs_in, lang=lang,
                                  current_communes=current if layer == "communes" else None,
                                  territory_change=territory_change or options.territory_change)
    if upload.encoding_guessed:
        from pma_map.i18n import t
        from pma_map.publish.validation import Issue

        checked.report.warnings.append(Issue(
            "encoding_guessed", "warning",
            t("val.encoding_guessed", lang, encoding=upload.encoding,
              sample=" | ".join(upload.text_sample) or "—")))
    return CheckedUpload(layer, checked.report, checked.gdf, upload, base.version)


def current_frame(layer: str, store: Store | None = None) -> gpd.GeoDataFrame:
    store = store or get_store()
    return read_layer_file(store.current(layer).path)


def diff_with_current(checked: CheckedUpload, store: Store | None = None) -> Diff:
    return diff_layers(current_frame(checked.layer, store), checked.gdf, get_layer(checked.layer))


def publish(checked: CheckedUpload, *, author: str, note: str, store: Store | None = None,
            check_base: bool = False) -> LayerVersion:
    """Publish a validated upload as a new version, and audit it.

    ``check_base``: refuse when another version became current since the upload
    was validated (the page, where a person reviewed a diff against that version).
    """
    if not checked.ok:
        raise PmaError("publish_refused")
    store = store or get_store()
    # Held from the switch to the end of the preparation: a running server that notices the new
    # version waits for the copy and the tiles instead of making them too (ui.serve.watch).
    with _preparing(checked.layer):
        lv = store.publish(checked.layer, checked.gdf, author=author, note=note,
                           report=checked.report.to_dict(),
                           expected_current=checked.base_version if check_base else None)
        _audit("publish", layer=checked.layer, version=lv.version, author=author, note=note,
               features=int(len(checked.gdf)))
        _build(checked.layer, store)
    return lv


@contextmanager
def _preparing(layer: str):
    """:func:`pma_map.columnar.preparing`, or nothing when its folder cannot be written."""
    from pma_map import columnar

    try:
        lock = columnar.preparing(layer)
        lock.acquire()
    except OSError as exc:
        logging.getLogger(__name__).warning("preparation lock of %s not taken: %s", layer, exc)
        yield
        return
    try:
        yield
    finally:
        lock.release()


def build_tiles(layer: str, store: Store | None = None) -> list:
    """Prepare the current version of ``layer`` for the servers: its columnar copy
    (:mod:`pma_map.columnar`, so that a server reads it in a fraction of the GeoJSON's time)
    and, for a dense layer, its vector tiles with its popups in French and English
    (:mod:`pma_map.map.vector_tiles`), so that the first visitor finds them ready.

    Read back from the store, as the app reads it (same frame, same file names), while holding
    :func:`pma_map.columnar.preparing` (a running server waits for it). A failure is logged,
    not raised: the version is published, and the first visitor builds what is missing.
    """
    with _preparing(layer):
        return _build(layer, store)


def _build(layer: str, store: Store | None = None) -> list:
    from pma_map.layers import keep_columnar
    from pma_map.map import vector_tiles

    store = store or get_store()
    try:
        path = store.current(layer).path
        gdf = read_layer_file(path)
        keep_columnar(path)
        if not vector_tiles.TILES or layer == "communes" or len(gdf) <= vector_tiles.TILES_MIN_FEATURES:
            return []
        communes = read_layer_file(store.current("communes").path)
        return vector_tiles.build_layer_tiles(layer, gdf, communes)
    except (OSError, PmaError) as exc:
        logging.getLogger(__name__).error("tiles of %s not built at publish time: %s", layer, exc)
        return []


def rollback(layer: str, to: int, *, author: str, note: str = "", store: Store | None = None) -> LayerVersion:
    """Make version ``to`` current again, and audit it."""
    store = store or get_store()
    before = store.current(layer).version
    with _preparing(layer):
        lv = store.rollback(layer, to, author=author, note=note)
        _audit("rollback", layer=layer, version=lv.version, previous=before, author=author, note=note)
        _build(layer, store)
    return lv


def _audit(event: str, **details) -> None:
    """Audit a publish or rollback that is done: a full disk must not turn it into an error page."""
    try:
        audit.record(event, **details)
    except OSError as exc:
        logging.getLogger(__name__).error("audit log not written (%s): %s %s", exc, event, details)


def export_layer(layer: str, out: Path | str, version: int | None = None, store: Store | None = None) -> int:
    """Write a version (default: current) as GeoJSON in EPSG:4326; returns the feature count."""
    store = store or get_store()
    lv = store.current(layer) if version is None else store.version(layer, version)
    gdf = read_layer_file(lv.path)
    out = Path(out)
    if out.suffix.lower() not in (".geojson", ".json"):
        raise PmaError("export_suffix")
    out.parent.mkdir(parents=True, exist_ok=True)
    if out.exists():
        out.unlink()
    gdf.to_crs(WGS84).to_file(out, driver="GeoJSON", engine="pyogrio")
    return int(len(gdf))
