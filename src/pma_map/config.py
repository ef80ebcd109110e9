"""Paths and settings, with defaults overridable by environment variables."""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import urlsplit

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


def _first(value) -> str:
    """The first of a header's comma-separated values (proxies append theirs)."""
    return str(value or "").split(",")[0].strip()


def request_base_url(headers: Mapping[str, str] | None, env: Mapping[str, str] | None = None) -> str:
    """The public address of the app for links and QR codes.

    ``PMA_MAP_BASE_URL`` when set; otherwise the address the visitor used, from the request
    headers (``X-Forwarded-Host`` / ``X-Forwarded-Proto`` behind a proxy, else ``Host``);
    the default address only when neither is known.
    """
    env = os.environ if env is None else env
    configured = str(env.get("PMA_MAP_BASE_URL", "") or "").strip()
    if configured:
        return configured.rstrip("/")
    low = {str(k).lower(): v for k, v in (headers or {}).items()}
    host = _first(low.get("x-forwarded-host")) or _first(low.get("host"))
    if not host or any(c in host for c in "/\\@ ?#"):
        return DEFAULT_BASE_URL
    proto = _first(low.get("x-forwarded-proto")).lower()
    if proto not in ("http", "https"):
        proto = "http"
    prefix = _first(low.get("x-forwarded-prefix")).strip("/")
    return f"{proto}://{host}" + (f"/{prefix}" if prefix and " " not in prefix else "")


def is_local_url(url: str) -> bool:
    """True when ``url`` names this machine or a private network (localhost, 127.x, ::1,
    10.x, 172.16-31.x, 192.168.x, link-local, ``.local``): a visitor's phone cannot open it."""
    try:
        host = (urlsplit(url).hostname or "").lower()
    except ValueError:
        return True
    if not host or host.endswith((".localhost", ".local")) or ("." not in host and ":" not in host):
        return True  # localhost, a machine name of the network
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        return False
    return ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_unspecified
