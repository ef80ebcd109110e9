"""Errors of the core: a code, its values, and a text in French or English.

The core raises :class:`PmaError` (a ``ValueError``, so callers that catch
``ValueError`` keep working) with a code; its text is the i18n string
``err.<code>`` (:mod:`pma_map.i18n.errors`) filled with the values.
``str(error)`` is the French text (the command line and the staff pages);
a page in English shows :func:`error_text`.
"""

from __future__ import annotations


class PmaError(ValueError):
    """A refused input or request: ``code`` names the problem, ``params`` fill its text."""

    def __init__(self, code: str, **params):
        self.code = code
        self.params = params
        super().__init__(self.message("fr"))

    def message(self, lang: str = "fr") -> str:
        """The text in ``lang``: the problem and the fix."""
        from pma_map.i18n import t  # i18n reads the catalogue, which raises PmaError

        return t(f"err.{self.code}", lang, **self.params)


def error_text(exc: Exception, lang: str = "fr") -> str:
    """What to show a user of ``exc`` in ``lang`` (other errors keep their own text)."""
    return exc.message(lang) if isinstance(exc, PmaError) else str(exc)
