"""The base map's constant JavaScript as one static file named by its content.

The packed-layer decoder, the popup fitting, the file-layer loader and the
vector-tile loader (:mod:`packed`, :mod:`static_layers`, :mod:`vector_tiles`)
never change between reruns or visitors, yet they were 19 kB of the map's own
script, sent inside the component's arguments with every map (each rerun
re-sends the arguments whole). They are written once per content as

    static/scripts/pma-map-<checksum>.js

(sha256 of the code: a name never changes meaning; written atomically, the
newest ``KEEP_FILES`` kept) and the map's frame loads it with a script tag after
Leaflet, as it loads the vendor files, so a browser keeps it across reruns and
visits. ``PMA_MAP_SCRIPT_FILE=0`` keeps the code inline (the benchmark's
ablation); so does a static folder that cannot be written.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from pma_map import fileio
from pma_map.config import static_dir
from pma_map.map import packed
from pma_map.map.offline import APP_SCRIPTS_URL

#: ``PMA_MAP_SCRIPT_FILE=0``: the constant code travels inline in the map, as before.
FILE = os.environ.get("PMA_MAP_SCRIPT_FILE", "1") != "0"
#: Address under which Streamlit serves :func:`scripts_dir`.
SCRIPTS_URL = APP_SCRIPTS_URL
KEEP_FILES = 3
PREFIX = "pma-map-"


def scripts_dir() -> Path:
    """Folder of the script files (git-ignored; written again when missing)."""
    return static_dir() / "scripts"


def constant_js() -> str:
    """Everything the base map runs that does not depend on the map: decoder, popup fitting
    (``window.pmaFitPopups(map)`` installs it), file-layer and vector-tile loaders."""
    from pma_map.map import static_layers, vector_tiles

    return "\n".join([packed.DECODER_JS, packed.FIT_JS, static_layers.LOADER_JS, vector_tiles.TILES_JS]) + "\n"


def script_file(folder: Path | None = None) -> Path:
    """The file holding :func:`constant_js`, written if no file of that content exists yet."""
    folder = Path(folder) if folder is not None else scripts_dir()
    data = constant_js().encode("utf-8")
    path = folder / f"{PREFIX}{hashlib.sha256(data).hexdigest()[:20]}.js"
    if not path.exists():
        folder.mkdir(parents=True, exist_ok=True)
        fileio.atomic_write_bytes(path, data)
        old = sorted(folder.glob(f"{PREFIX}*.js"), key=lambda p: p.stat().st_mtime_ns, reverse=True)
        for stale in old[KEEP_FILES:]:
            stale.unlink(missing_ok=True)
    return path


_FOUND: Path | None = None


def script_url() -> str | None:
    """Address of the script file (made on the first call of the process, made again if removed);
    None when it is switched off or the static folder cannot be written (the code then stays inline)."""
    global _FOUND
    if not FILE:
        return None
    try:
        if _FOUND is None or not _FOUND.exists():
            _FOUND = script_file()
    except OSError:
        return None
    return SCRIPTS_URL + _FOUND.name
