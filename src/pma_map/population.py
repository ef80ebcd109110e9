"""A commune's population said with its year, and its change since 2017.

Pure functions: plain values (or a communes GeoDataFrame) in, text or numbers
out. ``population_annee`` holds INSEE's wording of the vintage ("population
municipale 2023, en vigueur au 1er janvier 2026"); every place that shows a
population builds its label and source line here, in French or English.
"""

from __future__ import annotations

import re

from babel.numbers import format_decimal

from pma_map.catalogue import SRC_COMMUNES
from pma_map.i18n import _LOCALES, fmt_num, norm_lang, t
from pma_map.text import is_missing

#: Year of the figures kept beside the latest ones (``population_2017``).
EARLIER_YEAR = "2017"

_YEAR = re.compile(r"\b(1[89]\d\d|2\d\d\d)\b")
_IN_FORCE = re.compile(r"en vigueur au 1er janvier (\d{4})")


def vintage_year(annee) -> str | None:
    """The census year of a vintage ("population municipale 2023, …" → "2023"), or None."""
    if is_missing(annee):
        return None
    found = _YEAR.search(str(annee))
    return found.group(1) if found else None


def vintage_text(annee, lang: str = "fr") -> str | None:
    """The vintage in words in ``lang`` ("municipal population 2023, in force from 1 January 2026")."""
    year = vintage_year(annee)
    if year is None:
        return None
    in_force = _IN_FORCE.search(str(annee))
    if in_force:
        return t("population.vintage", lang, year=year, in_force=in_force.group(1))
    return label(annee, lang)


def label(annee, lang: str = "fr") -> str:
    """"Population municipale 2023" / "Municipal population 2023" (or says the year is not given)."""
    year = vintage_year(annee)
    return t("population.label", lang, year=year) if year else t("population.label_undated", lang)


def source_line(row, lang: str = "fr") -> str:
    """Where a commune's population comes from, with its year, in citizens' words.

    "Population municipale 2023 (INSEE, recensement ; limites IGN ADMIN EXPRESS)";
    a layer published from another source names that source.
    """
    year = vintage_year(row.get("population_annee"))
    source = row.get("source")
    if year is None:
        date = row.get("source_date")
        return f"{source} ({date})" if not is_missing(date) and date else str(source)
    if is_missing(source) or not source or source == SRC_COMMUNES:
        return t("population.source", lang, year=year)
    return t("population.source_other", lang, year=year, source=source)


def change(population, earlier) -> float | None:
    """Relative change from ``earlier`` to ``population`` (0.012 for +1.2 %), or None."""
    if is_missing(population) or is_missing(earlier) or not earlier:
        return None
    return float(population) / float(earlier) - 1


def change_text(population, earlier, lang: str = "fr", year: str = EARLIER_YEAR) -> str | None:
    """"+1,2 % depuis 2017" / "+1.2% since 2017" (one decimal; "-" when it fell), or None."""
    ratio = change(population, earlier)
    if ratio is None:
        return None
    pct = round(ratio * 100, 1)
    sign = "+" if pct > 0 else "-" if pct < 0 else ""
    value = format_decimal(abs(pct), format="#,##0.0", locale=_LOCALES[norm_lang(lang)])
    return t("population.change", lang, sign=sign, value=value, year=year)


def layer_vintage(communes) -> str | None:
    """The ``population_annee`` of a communes layer (several joined by " ; "), or None."""
    if communes is None or "population_annee" not in getattr(communes, "columns", ()):
        return None
    values = sorted({str(v) for v in communes["population_annee"] if not is_missing(v) and str(v).strip()})
    return " ; ".join(values) or None


def indicator_label(key: str, vintage, lang: str = "fr") -> str:
    """An indicator's name; the population's says its year ("Population municipale 2023")."""
    if key == "population" and vintage_year(vintage):
        return label(vintage, lang)
    return t(f"indicator.{key}", lang)


def earlier_text(earlier, lang: str = "fr", year: str = EARLIER_YEAR) -> str | None:
    """"Population municipale 2017 : 32 523 habitants (INSEE)." or None without the figure."""
    if is_missing(earlier):
        return None
    return t("population.earlier", lang, year=year, value=fmt_num(earlier, lang))


def caption(row, lang: str = "fr") -> str:
    """The source line under a commune's figures, with the date the figures came into force.

    "Population municipale 2023 (INSEE, recensement ; limites IGN ADMIN EXPRESS),
    en vigueur au 1er janvier 2026."
    """
    annee = row.get("population_annee")
    if vintage_year(annee) is None:
        return t("commune.source", lang, source=row.get("source"), date=row.get("source_date"))
    in_force = _IN_FORCE.search(str(annee))
    if in_force:
        return source_line(row, lang) + t("population.in_force", lang, year=in_force.group(1))
    return source_line(row, lang) + "."
