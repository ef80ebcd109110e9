"""Each repeated fact is defined once in the package (issue 12: "one place per fact")."""

from __future__ import annotations

import re
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "pma_map"


def definitions(pattern: str) -> list[str]:
    """Files (relative to the package) with a line matching ``pattern``."""
    rx = re.compile(pattern, re.MULTILINE)
    return sorted(p.relative_to(SRC).as_posix() for p in SRC.rglob("*.py") if rx.search(p.read_text("utf-8")))


def test_repeated_constants_are_defined_once():
    """CRS constants, the feature limit, the access kinds, the number readers, the atomic writer: one home each."""
    assert definitions(r'^\w+\s*=\s*"EPSG:(4326|2154)"') == ["geo.py"]
    assert definitions(r"^MAX_FEATURES\s*=") == ["publish/ingest.py"]
    assert definitions(r"^ACCESS_KINDS\b.*=") == ["catalogue.py"]
    assert definitions(r"^KEY_FIGURE\s*=") == []
    assert definitions(r"^def _?to_number\(") == ["parse.py"]
    assert definitions(r'\.replace\(",", "\."\)') == ["parse.py"]
    assert definitions(r"^def atomic_write") == ["fileio.py"]
    assert definitions(r"\.to_crs\(LAMBERT93\)\.representative_point\(\)") == ["geo.py"]
