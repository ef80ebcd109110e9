"""Where the current version of each layer lives.

The bundled layers in ``data/geo/`` are version 1 and are never modified.
Published versions live in ``<PMA_MAP_DATA_DIR>/store/<layer>/``; the file
``current.json`` there names the version the map shows. This module keeps
that behind a small interface so that another backend can follow.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from . import config
from .catalogue import get_layer


@dataclass(frozen=True)
class LayerVersion:
    """One version of a layer: its number and the file that holds it."""

    layer: str
    version: int
    path: Path


class FolderStore:
    """Embedded store: a folder of versioned GeoJSON files per layer."""

    def __init__(self, root: Path, bundled: Path):
        self.root = Path(root)
        self.bundled = Path(bundled)

    def layer_dir(self, layer: str) -> Path:
        return self.root / "store" / layer

    def bundled_version(self, layer: str) -> LayerVersion:
        spec = get_layer(layer)
        return LayerVersion(layer, 1, self.bundled / spec.filename)

    def current(self, layer: str) -> LayerVersion:
        """The version the map shows: the last published one, else the bundled one."""
        pointer = self.layer_dir(layer) / "current.json"
        if pointer.exists():
            info = json.loads(pointer.read_text(encoding="utf-8"))
            version = int(info["version"])
            if version == 1:
                return self.bundled_version(layer)
            return LayerVersion(layer, version, self.layer_dir(layer) / info["file"])
        return self.bundled_version(layer)


def get_store() -> FolderStore:
    """The store configured by the environment (``PMA_MAP_DATA_DIR``)."""
    return FolderStore(config.data_dir(), config.geo_dir())
