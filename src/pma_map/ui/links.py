"""The public address of the app, as the visitor reached it, for links and QR codes."""

from __future__ import annotations

import os

import streamlit as st

from pma_map.config import is_local_url, request_base_url
from pma_map.i18n import t
from pma_map.ui.widgets import md_escape


def _headers() -> dict:
    try:
        return dict(st.context.headers)
    except Exception:  # no request (bare script run): the configured or default address
        return {}


def public_base_url() -> str:
    """``PMA_MAP_BASE_URL`` when set, otherwise the address in the browser's request (with the
    server's ``server.baseUrlPath`` when the app is served under a path)."""
    base = request_base_url(_headers())
    if os.environ.get("PMA_MAP_BASE_URL", "").strip():
        return base
    path = str(st.get_option("server.baseUrlPath") or "").strip("/")
    if path and not base.endswith("/" + path):
        base = f"{base}/{path}"
    return base


def local_address_warning(lang: str, base: str | None = None) -> bool:
    """Warn the staff when links would point at a local address; True when warned."""
    base = base or public_base_url()
    if not is_local_url(base):
        return False
    st.warning(md_escape(t("links.local_warning", lang, url=base)), icon=":material/qr_code_2:")
    return True
