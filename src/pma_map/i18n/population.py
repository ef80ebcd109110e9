"""Strings of the populations with their year (issue 15), French and English.

No package name here: users read where a figure comes from (INSEE's census,
IGN's boundaries), never how the project fetched it.
"""

from __future__ import annotations

STRINGS: dict[str, dict[str, str]] = {
    "population.label": {"fr": "Population municipale {year}", "en": "Municipal population {year}"},
    "population.label_undated": {"fr": "Population municipale (année non précisée)",
                                 "en": "Municipal population (year not given)"},
    "population.vintage": {"fr": "population municipale {year}, en vigueur au 1er janvier {in_force}",
                           "en": "municipal population {year}, in force from 1 January {in_force}"},
    "population.source": {
        "fr": "Population municipale {year} (INSEE, recensement ; limites IGN ADMIN EXPRESS)",
        "en": "Municipal population {year} (INSEE, census; boundaries IGN ADMIN EXPRESS)",
    },
    "population.source_other": {"fr": "Population municipale {year} (source : {source})",
                                "en": "Municipal population {year} (source: {source})"},
    "population.in_force": {"fr": ", en vigueur au 1er janvier {year}.", "en": ", in force from 1 January {year}."},
    "population.share": {"fr": "la population municipale {year} de la sélection en représente {share}",
                         "en": "the selection's municipal population {year} accounts for {share}"},
    "population.change": {"fr": "{sign}{value}\u00a0% depuis {year}", "en": "{sign}{value}% since {year}"},
    "population.earlier": {"fr": "Population municipale {year} : {value} habitants (INSEE).",
                           "en": "Municipal population {year}: {value} inhabitants (INSEE)."},
    "population.indicator_help": {
        "fr": "Somme des populations municipales des communes choisies ({vintage}, INSEE).",
        "en": "Sum of the municipal populations of the chosen municipalities ({vintage}, INSEE).",
    },
}
