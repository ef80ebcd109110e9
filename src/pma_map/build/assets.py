"""Build the five asset layers of data/geo from the published facts.

The sites are kept below as readable tables (one list of dicts per layer),
copied from the reference facts of the project: name, communes by name,
published figures, source and date. Nothing here is a surveyed geometry: the
code places every feature by hand and flags it ``precision="approximate"``.

Placement rules:

- a point comes from ``LIEUX`` (approximate WGS84 coordinates, good to about
  500 m) when the site has one, else from the representative point of its
  commune (or of the union of its communes);
- a polygon is a disc centred on that point whose area equals the published
  area, or ``DEFAULT_HA`` when no area is published; it is clipped to the
  union of its communes unless clipping would keep less than 80 % of it;
- a greenway is a polyline through the representative points of its
  communes, in the published order (or through a ``LIEUX`` point given for a
  commune).

A figure nobody published stays None (null). Where sources disagree, the main
figure goes in its field and the other ones, with their source, in the
description (or ``historique`` for solar sites).
"""

from __future__ import annotations

import math
import unicodedata
from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely
from shapely.geometry import LineString, Point

from pma_map import catalogue
from pma_map.build.reference import write_layer
from pma_map.geo import LAMBERT93, WGS84

#: Disc area (ha) drawn for a site whose area nobody published.
DEFAULT_HA = 10.0
#: Segments per quarter circle of a disc.
QUAD_SEGS = 16
#: Clipping to the communes is kept only if it keeps this share of the disc.
MIN_CLIP_SHARE = 0.8
#: Date given to web pages that carry no date: the month their facts were
#: gathered for the project (reference facts, November 2026).
RELEVE = "2026-11"
# Notes added to the descriptions, in citizens' words (they reach popups and PDF
# sheets): how exact the drawing is, never how the code placed it.
NOTE_RELEVE = "Page web non datée : la date indiquée est celle de sa consultation."
NOTE_POINT = "Emplacement approximatif, à environ 500 m près."
NOTE_POINT_COMMUNE = "Emplacement approximatif : le point indique la commune, pas le site lui-même."
NOTE_DISC = "Contour approximatif : un cercle de la surface publiée, pas les limites réelles du site."
NOTE_DISC_DEFAULT = ("Contour approximatif : un cercle de taille indicative (surface non publiée), "
                     "pas les limites réelles du site.")
NOTE_LINE = "Tracé approximatif reliant les communes traversées, pas le parcours exact de la voie."
# The same notes in English, for ``description_en``.
NOTE_RELEVE_EN = "Undated web page: the date given is the date it was consulted."
NOTE_POINT_EN = "Approximate location, within about 500 m."
NOTE_POINT_COMMUNE_EN = "Approximate location: the marker shows the municipality, not the site itself."
NOTE_DISC_EN = "Approximate outline: a circle of the published area, not the site's real boundary."
NOTE_DISC_DEFAULT_EN = ("Approximate outline: a circle of indicative size (area not published), "
                        "not the site's real boundary.")
NOTE_LINE_EN = "Approximate line joining the municipalities crossed, not the exact route of the path."

#: Approximate coordinates (lat, lon), from the reference facts.
LIEUX = {
    "louvre-lens": (50.4313, 2.8040),
    "stade-bollaert": (50.4329, 2.8150),
    "base-11-19": (50.4580, 2.7820),
    "olhain": (50.4400, 2.5850),
    "notre-dame-de-lorette": (50.4010, 2.7190),
    "memorial-vimy": (50.3795, 2.7740),
    "parc-des-industries": (50.5150, 2.8400),
    "delta-3": (50.4300, 3.0050),
    "9-9bis": (50.4700, 2.9930),
    "arena-vivalley": (50.4160, 2.7700),
    "bethune-grand-place": (50.5300, 2.6400),
    "leforest-centre": (50.4380, 3.0650),
    "loisinord": (50.4750, 2.6550),
}

SRC_2022 = catalogue.SRC_RAPPORT_2022

# --- Chaîne des parcs ------------------------------------------------------

PARCS = [
    {
        "id": "parc-olhain", "nom": "Parc départemental d'Olhain",
        "communes": ["Maisnil-lès-Ruitz"], "lieu": "olhain", "surface_publiee_ha": 450.0,
        "groupe": "Contreforts de l'Artois", "membre_confirme": "confirmé",
        "description": (
            "450 ha, 700 000 visiteurs par an, belvédère de 221 m (lagazettefrance.fr). "
            "Belvédère installé en 2022, label « Terre de Jeux 2024 », départ du Ch'ti Bike "
            "Tour (PMA, Rapport d'activité 2022)."
        ),
        "source": "lagazettefrance.fr (article sur Olhain) ; PMA, Rapport d'activité 2022",
        "source_date": RELEVE,
    },
    {
        "id": "parc-des-iles", "nom": "Parc des Îles",
        "communes": ["Drocourt", "Hénin-Beaumont", "Rouvroy"], "surface_publiee_ha": 45.0,
        "groupe": None, "membre_confirme": "confirmé",
        "description": "Parc de 45 ha dans une ancienne cokerie de 160 ha, ouvert en 2013.",
        "source": "ilex-paysages.com ; euralens.org", "source_date": RELEVE,
    },
    {
        "id": "parc-glissoire", "nom": "Parc de la Glissoire",
        "communes": ["Avion"], "surface_publiee_ha": None,
        "groupe": None, "membre_confirme": "confirmé",
        "description": "Depuis 1976 : étangs, marais, terril, plage. Surface non publiée.",
        "source": "ville-avion.fr", "source_date": RELEVE,
    },
    {
        "id": "parc-base-11-19", "nom": "Base 11/19 et terrils jumeaux",
        "communes": ["Loos-en-Gohelle"], "lieu": "base-11-19", "surface_publiee_ha": 110.0,
        "groupe": None, "membre_confirme": "confirmé",
        "description": "110 ha ; terrils jumeaux de 186 m de haut. Étape de l'EuroVelo 5.",
        "source": "villepilote.loos-en-gohelle.fr", "source_date": RELEVE,
    },
    {
        "id": "parc-marcel-cabiddu", "nom": "Parc Marcel Cabiddu",
        "communes": ["Wingles", "Douvrin", "Billy-Berclau"], "surface_publiee_ha": 250.0,
        "groupe": None, "membre_confirme": "confirmé",
        "description": "250 ha, espace naturel protégé, lac.",
        "source": "radioplus.fr", "source_date": RELEVE,
    },
    {
        "id": "parc-loisinord", "nom": "Loisinord",
        "communes": ["Nœux-les-Mines"], "lieu": "loisinord", "surface_publiee_ha": None,
        "groupe": None, "membre_confirme": "confirmé",
        "description": (
            "Piste de ski synthétique de 320 m sur le terril n° 42, depuis 1996. "
            "Surface non publiée."
        ),
        "source": "autourdulouvrelens.fr", "source_date": RELEVE,
    },
    {
        "id": "parc-louvre-lens", "nom": "Parc du Louvre-Lens",
        "communes": ["Lens"], "lieu": "louvre-lens", "surface_publiee_ha": 20.0,
        "groupe": "Centralité", "membre_confirme": "confirmé",
        "description": (
            "20 ha sur l'ancienne fosse 9 et le terril 68 (louvrelens.fr). Cabane Shiver "
            "House (Odyssée des cabanes) ; 5 millionième visiteur du musée le 9 novembre "
            "2022, 571 047 visites en 2022 (PMA, Rapport d'activité 2022)."
        ),
        "source": "louvrelens.fr ; PMA, Rapport d'activité 2022", "source_date": RELEVE,
    },
    {
        "id": "parc-berges-souchez", "nom": "Parc des Berges de la Souchez",
        "communes": ["Loison-sous-Lens", "Noyelles-sous-Lens", "Fouquières-lès-Lens",
                     "Harnes", "Courrières"],
        "surface_publiee_ha": 300.0, "groupe": "Berges de la Souchez",
        "membre_confirme": "confirmé",
        "description": "Plus de 300 ha le long de 10 km de la Souchez.",
        "source": "tourisme-lens.fr", "source_date": RELEVE,
    },
    {
        "id": "parc-notre-dame-de-lorette", "nom": "Colline de Notre-Dame-de-Lorette",
        "communes": ["Ablain-Saint-Nazaire"], "lieu": "notre-dame-de-lorette",
        "surface_publiee_ha": None, "groupe": None, "membre_confirme": "non confirmé",
        "description": (
            "Nécropole nationale de la Première Guerre mondiale, Anneau de la Mémoire. "
            "Sur le parcours du Trail des Pyramides Noires (PMA, Rapport d'activité 2022). "
            "Appartenance à la Chaîne des parcs non confirmée. Surface non publiée."
        ),
        "source": SRC_2022, "source_date": "2022",
    },
    {
        "id": "parc-terril-pinchonvalles", "nom": "Terril de Pinchonvalles",
        "communes": ["Avion", "Liévin", "Givenchy-en-Gohelle", "Angres"],
        "surface_publiee_ha": 90.0, "groupe": None, "membre_confirme": "non confirmé",
        "description": (
            "Environ 90 ha, 1,5 km de long. Appartenance à la Chaîne des parcs non confirmée."
        ),
        "source": "Pages web publiques (source non précisée dans le relevé)",
        "source_date": RELEVE,
    },
    {
        "id": "parc-val-de-souchez", "nom": "Val de Souchez",
        "communes": ["Liévin"], "surface_publiee_ha": None,
        "groupe": None, "membre_confirme": "confirmé",
        "description": "Ancien terril, site de VTT, sur la V31. Surface non publiée.",
        "source": "lievin.fr", "source_date": RELEVE,
    },
    {
        "id": "parc-terrils-9-9bis", "nom": "Terrils 110, 116 et 117 du 9-9bis",
        "communes": ["Oignies"], "lieu": "9-9bis", "surface_publiee_ha": None,
        "groupe": None, "membre_confirme": "confirmé",
        "description": (
            "Propriété du Département du Pas-de-Calais, gérés par Eden 62. "
            "Surface non publiée."
        ),
        "source": "pasdecalais.fr", "source_date": RELEVE,
    },
]

# --- Voies vertes ----------------------------------------------------------

VOIES_VERTES = [
    {
        "id": "vv-canal-aire", "nom": "Canal d'Aire à vélo",
        "communes": ["Hinges", "Annezin", "Béthune", "Essars", "Beuvry", "Cuinchy",
                     "Givenchy-lès-la-Bassée", "Festubert", "Violaines", "Haisnes",
                     "Douvrin", "Billy-Berclau"],
        "longueur_publiee_km": 22.0,
        "description": "22 km (tendancesandco.fr) ; environ 20 km selon l'agglomération (bethunebruay.fr).",
        "source": "tendancesandco.fr ; bethunebruay.fr", "source_date": RELEVE,
    },
    {
        "id": "vv-eurovelo5-lens-lievin", "nom": "EuroVelo 5, section Lens-Liévin",
        "communes": ["Servins", "Loos-en-Gohelle", "Wingles"],
        "lieux": {"Loos-en-Gohelle": "base-11-19"},
        "longueur_publiee_km": None,
        "description": "Servins, Base 11/19 (Loos-en-Gohelle), Wingles ; en partie réalisée. Longueur non publiée.",
        "source": "agglo-lenslievin.fr", "source_date": RELEVE,
    },
    {
        "id": "vv-v31", "nom": "V31 Véloroute du Bassin minier",
        "communes": ["Liévin", "Éleu-dit-Leauwette", "Avion", "Méricourt", "Rouvroy"],
        "longueur_publiee_km": 13.0,
        "description": "13 km côté Pas-de-Calais (chiffre publié).",
        "source": "tourisme-lens.fr ; pro-tourisme62.com", "source_date": RELEVE,
    },
    {
        "id": "vv-cavalier-avion-henin", "nom": "Cavalier Avion - Hénin-Beaumont",
        "communes": ["Avion", "Méricourt", "Rouvroy", "Hénin-Beaumont"],
        "longueur_publiee_km": 8.4, "description": "8,4 km.",
        "source": "velo-ravel.net", "source_date": "2012",
    },
    {
        "id": "vv-halage-souchez", "nom": "Chemin de halage de la Souchez",
        "communes": ["Loison-sous-Lens", "Courrières"],
        "longueur_publiee_km": 10.0, "description": "10 km.",
        "source": "tourisme-lens.fr", "source_date": RELEVE,
    },
    {
        "id": "vv-olhain-cite-electriciens", "nom": "Olhain - Cité des Électriciens",
        "communes": ["Maisnil-lès-Ruitz", "Houdain", "Haillicourt", "Bruay-la-Buissière"],
        "lieux": {"Maisnil-lès-Ruitz": "olhain"},
        "longueur_publiee_km": 15.0,
        "description": "15 km, du parc d'Olhain à la Cité des Électriciens (Bruay-la-Buissière).",
        "source": "iceo-magazine.fr", "source_date": RELEVE,
    },
]

# --- Zones d'activité ------------------------------------------------------

#: The published purpose wordings, in English.
VOCATIONS_PUBLIEES_EN = {
    "industrie, logistique, bureaux": "industry, logistics, offices",
    "logistique": "logistics",
    "industrie, logistique": "industry, logistics",
    "innovation (sport, santé, bien-être)": "innovation (sport, health, well-being)",
    "commerce, artisanat": "retail, crafts",
    "artisanat, services": "crafts, services",
    "mixte": "mixed",
    "logistique fluviale": "river logistics",
    "industrie environnementale": "environmental industry",
}
# "vocation" is mapped to catalogue.VOCATIONS; the published wording is kept
# in "vocation_publiee" and written into the description.

ZONES_ACTIVITE = [
    {
        "id": "zae-parc-des-industries", "nom": "Parc des Industries Artois-Flandres",
        "communes": ["Douvrin", "Billy-Berclau"], "lieu": "parc-des-industries",
        "surface_totale_ha": 460.0, "vocation": "industrie",
        "vocation_publiee": "industrie, logistique, bureaux",
        "statut": "en activité", "contact": "SIZIAF", "gestionnaire": "SIZIAF",
        "description": (
            "Géré par le SIZIAF, créé en 1967. 460 ha, 98 entreprises, 5 500 emplois "
            "(fin 2022) ; Prologis Park d'environ 45 à 50 ha (parcdesindustries.com). "
            "Gigafactory de batteries ACC, la première de France : production à partir de "
            "2023, 2 000 emplois à l'horizon 2030 (PMA, Rapport d'activité 2022)."
        ),
        "source": "parcdesindustries.com ; PMA, Rapport d'activité 2022", "source_date": "2022",
    },
    {
        "id": "zae-delta3", "nom": "Delta 3 (Euralogistic)",
        "communes": ["Dourges"], "lieu": "delta-3",
        "surface_totale_ha": 400.0, "vocation": "logistique", "vocation_publiee": "logistique",
        "statut": "en activité", "contact": None, "gestionnaire": None,
        "description": (
            "Plus de 400 ha (2018) ; plateforme multimodale rail-route-voie d'eau "
            "(entreprisesbycanorddefrance.fr). Campus Euralogistic labellisé Euralens "
            "(PMA, Rapport d'activité 2022)."
        ),
        "source": "entreprisesbycanorddefrance.fr", "source_date": "2018",
    },
    {
        "id": "zae-alouette", "nom": "Parc d'activités de l'Alouette",
        "communes": ["Liévin", "Bully-les-Mines", "Aix-Noulette"],
        "surface_totale_ha": 147.0, "vocation": "industrie",
        "vocation_publiee": "industrie, logistique",
        "statut": "en activité", "contact": None, "gestionnaire": None,
        "description": "147 ha après une extension de 81 ha ; autre chiffre publié : 141 ha.",
        "source": "territoires62.fr ; lagazettefrance.fr", "source_date": RELEVE,
    },
    {
        "id": "zae-vivalley", "nom": "Vivalley Campus",
        "communes": ["Liévin"], "lieu": "arena-vivalley",
        "surface_totale_ha": 110.0, "vocation": "innovation",
        "vocation_publiee": "innovation (sport, santé, bien-être)",
        "statut": "en développement", "contact": None, "gestionnaire": None,
        "description": (
            "Campus de 110 ha sur le sport, la santé et le bien-être : Arena stade couvert, "
            "faculté des sports, complexe aquatique Nauticaa, Racing Club de Lens. "
            "Livraison annoncée au premier trimestre 2023 (statut à la date de la source)."
        ),
        "source": "PMA, Rapport d'activité 2022 ; lepetitmag.fr", "source_date": "2022",
    },
    {
        "id": "zae-logisterra26", "nom": "LogisterrA26",
        "communes": ["Labourse", "Nœux-les-Mines"],
        "surface_totale_ha": 55.0, "vocation": "logistique", "vocation_publiee": "logistique",
        "statut": "non précisé", "contact": None, "gestionnaire": None,
        "description": "55 ha.",
        "source": "bethunebruay.fr", "source_date": RELEVE,
    },
    {
        "id": "zae-moulin-beuvry", "nom": "Parc d'activités du Moulin",
        "communes": ["Beuvry"],
        "surface_totale_ha": 23.0, "vocation": "mixte", "vocation_publiee": "commerce, artisanat",
        "statut": "non précisé", "contact": None, "gestionnaire": None,
        "description": "23 ha ; autre chiffre publié : 25 ha.",
        "source": "lagazettefrance.fr", "source_date": RELEVE,
    },
    {
        "id": "zae-actigreen", "nom": "Actigreen",
        "communes": ["Barlin"],
        "surface_totale_ha": 7.0, "vocation": "mixte", "vocation_publiee": "artisanat, services",
        "statut": "non précisé", "contact": None, "gestionnaire": None,
        "description": "7 ha.",
        "source": "lagazettefrance.fr", "source_date": RELEVE,
    },
    {
        "id": "zae-clarence", "nom": "Parc de la Clarence",
        "communes": ["Divion"],
        "surface_totale_ha": None, "vocation": "mixte", "vocation_publiee": "mixte",
        "statut": "non précisé", "contact": None, "gestionnaire": None,
        "description": "Surface non publiée.",
        "source": "lagazettefrance.fr", "source_date": RELEVE,
    },
    {
        "id": "zae-port-bethune-beuvry", "nom": "Port fluvial de Béthune-Beuvry (zone Washington)",
        "communes": ["Béthune", "Beuvry"],
        "surface_totale_ha": 25.0, "vocation": "logistique",
        "vocation_publiee": "logistique fluviale",
        "statut": "en activité", "contact": None, "gestionnaire": None,
        "description": "Port de 25 ha, quais de 450 à 550 m.",
        "source": "bethunebruay.fr", "source_date": RELEVE,
    },
    {
        "id": "zae-sainte-henriette", "nom": "ZAC Sainte-Henriette",
        "communes": ["Hénin-Beaumont", "Dourges", "Noyelles-Godault"],
        "surface_totale_ha": 120.0, "vocation": "mixte", "vocation_publiee": "mixte",
        "statut": "non précisé", "contact": None, "gestionnaire": None,
        "description": "120 ha, dont 29 ha constructibles.",
        "source": "innovapresse.com", "source_date": RELEVE,
    },
    {
        "id": "zae-ecopole", "nom": "Écopôle (ancien site Metaleurop Nord)",
        "communes": ["Noyelles-Godault", "Courcelles-lès-Lens"],
        "surface_totale_ha": 50.0, "vocation": "industrie",
        "vocation_publiee": "industrie environnementale",
        "statut": "non précisé", "contact": None, "gestionnaire": None,
        "description": "50 ha (autre chiffre publié : 67 ha), quai de 450 m sur la Deûle.",
        "source": "actu-transport-logistique.fr", "source_date": RELEVE,
    },
]

# --- Sites solaires --------------------------------------------------------

SITES_SOLAIRES = [
    {
        "id": "solaire-leforest", "nom": "Parc solaire de Leforest",
        "communes": ["Leforest"], "lieu": "leforest-centre",
        "production_gwh_an": 18.329, "puissance_mwc": 18.54,
        "statut": "en service", "mise_en_service": "2024-04",
        "description": (
            "Sur l'ancien centre d'enfouissement fermé en 2017, 32 ha, construit par "
            "La Générale du Solaire. 34 329 panneaux de 540 Wc, 18 329 MWh/an, mis en "
            "service en avril 2024 (lagazettefrance.fr, article d'inauguration). "
            "Puissance calculée par nos soins (34 329 × 540 Wc = 18,54 MWc), non publiée "
            "telle quelle. Le plus vaste parc solaire au nord de Paris après "
            "Cambrai-Niergnies (PMA, Rapport d'activité 2022). Le point est au centre de "
            "Leforest : le parc est sur la commune, pas à cet endroit précis."
        ),
        "historique": (
            "19,1 GWh/an, 34 300 panneaux, 4 000 foyers, mise en service annoncée fin 2023 "
            "(PMA, Rapport d'activité 2022) ; 19,5 GWh/an, 35 000 panneaux sur une vingtaine "
            "des 32 ha, 6 500 foyers, travaux fin 2021, mise en service annoncée fin 2022 "
            "(PMA, Lettre aux maires 2021)."
        ),
        "source": "lagazettefrance.fr (article d'inauguration)", "source_date": "2024-04",
    },
    {
        "id": "solaire-mine-de-soleil", "nom": "Mine de soleil",
        "communes": ["Loos-en-Gohelle"],
        "production_gwh_an": 0.44, "puissance_mwc": 0.45,
        "statut": "en service", "mise_en_service": None,
        "description": (
            "Société solaire lancée par la ville de Loos-en-Gohelle : 8 toitures "
            "municipales, 450 kWc, 440 MWh/an (energies-hdf.fr). Lauréate du label "
            "Euralens 2022 (PMA, Rapport d'activité 2022). Le point est au centre de la "
            "commune : les toitures sont réparties dans la ville."
        ),
        "historique": None,
        "source": "energies-hdf.fr ; PMA, Rapport d'activité 2022", "source_date": RELEVE,
    },
    {
        "id": "solaire-ombrieres-parc-des-industries",
        "nom": "Ombrières solaires du parking mutualisé du Parc des Industries",
        "communes": ["Douvrin", "Billy-Berclau"], "lieu": "parc-des-industries",
        "production_gwh_an": None, "puissance_mwc": None,
        "statut": "en service", "mise_en_service": None,
        "description": (
            "Ombrières photovoltaïques sur le parking mutualisé du Parc des Industries "
            "Artois-Flandres ; puissance et production non publiées. Statut « en service » "
            "déduit de la présentation du site, à vérifier."
        ),
        "historique": None,
        "source": "parcdesindustries.com", "source_date": RELEVE,
    },
]

# --- Parc d'innovation de l'Artois -----------------------------------------

PARTENAIRES = "EY et Entreprises et Cités (opérateur depuis avril 2022, PMA, Rapport d'activité 2022)"

PARC_INNOVATION = [
    {
        "id": "innovation-louvre-lens-vallee", "nom": "Louvre Lens Vallée",
        "communes": ["Lens"], "lieu": "louvre-lens", "role": "lieu totem",
        "adresse": "Ancienne école Paul Bert, à côté du musée du Louvre-Lens, Lens",
        "partenaires": PARTENAIRES,
        "description": (
            "Lieu totem de la CALL, environ 3 000 m² dans l'ancienne école Paul Bert. "
            "Le point est au musée du Louvre-Lens, voisin."
        ),
        "source": "lagazettefrance.fr ; 25lieuxinnovation.fr", "source_date": RELEVE,
    },
    {
        "id": "innovation-la-fabrique-bethune", "nom": "La Fabrique",
        "communes": ["Béthune"], "lieu": "bethune-grand-place", "role": "lieu totem",
        "adresse": "6 rue Sadi Carnot, Béthune", "partenaires": PARTENAIRES,
        "description": (
            "Lieu totem de la CABBALR, dans l'ancien bâtiment de la Chambre de commerce "
            "(1929). Le point est au Grand-Place de Béthune : pas à l'adresse exacte."
        ),
        "source": "horizonactu.fr", "source_date": RELEVE,
    },
    {
        "id": "innovation-terrasses-metaphone", "nom": "Terrasses du Métaphone",
        "communes": ["Oignies"], "lieu": "9-9bis", "role": "lieu totem",
        "adresse": "Site du 9-9bis, Oignies", "partenaires": PARTENAIRES,
        "description": "Lieu totem de la CAHC, sur le site du 9-9bis.",
        "source": "lagazettefrance.fr", "source_date": RELEVE,
    },
]

# --- English descriptions --------------------------------------------------
# One per feature, same facts as the French description, for the English
# interface (which never shows the French text). The placement notes are
# added in English by ``_common`` as they are in French.

DESCRIPTIONS_EN = {
    # parks
    "parc-olhain": (
        "450 ha, 700,000 visitors a year, 221 m viewpoint (lagazettefrance.fr). Viewing "
        "platform installed in 2022, “Terre de Jeux 2024” label, start of the Ch'ti Bike "
        "Tour (PMA, 2022 activity report)."
    ),
    "parc-des-iles": "45 ha park within a 160 ha former coking-plant site, opened in 2013.",
    "parc-glissoire": "Since 1976: ponds, marshes, slag heap, beach. Area not published.",
    "parc-base-11-19": "110 ha; twin slag heaps 186 m high. A stage of the EuroVelo 5 route.",
    "parc-marcel-cabiddu": "250 ha, protected natural area, lake.",
    "parc-loisinord": (
        "320 m dry ski slope on slag heap no. 42, since 1996. Area not published."
    ),
    "parc-louvre-lens": (
        "20 ha on former pit 9 and slag heap 68 (louvrelens.fr). Shiver House cabin "
        "(Odyssée des cabanes); the museum's 5 millionth visitor on 9 November 2022, "
        "571,047 visits in 2022 (PMA, 2022 activity report)."
    ),
    "parc-berges-souchez": "Over 300 ha along 10 km of the Souchez river.",
    "parc-notre-dame-de-lorette": (
        "National First World War cemetery, Ring of Remembrance. On the route of the "
        "Trail des Pyramides Noires (PMA, 2022 activity report). Membership of the Chain "
        "of parks not confirmed. Area not published."
    ),
    "parc-terril-pinchonvalles": (
        "About 90 ha, 1.5 km long. Membership of the Chain of parks not confirmed."
    ),
    "parc-val-de-souchez": "Former slag heap, mountain-bike site, on the V31. Area not published.",
    "parc-terrils-9-9bis": (
        "Owned by the Pas-de-Calais Département, managed by Eden 62. Area not published."
    ),
    # greenways
    "vv-canal-aire": "22 km (tendancesandco.fr); about 20 km according to the conurbation (bethunebruay.fr).",
    "vv-eurovelo5-lens-lievin": (
        "Servins, Base 11/19 (Loos-en-Gohelle), Wingles; partly built. Length not published."
    ),
    "vv-v31": "13 km on the Pas-de-Calais side (published figure).",
    "vv-cavalier-avion-henin": "8.4 km.",
    "vv-halage-souchez": "10 km.",
    "vv-olhain-cite-electriciens": (
        "15 km, from the Olhain park to the Cité des Électriciens (Bruay-la-Buissière)."
    ),
    # business parks
    "zae-parc-des-industries": (
        "Run by the SIZIAF, created in 1967. 460 ha, 98 companies, 5,500 jobs (end of 2022); "
        "Prologis Park of about 45 to 50 ha (parcdesindustries.com). ACC battery "
        "gigafactory, the first in France: production from 2023, 2,000 jobs by 2030 "
        "(PMA, 2022 activity report)."
    ),
    "zae-delta3": (
        "Over 400 ha (2018); rail-road-waterway multimodal platform "
        "(entreprisesbycanorddefrance.fr). Euralogistic campus with the Euralens label "
        "(PMA, 2022 activity report)."
    ),
    "zae-alouette": "147 ha after an 81 ha extension; another published figure: 141 ha.",
    "zae-vivalley": (
        "110 ha campus on sport, health and well-being: Arena indoor stadium, faculty of "
        "sport, Nauticaa aquatic centre, Racing Club de Lens. Delivery announced for the "
        "first quarter of 2023 (status at the date of the source)."
    ),
    "zae-logisterra26": "55 ha.",
    "zae-moulin-beuvry": "23 ha; another published figure: 25 ha.",
    "zae-actigreen": "7 ha.",
    "zae-clarence": "Area not published.",
    "zae-port-bethune-beuvry": "25 ha port, quays of 450 to 550 m.",
    "zae-sainte-henriette": "120 ha, of which 29 ha can be built on.",
    "zae-ecopole": "50 ha (another published figure: 67 ha), 450 m quay on the Deûle canal.",
    # solar sites
    "solaire-leforest": (
        "On the former landfill closed in 2017, 32 ha, built by La Générale du Solaire. "
        "34,329 panels of 540 Wp, 18,329 MWh/year, commissioned in April 2024 "
        "(lagazettefrance.fr, opening article). Capacity computed by us "
        "(34,329 × 540 Wp = 18.54 MWp), not published as such. The largest solar park "
        "north of Paris after Cambrai-Niergnies (PMA, 2022 activity report). Earlier "
        "published figures: 19.1 GWh/year, 34,300 panels, 4,000 households, commissioning "
        "announced for end 2023 (PMA, 2022 activity report); 19.5 GWh/year, 35,000 panels "
        "on about 20 of the 32 ha, 6,500 households, works at end 2021, commissioning "
        "announced for end 2022 (PMA, 2021 letter to mayors). The marker is in the centre "
        "of Leforest: the park is on the municipality, not at this exact spot."
    ),
    "solaire-mine-de-soleil": (
        "Solar company started by the town of Loos-en-Gohelle: 8 municipal roofs, 450 kWp, "
        "440 MWh/year (energies-hdf.fr). Winner of the Euralens label 2022 (PMA, 2022 "
        "activity report). The marker is in the centre of the municipality: the roofs are "
        "spread across the town."
    ),
    "solaire-ombrieres-parc-des-industries": (
        "Solar canopies over the shared car park of the Parc des Industries "
        "Artois-Flandres; capacity and output not published. Status “in operation” "
        "inferred from the site's presentation, to be checked."
    ),
    # innovation park
    "innovation-louvre-lens-vallee": (
        "Flagship site of the CALL, about 3,000 m² in the former Paul Bert school. "
        "The marker is at the neighbouring Louvre-Lens museum."
    ),
    "innovation-la-fabrique-bethune": (
        "Flagship site of the CABBALR, in the former Chamber of Commerce building (1929). "
        "The marker is on the Grand-Place of Béthune: not at the exact address."
    ),
    "innovation-terrasses-metaphone": "Flagship site of the CAHC, on the 9-9bis site.",
}

TABLES = {
    "parcs": PARCS,
    "voies_vertes": VOIES_VERTES,
    "zones_activite": ZONES_ACTIVITE,
    "sites_solaires": SITES_SOLAIRES,
    "parc_innovation": PARC_INNOVATION,
}


# --- Placement -------------------------------------------------------------


def _key(name: str) -> str:
    """Comparison key of a commune name: no case, accents, ligatures or dashes."""
    name = name.replace("œ", "oe").replace("Œ", "Oe").replace("’", "'")
    name = unicodedata.normalize("NFKD", name)
    name = "".join(c for c in name if not unicodedata.combining(c)).casefold()
    return " ".join(name.replace("-", " ").replace("'", " ").split())


class Places:
    """Commune names to INSEE codes and geometries, in Lambert-93."""

    def __init__(self, communes: gpd.GeoDataFrame):
        com = communes.to_crs(LAMBERT93)
        self.geom = dict(zip(com["insee"], com.geometry))
        self.by_key: dict[str, str] = {}
        for insee, nom in zip(com["insee"], com["nom"]):
            key = _key(nom)
            if key in self.by_key:
                raise ValueError(f"Nom de commune ambigu dans la couche des communes : « {nom} ».")
            self.by_key[key] = insee
        self.territory = shapely.union_all(list(self.geom.values()))

    def insee(self, name: str) -> str:
        try:
            return self.by_key[_key(name)]
        except KeyError:
            raise ValueError(
                f"Commune « {name} » introuvable parmi les 150 communes du PMA."
            ) from None

    def codes(self, names: list[str]) -> list[str]:
        if not names:
            raise ValueError("Site sans commune : au moins une commune est requise.")
        return list(dict.fromkeys(self.insee(n) for n in names))

    def union(self, codes: list[str]):
        return shapely.union_all([self.geom[c] for c in codes])

    def point(self, row: dict, codes: list[str]) -> Point:
        lieu = row.get("lieu")
        if lieu:
            return lieu_point(lieu)
        return self.union(codes).representative_point()


def lieu_point(key: str) -> Point:
    """Lambert-93 point of an entry of ``LIEUX``."""
    if key not in LIEUX:
        raise ValueError(f"Lieu « {key} » absent de la table des coordonnées approximatives.")
    lat, lon = LIEUX[key]
    return gpd.GeoSeries([Point(lon, lat)], crs=WGS84).to_crs(LAMBERT93).iloc[0]


def disc(center: Point, area_ha: float, clip_to) -> tuple[object, bool]:
    """Disc of ``area_ha`` around ``center``, clipped to ``clip_to`` if that keeps 80 %.

    Returns the polygon and whether it was clipped.
    """
    sides = 4 * QUAD_SEGS  # the buffer is a regular polygon: match its area, not the circle's
    radius = (area_ha * 10_000 / (sides / 2 * math.sin(2 * math.pi / sides))) ** 0.5
    circle = center.buffer(radius, quad_segs=QUAD_SEGS)
    clipped = circle.intersection(clip_to)
    if clipped.area >= MIN_CLIP_SHARE * circle.area:
        return clipped, clipped.area < circle.area - 1.0
    return circle, False


def description_en(row: dict) -> str:
    """The English description of a site, or a French ValueError if it has none."""
    text = row.get("description_en") or DESCRIPTIONS_EN.get(row["id"])
    if not text:
        raise ValueError(f"Description anglaise manquante pour « {row['id']} » (DESCRIPTIONS_EN).")
    return text


def _common(row: dict, codes: list[str], notes: list[tuple[str, str]]) -> dict:
    """Common fields; ``notes`` are (French, English) sentences added to the descriptions."""
    text = " ".join(t for t in [row.get("description"), *(fr for fr, _ in notes)] if t)
    text_en = " ".join(t for t in [description_en(row), *(en for _, en in notes)] if t)
    if row["source_date"] == RELEVE:
        text = f"{text} {NOTE_RELEVE}"
        text_en = f"{text_en} {NOTE_RELEVE_EN}"
    return {
        "id": row["id"], "nom": row["nom"], "insee": codes[0],
        "insee_autres": ";".join(codes[1:]) or None, "description": text,
        "description_en": text_en,
        "source": row["source"], "source_date": row["source_date"], "precision": "approximate",
    }


def _geometry(spec: catalogue.LayerSpec, row: dict, codes: list[str], places: Places):
    """Lambert-93 geometry of one site and the sentences that say how it was placed."""
    if spec.geometry == "LineString":
        lieux = row.get("lieux", {})
        pts = [lieu_point(lieux[n]) if n in lieux
               else places.union([places.insee(n)]).representative_point()
               for n in row["communes"]]
        return LineString(pts), [(NOTE_LINE, NOTE_LINE_EN)]

    point = places.point(row, codes)
    if spec.geometry == "Point":
        if row.get("lieu"):
            return point, [(NOTE_POINT, NOTE_POINT_EN)]
        return point, [(NOTE_POINT_COMMUNE, NOTE_POINT_COMMUNE_EN)]

    area_field = "surface_publiee_ha" if spec.name == "parcs" else "surface_totale_ha"
    published = row.get(area_field)
    geom, _ = disc(point, published or DEFAULT_HA, places.union(codes))
    if published:
        return geom, [(NOTE_DISC, NOTE_DISC_EN)]
    return geom, [(NOTE_DISC_DEFAULT, NOTE_DISC_DEFAULT_EN)]


def _land(zone_id: str) -> dict:
    """The dated figure of land on sale or being developed in a zone (catalogue), or nulls."""
    fig = next((f for f in catalogue.LAND_FIGURES if f.zone_id == zone_id), None)
    if fig is None:
        return {"surface_disponible_ha": None, "disponible_detail": None, "disponible_detail_en": None,
                "disponible_date": None, "disponible_source": None}
    return {"surface_disponible_ha": fig.hectares, "disponible_detail": fig.detail_fr,
            "disponible_detail_en": fig.detail_en, "disponible_date": fig.date or None,
            "disponible_source": fig.source}


def _features(spec: catalogue.LayerSpec, rows: list[dict], places: Places) -> gpd.GeoDataFrame:
    """One layer's GeoDataFrame (EPSG:4326) with exactly the catalogue's fields."""
    layer_fields = [f.name for f in spec.fields if f not in catalogue.COMMON_FIELDS]
    records, geoms = [], []
    for row in rows:
        codes = places.codes(row["communes"])
        geom, notes = _geometry(spec, row, codes, places)
        if "vocation_publiee" in row:
            notes.insert(0, (f"Vocation publiée : {row['vocation_publiee']}.",
                             f"Published purpose: {VOCATIONS_PUBLIEES_EN[row['vocation_publiee']]}."))
        record = _common(row, codes, notes)
        record.update({name: row.get(name) for name in layer_fields})
        record.update(_land(row["id"]) if spec.name == "zones_activite" else {})
        records.append(record)
        geoms.append(geom)
    gdf = gpd.GeoDataFrame(records, geometry=geoms, crs=LAMBERT93)
    for f in spec.fields:
        if f.type == "float":
            gdf[f.name] = pd.to_numeric(gdf[f.name]).astype("float64")
    return gdf[[*spec.field_names, "geometry"]].to_crs(WGS84)


def check_layer(spec: catalogue.LayerSpec, gdf: gpd.GeoDataFrame) -> None:
    """Raise a French ValueError if ``gdf`` breaks the catalogue's rules."""
    problems = []
    for f in spec.fields:
        values = gdf[f.name]
        if f.required and values.isna().any():
            problems.append(f"champ obligatoire « {f.name} » vide")
        if f.choices:
            bad = sorted(set(values.dropna()) - set(f.choices))
            if bad:
                problems.append(f"valeurs non autorisées pour « {f.name} » : {bad}")
    if gdf["id"].duplicated().any():
        problems.append("identifiants en double")
    if not gdf.is_valid.all():
        problems.append("géométries invalides")
    if problems:
        raise ValueError(f"Couche {spec.name} : " + " ; ".join(problems) + ".")


def build_layers(communes: gpd.GeoDataFrame) -> dict[str, gpd.GeoDataFrame]:
    """The five asset layers as GeoDataFrames (EPSG:4326), checked."""
    places = Places(communes)
    layers = {}
    for name, rows in TABLES.items():
        spec = catalogue.ASSET_LAYERS[name]
        gdf = _features(spec, rows, places)
        check_layer(spec, gdf)
        layers[name] = gdf
    return layers


def build_assets(out_dir: Path, communes: gpd.GeoDataFrame) -> dict:
    """Write the five asset layers in ``out_dir``; return feature counts per layer."""
    summary = {}
    for name, gdf in build_layers(communes).items():
        write_layer(gdf, Path(out_dir) / catalogue.ASSET_LAYERS[name].filename)
        summary[name] = len(gdf)
    return summary
