"""Where the seeded tiles live and how the app and the PDFs find them.

Streamlit serves only files that really lie under the app's ``static/`` folder
(``server.enableStaticServing``; symbolic links leading out of it are refused),
so the tiles are seeded into ``static/tiles/<basemap>/<z>/<x>/<y>.<ext>`` and
the browser reads them at ``/app/static/tiles/...``. ``PMA_MAP_TILES_DIR``
moves the folder (it must stay the ``tiles`` folder of the served ``static/``).
Each basemap folder holds a ``manifest.json`` written by the seeder.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pma_map.config import static_dir

MANIFEST = "manifest.json"
#: Address of the tiles folder as the browser sees it.
TILES_URL = "/app/static/tiles/"


def tiles_dir() -> Path:
    """Folder of the seeded tiles (``PMA_MAP_TILES_DIR``, default ``static/tiles``)."""
    return Path(os.environ.get("PMA_MAP_TILES_DIR") or static_dir() / "tiles")


def tile_path(root: Path, key: str, z: int, x: int, y: int, ext: str) -> Path:
    return Path(root) / key / str(z) / str(x) / f"{y}.{ext}"


@dataclass(frozen=True)
class Seeded:
    """A seeded basemap as its manifest describes it."""

    key: str
    ext: str
    min_zoom: int
    max_zoom: int
    seeded_at: str
    tiles: int
    bytes: int
    expected: int
    absent: int
    complete: bool
    folder: Path

    @property
    def url(self) -> str:
        """Leaflet URL template of the local copies."""
        return f"{TILES_URL}{self.key}/{{z}}/{{x}}/{{y}}.{self.ext}"


def read_manifest(folder: Path) -> dict | None:
    try:
        return json.loads((Path(folder) / MANIFEST).read_text("utf-8"))
    except (OSError, ValueError):
        return None


@lru_cache(maxsize=8)
def _seeded(root: str, stamps: tuple) -> dict[str, Seeded]:
    out = {}
    for key, _ in stamps:
        m = read_manifest(Path(root) / key)
        if not m or not m.get("tiles"):
            continue
        out[key] = Seeded(key=key, ext=m["ext"], min_zoom=int(m["zooms"][0]), max_zoom=int(m["zooms"][1]),
                          seeded_at=m.get("seeded_at", ""), tiles=int(m["tiles"]), bytes=int(m.get("bytes", 0)),
                          expected=int(m.get("expected", 0)), absent=len(m.get("absent", [])),
                          complete=bool(m.get("complete")), folder=Path(root) / key)
    return out


def seeded(root: Path | None = None) -> dict[str, Seeded]:
    """The seeded basemaps under ``root`` (default :func:`tiles_dir`), by key.

    Read again only when a manifest changes (cheap enough for every rerun).
    """
    root = Path(root or tiles_dir())
    stamps = []
    if root.is_dir():
        for child in sorted(root.iterdir()):
            try:
                stamps.append((child.name, (child / MANIFEST).stat().st_mtime_ns))
            except OSError:
                continue
    return _seeded(str(root), tuple(stamps))


def read_tile(info: Seeded, z: int, x: int, y: int) -> bytes | None:
    """The bytes of one seeded tile, or None when it is not on disk."""
    try:
        return tile_path(info.folder.parent, info.key, z, x, y, info.ext).read_bytes()
    except OSError:
        return None
