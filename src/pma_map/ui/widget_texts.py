"""Streamlit's own widget texts in the page's language ("Select all", "No results",
"Drag and drop a file here", "Limit 25MB per file", the dataframe toolbar...).

Streamlit writes these in English and has no option for most of them. Where a widget
has one (``placeholder=``, ``label_visibility``) the pages use it; the rest is
translated in the browser by one small script, installed once per run by ``app.py``
for every page: a ``MutationObserver`` that rewrites the text nodes and the
``placeholder``, ``aria-label`` and ``title`` attributes that are exactly one of
Streamlit's strings. The strings are the ``widget.*`` keys of :mod:`pma_map.i18n.wording`
("en" is Streamlit's own text); on English pages the table runs the other way, so a
session that switches language gets Streamlit's English back.
"""

from __future__ import annotations

import json
import re

from pma_map.i18n import STRINGS, norm_lang

#: Parts of a widget text that vary, as regular expressions (JavaScript syntax).
_SLOTS = {"n": r"(\d[\d.,]*)", "rest": r"(.*)"}
_SLOT = re.compile(r"\{(\w+)\}")


def _pattern(template: str) -> tuple[str, list[str]]:
    """A template ("Select {n} matches") as an anchored regex and the names of its slots."""
    names: list[str] = []
    out, pos = [], 0
    for m in _SLOT.finditer(template):
        out.append(re.escape(template[pos:m.start()]))
        out.append(_SLOTS[m.group(1)])
        names.append(m.group(1))
        pos = m.end()
    out.append(re.escape(template[pos:]))
    # re.escape escapes spaces and some punctuation JavaScript does not need escaped, but
    # accepts (outside the "u" flag): "\ " is a space there too.
    return "^" + "".join(out) + "$", names


def tables() -> dict[str, dict]:
    """Per target language, the exact strings and the patterns to rewrite.

    ``{"fr": {"exact": {"No results": "Aucun résultat", ...}, "patterns": [[regex, template], ...]}, "en": ...}``;
    a template refers to the regex's groups as ``$1``, ``$2``.
    """
    out: dict[str, dict] = {}
    for target, other in (("fr", "en"), ("en", "fr")):
        exact: dict[str, str] = {}
        patterns: list[list[str]] = []
        for key, text in STRINGS.items():
            if not key.startswith("widget."):
                continue
            source, wanted = text[other], text[target]
            if source == wanted:
                continue
            if "{" not in source:
                exact.setdefault(source, wanted)
                continue
            regex, names = _pattern(source)
            template = _SLOT.sub(lambda m, names=names: f"${names.index(m.group(1)) + 1}", wanted)
            patterns.append([regex, template])
        out[target] = {"exact": exact, "patterns": patterns}
    return out


_SCRIPT = """
(function () {
  const T = window.__pmaWidgetTexts = window.__pmaWidgetTexts || {};
  T.lang = %(lang)s;
  T.tables = %(tables)s;
  const ATTRS = ["placeholder", "aria-label", "title"];
  const SKIP = 'script, style, [data-testid="stIconMaterial"]';
  function tr(text) {
    const tab = T.tables[T.lang];
    const trimmed = (text || "").trim();
    if (!trimmed || trimmed.length > 200) return null;
    let out = tab.exact[trimmed];
    if (out === undefined) {
      for (const [re, tpl] of tab.patterns) {
        const m = trimmed.match(new RegExp(re));
        if (m) { out = tpl.replace(/\\$(\\d)/g, (_, i) => m[+i]); break; }
      }
    }
    if (out === undefined || out === trimmed) return null;
    return text.replace(trimmed, out);
  }
  function fixText(node) {
    if (node.parentElement && node.parentElement.closest(SKIP)) return;
    const v = tr(node.nodeValue);
    if (v !== null) node.nodeValue = v;
  }
  function fixAttrs(el) {
    for (const a of ATTRS) {
      const val = el.getAttribute && el.getAttribute(a);
      if (val) { const v = tr(val); if (v !== null) el.setAttribute(a, v); }
    }
  }
  T.apply = function (root) {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    let n;
    while ((n = walker.nextNode())) fixText(n);
    fixAttrs(root);
    for (const el of root.querySelectorAll("[placeholder], [aria-label], [title]")) fixAttrs(el);
  };
  if (!T.observer) {
    T.observer = new MutationObserver((mutations) => {
      for (const m of mutations) {
        if (m.type === "characterData") fixText(m.target);
        else if (m.type === "attributes") fixAttrs(m.target);
        else for (const node of m.addedNodes) {
          if (node.nodeType === 3) fixText(node);
          else if (node.nodeType === 1) T.apply(node);
        }
      }
    });
    T.observer.observe(document.body, {subtree: true, childList: true, characterData: true,
                                       attributes: true, attributeFilter: ATTRS});
  }
  T.apply(document.body);
})();
"""

#: Hides the (empty) element that carries the script, so that it leaves no gap.
_CSS = 'div[data-testid="stElementContainer"]:has(.pma-widget-texts) { display: none; }'


def snippet(lang: str) -> str:
    """The HTML installed on every page: the translating script and the CSS that hides it."""
    body = _SCRIPT % {"lang": json.dumps(norm_lang(lang)), "tables": json.dumps(tables(), ensure_ascii=False)}
    return (f'<div class="pma-widget-texts" data-lang="{norm_lang(lang)}"></div>'
            f"<style>{_CSS}</style><script>{body}</script>")


#: Session-state key: the language whose script this browser tab already runs.
_INSTALLED = "_pma_widget_texts_lang"


def install(lang: str) -> None:
    """Put the script on the page once per session and language: the observer and its table live on
    in the tab (``window.__pmaWidgetTexts``) after the element is gone, so a rerun in the same
    language sends nothing (7 kB re-sent by every rerun before, e.g. each filter change)."""
    import streamlit as st

    lang = norm_lang(lang)
    if st.session_state.get(_INSTALLED) == lang:
        # An empty element in the same place: every later element keeps its position on the
        # page (one less would shift the map's, and Streamlit would mount its frame again).
        st.empty()
        return
    st.html(snippet(lang), unsafe_allow_javascript=True)
    st.session_state[_INSTALLED] = lang
