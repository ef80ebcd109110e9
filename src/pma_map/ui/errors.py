"""Errors on a page: a message in the page's language for the user, the details in the server log.

``client.showErrorDetails = "none"`` (``.streamlit/config.toml``) keeps Streamlit
from sending tracebacks to the browser; :func:`guard` goes further and replaces
Streamlit's generic English box with a French or English message saying what
to do, with a short reference that is also written in the server log next to
the traceback.

    with guard(lang):
        ...  # the part of the page that may fail

The router wraps every page in it (``app.py``); pages add finer guards where
one part may fail and the rest of the page is still useful.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Iterator
from contextlib import contextmanager

import streamlit as st

from pma_map.i18n import t

log = logging.getLogger("pma_map.ui")


def new_ref() -> str:
    """A short reference that ties the message a user reads to the server log."""
    return secrets.token_hex(4)


def report(exc: BaseException, what: str) -> str:
    """Log ``exc`` with its traceback on the server; return the reference to show."""
    ref = new_ref()
    log.error("error %s in %s: %s", ref, what, exc, exc_info=(type(exc), exc, exc.__traceback__))
    return ref


@contextmanager
def guard(lang: str, what: str = "page", container=None) -> Iterator[None]:
    """Catch any error of the block: log it, show a message in ``lang`` (never a traceback).

    Streamlit's own control flow (``st.stop``, ``st.rerun``) is not an ``Exception``
    and passes through.
    """
    try:
        yield
    except Exception as exc:  # noqa: BLE001 - the whole point: no error reaches the browser
        ref = report(exc, what)
        (container or st).error(t("staff.error.page", lang, ref=ref), icon=":material/error:")
