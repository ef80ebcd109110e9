"""The filters of a view said in words: "CALL, zones d'activité d'au moins 10 ha disponibles"."""

from __future__ import annotations

from pma_map.catalogue import ASSET_LAYERS, EPCI_GLOSS_EN
from pma_map.filters import Filters
from pma_map.i18n import fmt_num, t
from pma_map.text import choice_text


def _join(items: list[str], lang: str) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {t('print.and', lang)} " + items[-1]


#: Communes named in the title at most.
MAX_NAMED = 6
#: First words of layer titles that are proper names (kept capitalised mid-sentence).
PROPER = ("Artois",)


def _lower_first(text: str) -> str:
    if text.split(" ", 1)[0] in PROPER or not text[1:2].islower():
        return text
    return text[:1].lower() + text[1:]


def scope_words(f: Filters, communes, lang: str) -> str:
    """Which part of the territory: agglomerations, communes, or the whole territory."""
    parts = []
    if f.epci:
        parts.append(_join([c if lang == "fr" else f"{c} ({EPCI_GLOSS_EN[c]})" for c in f.epci], lang))
    if f.communes:
        names = dict(zip(communes["insee"].astype(str), communes["nom"]))
        listed = [str(names.get(c, c)) for c in f.communes]
        if len(listed) > MAX_NAMED:  # the title stays short: the map and the link show the rest
            listed = listed[:MAX_NAMED - 1] + [t("print.more", lang, n=len(listed) - MAX_NAMED + 1)]
        parts.append(_join(listed, lang))
    return ", ".join(parts) if parts else t("print.whole", lang)


def layer_words(f: Filters, lang: str) -> str:
    """The layers shown, with the filters that narrow each."""
    out = []
    for name in f.layers:
        text = _lower_first(ASSET_LAYERS[name].title(lang))
        if name == "zones_activite":
            if f.vocations:
                text += " " + t("print.of_purpose", lang, values=_join(
                    [_lower_first(choice_text("vocation", v, lang)) for v in f.vocations], lang))
            if f.min_available_ha > 0:
                text += " " + t("print.at_least_ha", lang, ha=fmt_num(f.min_available_ha, lang,
                                                                      0 if f.min_available_ha == int(f.min_available_ha)
                                                                      else 1))
        if name == "sites_solaires" and f.solar_statuses:
            text += " " + t("print.status", lang, values=", ".join(
                _lower_first(choice_text("statut", s, lang)) for s in f.solar_statuses))
        out.append(text)
    return ", ".join(out) if out else t("print.no_layer", lang)


def filters_in_words(f: Filters, communes, lang: str) -> str:
    """The whole filter in one line."""
    return f"{scope_words(f, communes, lang)}, {layer_words(f, lang)}"
