"""All interface strings, in French and English, in one catalogue.

Each domain keeps its strings in a module of this package (``core``, ...);
every module found here is merged (a new module needs no registration).
Layer and field titles come from the catalogue (``layers``: keys
``layer.<name>`` and ``field.<layer>.<field>``); error texts are ``errors``.
``t(key, lang, **values)`` looks one up; numbers and dates follow the
language through babel.
"""

from __future__ import annotations

import importlib
import pkgutil

from babel.numbers import format_decimal, format_percent

LANGS = ("fr", "en")
DEFAULT_LANG = "fr"
_LOCALES = {"fr": "fr_FR", "en": "en_GB"}

STRINGS: dict[str, dict[str, str]] = {}
#: Every module of this package holding a ``STRINGS`` table, in name order.
_MODULES = [importlib.import_module(f"{__name__}.{info.name}") for info in pkgutil.iter_modules(__path__)]
for _module in _MODULES:
    for _key, _value in getattr(_module, "STRINGS", {}).items():
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
    """A share as a percentage: "21 %" in French (narrow no-break space), "21%" in English."""
    if ratio is None:
        return "—"
    pattern = "#,##0%" if norm_lang(lang) == "en" else "#,##0 %"
    return format_percent(ratio, format=pattern, locale=_LOCALES[norm_lang(lang)])
