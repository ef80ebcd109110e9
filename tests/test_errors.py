"""Core errors carry a code; their text comes from i18n in French (str) and English."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pma_map.catalogue import get_layer
from pma_map.errors import PmaError, error_text
from pma_map.filters import Filters
from pma_map.i18n import STRINGS
from pma_map.invest.finder import Criteria, check_shortlist

SRC = Path(__file__).resolve().parents[1] / "src" / "pma_map"


def test_error_has_code_french_str_and_english_message():
    """A refused input names its code; str() stays French, message('en') is English."""
    with pytest.raises(PmaError) as caught:
        Criteria(vocations=("spatiale",))
    err = caught.value
    assert isinstance(err, ValueError)
    assert err.code == "unknown_vocation"
    assert str(err).startswith("Vocation inconnue : spatiale.")
    assert err.message("en").startswith("Unknown purpose: spatiale.")
    assert error_text(err, "en") == err.message("en")
    assert error_text(ValueError("autre"), "en") == "autre"


@pytest.mark.parametrize("call, code", [
    (lambda: get_layer("routes"), "unknown_layer"),
    (lambda: Filters(epci=("XYZ",)), "unknown_filter_value"),
    (lambda: Filters(min_available_ha=-1), "negative_min_area"),
    (lambda: Criteria(max_port_km=-2), "negative_distance"),
    (lambda: check_shortlist(["a"]), "shortlist_size"),
])
def test_core_errors_read_both_languages(call, code):
    """Each error's French and English texts exist and differ (no French on English pages)."""
    with pytest.raises(PmaError) as caught:
        call()
    assert caught.value.code == code
    fr, en = str(caught.value), caught.value.message("en")
    assert fr and en and fr != en
    assert "«" not in en and " : " not in en


def test_every_error_text_has_both_languages_and_a_raiser():
    """Every err.* string is in both languages and raised somewhere in the core; none is orphaned."""
    codes = {k[4:] for k in STRINGS if k.startswith("err.")}
    for code in codes:
        assert STRINGS[f"err.{code}"]["fr"] and STRINGS[f"err.{code}"]["en"], code
    source = "".join(p.read_text("utf-8") for p in SRC.rglob("*.py"))
    raised = set(re.findall(r'PmaError\("(\w+)"', source))
    assert raised == codes
