"""All interface strings, in French and English, in one catalogue.

Each domain keeps its strings in a module of this package (``core``, ...);
they are merged here. ``t(key, lang, **values)`` looks one up; numbers and
dates follow the language through babel.
"""

from __future__ import annotations

from babel.numbers import format_decimal, format_percent

from pma_map.i18n import core, hardening, investor, publish

LANGS = ("fr", "en")
DEFAULT_LANG = "fr"
_LOCALES = {"fr": "fr_FR", "en": "en_GB"}

STRINGS: dict[str, dict[str, str]] = {}
for _module in (core, publish, investor, hardening):
    for _key, _value in _module.STRINGS.items():
        if _key in STRINGS:
            raise RuntimeError(f"i18n key defined twice: {_key}")
        STRINGS[_key] = _value


def norm_lang(lang: str | None) -> str:
    """``fr`` or ``en``; anything else falls back to French."""
    return lang if lang in LANGS else DEFAULT_LANG


def t(key: str, lang: str = DEFAULT_LANG, **values) -> str:
    """The string ``key`` in ``lang``, formatted with ``values``."""
    try:
        text = STRINGS[key][norm_lang(lang)]
    except KeyError:
        raise KeyError(f"missing i18n key {key!r} for {lang!r}") from None
    return text.format(**values) if values else text


def fmt_num(value: float | int | None, lang: str = DEFAULT_LANG, decimals: int = 0) -> str:
    """A number in the conventions of ``lang`` (19,1 / 19.1); None is "not published"."""
    if value is None:
        return t("value.unpublished", lang)
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(value, format=pattern, locale=_LOCALES[norm_lang(lang)])


def fmt_pct(ratio: float | None, lang: str = DEFAULT_LANG) -> str:
    """A share as a percentage (21 %, 21%)."""
    if ratio is None:
        return "—"
    return format_percent(ratio, format="#,##0 %", locale=_LOCALES[norm_lang(lang)])
