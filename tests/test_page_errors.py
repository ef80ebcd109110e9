"""No page ever shows a traceback: errors become a message in the page's language, logged on the server."""

from __future__ import annotations

import logging
import os
import re
import tomllib
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[1]
TIMEOUT = 90
PAGES = ["explorer", "commune", "investir", "visite"]


def test_streamlit_never_sends_error_details():
    """.streamlit/config.toml turns error details off with a value this Streamlit accepts."""
    from streamlit.config import ShowErrorDetailsConfigOptions

    cfg = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    value = cfg["client"]["showErrorDetails"]
    assert value == ShowErrorDetailsConfigOptions.NONE.value


@pytest.fixture
def broken_store(tiny_geo_dir):
    """Communes that cannot be read at all: no published version and a damaged bundled file
    (a corrupt pointer alone is survived since the store falls back to the bundled version)."""
    (tiny_geo_dir / "communes.geojson").write_text("{pas du json", encoding="utf-8")
    return tiny_geo_dir


def shown_text(at: AppTest) -> str:
    parts = []
    for kind in (at.markdown, at.error, at.warning, at.info, at.success, at.caption, at.title,
                 at.subheader):
        parts += [str(e.value) for e in kind]
    return "\n".join(parts)


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("page", PAGES)
def test_page_error_shows_a_message_not_a_traceback(broken_store, caplog, page, lang):
    """Every public page, when its data cannot be read: a message with a reference, no traceback, no path."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    if lang == "en":
        at.query_params["lang"] = "en"
    if page == "visite":
        at.query_params["mode"] = "kiosk"  # the tour itself (its launcher reads no data)
    else:
        at.switch_page(f"pages/{page}.py")
    with caplog.at_level(logging.ERROR, logger="pma_map.ui"):
        at.run()
    assert not at.exception, at.exception  # Streamlit's exception element (the traceback) is absent
    errors = [e.value for e in at.error]
    want = "Rechargez la page" if lang == "fr" else "Reload the page"
    message = next(e for e in errors if want in e)
    ref = re.search(r"\b[0-9a-f]{8}\b", message).group(0)
    text = shown_text(at)
    assert "Traceback" not in text and "JSONDecodeError" not in text
    assert ".py" not in text and os.sep + "tmp" not in text and str(ROOT) not in text
    logged = [r for r in caplog.records if ref in r.getMessage()]
    assert logged and logged[0].exc_info  # the details are on the server, with the same reference


def test_guard_lets_streamlit_control_flow_through():
    """st.stop and st.rerun are not errors: the guard does not swallow them."""
    from streamlit.runtime.scriptrunner_utils.exceptions import RerunException, StopException

    from pma_map.ui.errors import guard

    for exc in (StopException(), RerunException(None)):
        with pytest.raises(type(exc)), guard("fr"):
            raise exc
