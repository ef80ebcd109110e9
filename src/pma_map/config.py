"""Paths and settings, with defaults overridable by environment variables."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]

#: Default base address of the public app, used in shared links and QR codes.
DEFAULT_BASE_URL = "http://localhost:8501"


def data_dir() -> Path:
    """Folder of the store (``PMA_MAP_DATA_DIR``, default ``data/`` of the project)."""
    return Path(os.environ.get("PMA_MAP_DATA_DIR") or PROJECT_ROOT / "data")


def geo_dir() -> Path:
    """Folder of the bundled layers (version 1), never modified in place."""
    return Path(os.environ.get("PMA_MAP_GEO_DIR") or PROJECT_ROOT / "data" / "geo")


def static_dir() -> Path:
    """Folder served by Streamlit under ``/app/static``."""
    return PROJECT_ROOT / "static"


def base_url() -> str:
    """Base address for links to the app (``PMA_MAP_BASE_URL``)."""
    return (os.environ.get("PMA_MAP_BASE_URL", "").strip() or DEFAULT_BASE_URL).rstrip("/")
