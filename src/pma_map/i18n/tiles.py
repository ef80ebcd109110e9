"""Texts of the layers drawn from vector tiles (:mod:`pma_map.map.vector_tiles`)."""

from __future__ import annotations

STRINGS: dict[str, dict[str, str]] = {
    "tiles.zoom_hint": {
        "fr": "{layer} : {count} objets, visibles à partir du zoom {zoom}. Zoomez pour les afficher.",
        "en": "{layer}: {count} features, shown from zoom level {zoom}. Zoom in to see them."},
    "err.tippecanoe_missing": {
        "fr": "Le programme de découpage en tuiles est introuvable : les couches denses sont envoyées "
              "en fichiers, plus lents à afficher. Réinstallez les dépendances de l'application.",
        "en": "The tile cutting program was not found: dense layers are sent as files, slower to "
              "draw. Install the application's dependencies again."},
    "err.tiles_failed": {
        "fr": "Le découpage en tuiles de la couche {layer} a échoué ({detail}). La version est publiée ; "
              "relancez « pma-map publish » ou signalez-le à l'exploitant.",
        "en": "Cutting layer {layer} into tiles failed ({detail}). The version is published; "
              "publish again or tell the operator."},
}
STRINGS.update({
    "err.catalogue_bad_limit": {
        "fr": "Catalogue : la limite d'envoi « {limit} » de la couche {layer} vaut {value} ; elle doit être "
              "un nombre entier positif (ou None pour garder la limite commune). Corrigez-la dans "
              "catalogue.py (UploadLimits).",
        "en": "Catalogue: upload limit “{limit}” of layer {layer} is {value}; it must be a positive whole "
              "number (or None to keep the common limit). Fix it in catalogue.py (UploadLimits)."},
    "err.catalogue_bad_min_zoom": {
        "fr": "Catalogue : le zoom minimal des tuiles de la couche {layer} vaut {value} ; il doit être un "
              "entier de 0 à 14. Corrigez tiles_min_zoom dans catalogue.py.",
        "en": "Catalogue: the minimum tile zoom of layer {layer} is {value}; it must be a whole number "
              "from 0 to 14. Fix tiles_min_zoom in catalogue.py."},
})
