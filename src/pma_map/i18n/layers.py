"""Layer and field titles, read from the catalogue (written there only).

``layer.<name>`` is a layer's title, ``field.<layer>.<field>`` a field's label,
so any interface string can name a layer or a field through :func:`pma_map.i18n.t`
without repeating the catalogue.
"""

from __future__ import annotations

from pma_map.catalogue import LAYERS

STRINGS: dict[str, dict[str, str]] = {}
for _spec in LAYERS.values():
    STRINGS[f"layer.{_spec.name}"] = {"fr": _spec.title("fr"), "en": _spec.title("en")}
    for _field in _spec.fields:
        STRINGS[f"field.{_spec.name}.{_field.name}"] = {"fr": _field.label("fr"), "en": _field.label("en")}
