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


#: The time zone of the people who read the app's dates (history, rollbacks).
LOCAL_TZ = "Europe/Paris"
_TIME_FORMATS = {"fr": "d MMM y 'à' HH:mm", "en": "d MMM y 'at' HH:mm"}


def local_time(iso: str | None, lang: str = "fr") -> str:
    """A stored UTC time (``2026-12-02T01:07:29Z``) in Paris local time and words: ``2 déc. 2026 à 02:07``.

    Missing or unreadable values give "—" (never the raw text).
    """
    from datetime import UTC, datetime
    from zoneinfo import ZoneInfo

    from babel.dates import format_datetime

    from pma_map.i18n import norm_lang

    if not iso:
        return "—"
    try:
        when = datetime.fromisoformat(str(iso).replace("Z", "+00:00"))
    except ValueError:
        return "—"
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    lang = norm_lang(lang)
    return format_datetime(when, _TIME_FORMATS[lang], tzinfo=ZoneInfo(LOCAL_TZ),
                           locale={"fr": "fr_FR", "en": "en_GB"}[lang])


def when_text(date, lang: str) -> str:
    """A source date as words: "au 2 mai 2022", "en novembre 2026", "en 2018" (English: "as of ...")."""
    import datetime as dt

    from babel.dates import format_date

    raw = "" if is_missing(date) else str(date).strip()
    if not raw:
        return t("date.undated", lang)
    locale = "en_GB" if lang == "en" else "fr_FR"
    try:
        if len(raw) == 10:
            day = dt.date.fromisoformat(raw)
            return t("date.on_day", lang, date=format_date(day, "d MMMM y", locale=locale))
        if len(raw) == 7:
            month = dt.date.fromisoformat(raw + "-01")
            return t("date.in_month", lang, date=format_date(month, "MMMM y", locale=locale))
    except ValueError:
        pass
    return t("date.in_year", lang, date=raw)


def land_text(row, lang: str, short: bool = False) -> str | None:
    """The dated figure of land on sale in a zone, with its date and source (plain text), or None.

    ``"En 2018 : Zone logistique LD ... : 115 ha en cours d'aménagement ... (lagazettefrance.fr)"``
    (the published detail holds the figure: it is not said twice); without a detail
    ``"115 ha en 2018 (source)"``; ``short``: ``"Delta 3 : 115 ha en 2018"``.
    """
    value = row.get("surface_disponible_ha")
    if is_missing(value):
        return None
    number = fmt_num(float(value), lang, 0 if float(value).is_integer() else 1)
    when = when_text(row.get("disponible_date"), lang)
    if short:
        return t("land.short", lang, name=row.get("nom"), value=number, when=when)
    detail = row.get("disponible_detail_en" if lang == "en" else "disponible_detail")
    source = row.get("disponible_source")
    source = "" if is_missing(source) else str(source).strip()
    if is_missing(detail) or not str(detail).strip():
        text = t("land.figure_bare", lang, value=number, when=when)
    else:
        when = when.strip("()")
        text = t("land.figure", lang, when=when[:1].upper() + when[1:], detail=str(detail).strip())
    return f"{text} ({source})" if source else text
