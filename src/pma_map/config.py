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


#: Proxies whose ``X-Forwarded-For`` is believed, when none are configured: this machine
#: (the shipped nginx runs beside the replicas). ``PMA_MAP_TRUSTED_PROXIES`` replaces the list.
DEFAULT_TRUSTED_PROXIES = ("127.0.0.1/8", "::1/128")


def trusted_proxies(env: Mapping[str, str] | None = None) -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    """Networks of the reverse proxies in front of the app (``PMA_MAP_TRUSTED_PROXIES``: addresses
    or CIDR blocks separated by commas; loopback by default). Raises ``ValueError`` naming a bad entry."""
    env = os.environ if env is None else env
    text = str(env.get("PMA_MAP_TRUSTED_PROXIES", "") or "").strip()
    entries = [e.strip() for e in text.split(",") if e.strip()] if text else list(DEFAULT_TRUSTED_PROXIES)
    networks = []
    for entry in entries:
        try:
            networks.append(ipaddress.ip_network(entry, strict=False))
        except ValueError:
            raise ValueError(f"PMA_MAP_TRUSTED_PROXIES : « {entry[:60]} » n'est ni une adresse IP ni un bloc "
                             "CIDR (exemple : 10.0.0.5, 10.0.0.0/24).") from None
    return networks


def client_address(peer: str | None, forwarded_for: str | None,
                   trusted: list[ipaddress.IPv4Network | ipaddress.IPv6Network]) -> str | None:
    """The address of the person's browser, for per-address sign-in limits.

    ``peer`` is the address of the connection (None when it is this machine, as Streamlit
    reports it). When the peer is a trusted proxy, ``X-Forwarded-For`` is read from the
    right, each hop appended by a trusted proxy, up to the first address that is not a proxy:
    entries a browser wrote itself, further left, are never believed (the farthest hop when
    every hop is a proxy). Otherwise the peer.
    """
    def is_trusted(text: str) -> bool:
        try:
            address = ipaddress.ip_address(text)
        except ValueError:
            return False
        return any(address in net for net in trusted if net.version == address.version)

    if peer is not None and not is_trusted(peer):
        return peer
    hops = [h.strip().strip("[]") for h in str(forwarded_for or "").split(",") if h.strip()]
    for hop in reversed(hops):
        try:
            ipaddress.ip_address(hop)
        except ValueError:
            return peer  # a forged or broken header: the connection's own address
        if not is_trusted(hop):
            return hop
    return hops[0] if hops else peer  # only proxies on the way: the farthest one


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
