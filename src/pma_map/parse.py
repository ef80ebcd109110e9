"""Numbers typed or exported the French way: decimal comma, spaces between thousands.

One reader for every place a number arrives as text: spreadsheet columns
(:func:`to_number`), address parameters and command-line values (:func:`parse_number`).
"""

from __future__ import annotations

import pandas as pd


def parse_number(value) -> float:
    """``"1,5"`` or ``"1.5"`` as 1.5; a ``ValueError`` when it is not a number."""
    return float(str(value).replace(",", "."))


def to_number(series: pd.Series) -> pd.Series:
    """A column of numbers written with a decimal comma or point (spaces, also non-breaking, between
    thousands) as floats; anything else, blanks included, is NaN."""
    text = series.astype("string").str.strip().str.replace("\u00a0", "", regex=False)
    text = text.str.replace(" ", "", regex=False).str.replace(",", ".", regex=False)
    return pd.to_numeric(text.replace({"": None}), errors="coerce")
