"""Attribute values as text a person reads: escaped for HTML, coded values in words.

Shared by the map's popups, the PDF sheets and the Streamlit widgets; it
imports neither folium nor Streamlit. Attribute values are untrusted: every
one that reaches HTML goes through :func:`esc`.
"""

from __future__ import annotations

import html
from functools import lru_cache

import pandas as pd

from pma_map.i18n import STRINGS, fmt_num, t


def esc(value) -> str:
    """A value as safe HTML text (attribute values are untrusted).

    Braces become HTML entities too: folium renders each element's script
    through Jinja again, so ``{{ ... }}`` in an attribute value would be
    evaluated on the server (or break the map).
    """
    text = html.escape("" if value is None else str(value), quote=True)
    return text.replace("{", "&#123;").replace("}", "&#125;")


#: Characters Markdown or HTML give a meaning to, as numeric character references (shown as
#: themselves, never parsed); line breaks become spaces (no new block from a value).
_MD_HTML = {ord(c): f"&#{ord(c)};" for c in "\\`*_{}[]()#+-.!|<>~$:&\"'=@%"}
_MD_HTML.update({ord("\n"): " ", ord("\r"): " "})


def esc_md(value) -> str:
    """A value as inert text for ``st.markdown(..., unsafe_allow_html=True)``: no link, image,
    emphasis or tag can come out of it (``esc`` alone leaves ``![x](http://...)`` to Markdown)."""
    return ("" if value is None else str(value)).translate(_MD_HTML)


def http_url(value) -> str | None:
    """``value`` when it is a plain http(s) address with a host, else None (no javascript:, data:...)."""
    from urllib.parse import urlsplit

    if not isinstance(value, str):
        return None
    url = value.strip()
    if not url or any(ord(ch) < 33 or ch in "\"'<>\\`" for ch in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    return url if parts.scheme in ("http", "https") and parts.hostname else None


def is_missing(value) -> bool:
    if value is None:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def choice_text(field: str, value, lang: str) -> str:
    """A coded value in ``lang`` ("en service" → "In operation"); other text unchanged."""
    key = f"choice.{field}.{value}"
    return t(key, lang) if key in STRINGS else str(value)


@lru_cache(maxsize=65_536)
def number_text(value: float, lang: str, decimals: int) -> str:
    """A number formatted by babel (slow: dense layers repeat values) and escaped."""
    return esc(fmt_num(value, lang, decimals))


def precision_text(precision: str, lang: str) -> str:
    return t("precision.approximate" if precision == "approximate" else "precision.surveyed", lang)
