"""Popup strings of the inline layers as immutable files, fetched on the first popup.

The explorer's map sends its small layers inline (:mod:`pma_map.map.packed`), and
their popups were most of it: since the commune popups carry the town hall's
address, phone, e-mail and website and two populations, the communes' string
table alone was 45 kB of the 144 kB default map (benchmarks/README.md), sent on
every first visit though most visitors open no popup at all. So for each layer
version and language the popups of the *whole* layer (escaped pieces and their
indexes, as the packed form has them) are written once as a file:

    static/layers/popups/<layer>-<checksum>-<lang>.json

(the checksum is the sha256 of the content: a name never changes meaning, so the
browser may keep it; written atomically by :mod:`pma_map.fileio`; the newest
``KEEP_FILES`` per layer and language kept). The map carries, per feature, its
row in the whole layer and the file's address; the browser fetches the file on
the first hover of one of the layer's features or the first popup opened
(``window.pmaPopupFile`` in ``packed.DECODER_JS``), keeps it, and builds each
popup from it exactly as before. Tooltips stay inline: they show on hover.

A filter change sends no popup strings at all: the file covers every row.
``PMA_MAP_POPUP_FILES=0`` keeps popups inline (the benchmark's ablation).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd

from pma_map import fileio, framecache
from pma_map.config import static_dir
from pma_map.map import packed, prepare

#: ``PMA_MAP_POPUP_FILES=0``: popups travel inline in the map, as before (ablation).
FILES = os.environ.get("PMA_MAP_POPUP_FILES", "1") != "0"
#: Files kept per layer and language (the newest): a page opened before a publication can
#: still fetch the version it shows.
KEEP_FILES = 3
#: Address under which Streamlit serves :func:`popups_dir` (``server.enableStaticServing``).
POPUPS_URL = "/app/static/layers/popups/"


def popups_dir() -> Path:
    """Folder of the popup files (under the git-ignored ``static/layers``)."""
    return static_dir() / "layers" / "popups"


@dataclass(frozen=True)
class PopupFile:
    """The popups of one layer version in one language, as a file."""

    name: str
    lang: str
    path: Path
    url: str
    checksum: str
    size: int


def popup_document(whole: prepare.PreparedLayer) -> dict:
    """Every row's popup as indexes into one table of escaped pieces (``pmaPieces`` reads it)."""
    strings = packed.Interner()
    return {"p": [packed.encode_indexes(strings.add_all(p)) for p in whole.popup_parts.tolist()],
            "T": strings.values}


def write_popup_file(whole: prepare.PreparedLayer, folder: Path | None = None) -> PopupFile:
    """Write the popup file of a prepared layer unless a file of that content exists."""
    folder = Path(folder) if folder is not None else popups_dir()
    path, checksum, size = fileio.write_content_named(folder, whole.name, whole.lang, popup_document(whole),
                                                      KEEP_FILES)
    return PopupFile(name=whole.name, lang=whole.lang, path=path, url=POPUPS_URL + path.name,
                     checksum=checksum, size=size)


def prune(folder: Path, name: str, lang: str, keep: int = KEEP_FILES) -> list[Path]:
    """Remove all but the ``keep`` newest popup files of layer ``name`` in ``lang``; the removed paths."""
    return fileio.keep_newest(folder, name, lang, keep)


def cached_popup_file(name: str, layer: gpd.GeoDataFrame, lang: str, all_communes: gpd.GeoDataFrame,
                      folder: Path | None = None) -> PopupFile:
    """The popup file of the current version of ``name`` in ``lang``: written once per version in
    this process (and again if someone removed it)."""
    def compute() -> PopupFile:
        return write_popup_file(prepare.cached_layer(name, layer, lang, all_communes), folder)

    tag = ("popup_file", name, lang, str(folder) if folder else None)
    found = framecache.cached(tag, (layer, all_communes), compute)
    if not found.path.exists():
        found = compute()
    return found
