"""Build the ``acces`` layer of data/geo: motorway junctions, TGV stations, canal ports.

No surveyed position of these access points is reachable from here, so each
one is placed by hand from general knowledge of the network, to within
about 1 to 2 km, and flagged ``precision="approximate"``. The seeds name the
A1, A21 and A26 motorways and the TGV service (PMA, 2022 activity report);
no source at hand numbers the junctions, so they are named by the places
they serve, never by an exit number. Canal ports sit on the quays named by
the sources of the business parks that hold them (FACTS.md).

Only junctions inside the 150 communes are kept, so that the layer filters
like the others; the builder checks that each point falls in (or within
``MAX_OUTSIDE_M`` of) the commune given for it.
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
from shapely.geometry import Point

from pma_map import catalogue
from pma_map.build.assets import Places, check_layer
from pma_map.build.reference import write_layer
from pma_map.geo import LAMBERT93, WGS84

#: A hand-placed point may fall this far outside its commune (metres).
MAX_OUTSIDE_M = 1500.0
#: Date of the hand placement (and of the facts gathering for the ports).
RELEVE = "2026-11"

SRC_MOTORWAY = ("Placement manuel (connaissance générale du réseau) ; autoroutes A1, A21 et A26 "
                "citées par PMA, Rapport d'activité 2022")
SRC_A1 = SRC_A21 = SRC_A26 = SRC_MOTORWAY
SRC_TGV = ("Placement manuel de la gare ; desserte TGV citée par PMA, Rapport d'activité 2022")
SRC_PORT_BETHUNE = "bethunebruay.fr (port fluvial de Béthune-Beuvry, quais de 450 à 550 m)"
SRC_DELTA3 = "entreprisesbycanorddefrance.fr (plateforme multimodale rail-route-voie d'eau Delta 3)"
SRC_ECOPOLE = "actu-transport-logistique.fr (quai de 450 m sur la Deûle, Écopôle)"

NOTE_FR = "Emplacement approximatif, à 1 ou 2 km près."
NOTE_EN = "Approximate location, within 1 to 2 km."

# (lat, lon) in WGS84, approximate.
ACCES = [
    # --- A1 (Paris - Lille), east edge of the CAHC
    {"id": "acces-a1-17", "nom_en": "A1, Hénin-Beaumont / Noyelles-Godault junction",
     "nom": "A1, échangeur d'Hénin-Beaumont / Noyelles-Godault",
     "type": "jonction autoroutière", "reference": "A1", "commune": "Noyelles-Godault",
     "lat": 50.411, "lon": 3.004, "source": SRC_A1,
     "description": "Échangeur de l'A1 desservant Hénin-Beaumont et Noyelles-Godault.",
     "description_en": "A1 junction serving Hénin-Beaumont and Noyelles-Godault."},
    {"id": "acces-a1-17-1", "nom_en": "A1, Dourges junction (Delta 3 platform)",
     "nom": "A1, échangeur de Dourges (plateforme Delta 3)",
     "type": "jonction autoroutière", "reference": "A1", "commune": "Dourges",
     "lat": 50.437, "lon": 3.014, "source": SRC_A1,
     "description": "Échangeur de l'A1 desservant la plateforme multimodale Delta 3.",
     "description_en": "A1 junction serving the Delta 3 multimodal platform."},
    {"id": "acces-a1-18", "nom_en": "A1, Carvin / Libercourt junction",
     "nom": "A1, échangeur de Carvin / Libercourt",
     "type": "jonction autoroutière", "reference": "A1", "commune": "Libercourt",
     "lat": 50.486, "lon": 3.004, "source": SRC_A1,
     "description": "Échangeur de l'A1 desservant Carvin et Libercourt.",
     "description_en": "A1 junction serving Carvin and Libercourt."},
    # --- A21 (Rocade minière)
    {"id": "acces-a21-15", "nom_en": "A21, Montigny-en-Gohelle junction",
     "nom": "A21, échangeur de Montigny-en-Gohelle",
     "type": "jonction autoroutière", "reference": "A21", "commune": "Montigny-en-Gohelle",
     "lat": 50.420, "lon": 2.935, "source": SRC_A21,
     "description": "Échangeur de la rocade minière (A21) à Montigny-en-Gohelle.",
     "description_en": "Junction of the A21 mining-basin ring road at Montigny-en-Gohelle."},
    {"id": "acces-a21-16", "nom_en": "A21, Hénin-Beaumont centre / Courrières junction",
     "nom": "A21, échangeur d'Hénin-Beaumont centre / Courrières",
     "type": "jonction autoroutière", "reference": "A21", "commune": "Hénin-Beaumont",
     "lat": 50.424, "lon": 2.962, "source": SRC_A21,
     "description": "Échangeur de l'A21 vers le centre d'Hénin-Beaumont et Courrières.",
     "description_en": "A21 junction towards central Hénin-Beaumont and Courrières."},
    # --- A26 (Calais - Reims), west of the territory
    {"id": "acces-a26-5", "nom_en": "A26, Lillers junction",
     "nom": "A26, échangeur de Lillers",
     "type": "jonction autoroutière", "reference": "A26", "commune": "Lillers",
     "lat": 50.553, "lon": 2.472, "source": SRC_A26,
     "description": "Échangeur de l'A26 à Lillers.",
     "description_en": "A26 junction at Lillers."},
    {"id": "acces-a26-6", "nom_en": "A26, Béthune junction",
     "nom": "A26, échangeur de Béthune",
     "type": "jonction autoroutière", "reference": "A26", "commune": "Fouquereuil",
     "lat": 50.513, "lon": 2.603, "source": SRC_A26,
     "description": "Échangeur de l'A26 desservant Béthune.",
     "description_en": "A26 junction serving Béthune."},
    {"id": "acces-a26-noeux", "nom_en": "A26, Nœux-les-Mines junction",
     "nom": "A26, échangeur de Nœux-les-Mines",
     "type": "jonction autoroutière", "reference": "A26",
     "commune": "Labourse", "lat": 50.487, "lon": 2.676, "source": SRC_A26,
     "description": "Échangeur de l'A26 entre Béthune et Liévin, côté Nœux-les-Mines et Labourse.",
     "description_en": "A26 junction between Béthune and Liévin, on the Nœux-les-Mines and Labourse side."},
    {"id": "acces-a26-lievin", "nom_en": "A26, Liévin junction (Aix-Noulette, A21)",
     "nom": "A26, échangeur de Liévin (Aix-Noulette, A21)",
     "type": "jonction autoroutière", "reference": "A26",
     "commune": "Aix-Noulette", "lat": 50.427, "lon": 2.707, "source": SRC_A26,
     "description": "Sortie Liévin de l'A26, au départ de l'A21 vers Lens.",
     "description_en": "Liévin exit of the A26, where the A21 to Lens starts."},
    # --- TGV stations
    {"id": "acces-gare-lens", "nom_en": "Lens station",
     "nom": "Gare de Lens", "type": "gare TGV",
     "reference": "TGV Paris - Lens", "commune": "Lens", "lat": 50.4275, "lon": 2.8275,
     "source": SRC_TGV,
     "description": "Gare de Lens, desservie par le TGV depuis Paris.",
     "description_en": "Lens station, served by TGV trains from Paris."},
    {"id": "acces-gare-bethune", "nom_en": "Béthune station",
     "nom": "Gare de Béthune", "type": "gare TGV",
     "reference": "TGV Paris - Béthune", "commune": "Béthune", "lat": 50.5215, "lon": 2.6410,
     "source": SRC_TGV,
     "description": "Gare de Béthune, desservie par le TGV depuis Paris.",
     "description_en": "Béthune station, served by TGV trains from Paris."},
    # --- canal ports
    {"id": "acces-port-bethune-beuvry", "nom_en": "Béthune-Beuvry canal port",
     "nom": "Port fluvial de Béthune-Beuvry",
     "type": "port fluvial", "reference": "Canal d'Aire, zone Washington", "commune": "Beuvry",
     "lat": 50.534, "lon": 2.668, "source": SRC_PORT_BETHUNE,
     "description": "Port de 25 ha sur le canal d'Aire, quais de 450 à 550 m.",
     "description_en": "25 ha port on the Aire canal, quays of 450 to 550 m."},
    {"id": "acces-port-delta3", "nom_en": "Delta 3 multimodal terminal (Dourges)",
     "nom": "Terminal multimodal Delta 3 (Dourges)",
     "type": "port fluvial", "reference": "Canal de la Deûle, Delta 3", "commune": "Dourges",
     "lat": 50.430, "lon": 3.005, "source": SRC_DELTA3,
     "description": "Terminal rail-route-voie d'eau de la plateforme Delta 3, sur le canal de la Deûle.",
     "description_en": "Rail-road-waterway terminal of the Delta 3 platform, on the Deûle canal."},
    {"id": "acces-quai-ecopole", "nom_en": "Écopôle quay (Noyelles-Godault)",
     "nom": "Quai de l'Écopôle (Noyelles-Godault)",
     "type": "port fluvial", "reference": "Canal de la Deûle, quai de 450 m",
     "commune": "Noyelles-Godault", "lat": 50.419, "lon": 3.010, "source": SRC_ECOPOLE,
     "description": "Quai de 450 m sur la Deûle, sur l'ancien site Metaleurop Nord.",
     "description_en": "450 m quay on the Deûle, on the former Metaleurop Nord site."},
]


def build_access(communes: gpd.GeoDataFrame, rows: list[dict] | None = None) -> gpd.GeoDataFrame:
    """The ``acces`` layer (EPSG:4326) from ``rows`` (default ``ACCES``), checked."""
    spec = catalogue.ACCES
    places = Places(communes)
    records, geoms = [], []
    for row in rows if rows is not None else ACCES:
        insee = places.insee(row["commune"])
        point = gpd.GeoSeries([Point(row["lon"], row["lat"])], crs=WGS84).to_crs(LAMBERT93).iloc[0]
        gap = point.distance(places.geom[insee])
        if gap > MAX_OUTSIDE_M:
            raise ValueError(
                f"Accès « {row['id']} » : le point tombe à {gap:.0f} m de la commune "
                f"{row['commune']} ; corrigez les coordonnées ou la commune."
            )
        records.append({
            "id": row["id"], "nom": row["nom"], "nom_en": row.get("nom_en"), "insee": insee, "insee_autres": None,
            "description": f"{row['description']} {NOTE_FR}",
            "description_en": f"{row['description_en']} {NOTE_EN}",
            "source": row["source"], "source_date": row.get("source_date", RELEVE),
            "precision": "approximate", "type": row["type"], "reference": row.get("reference"),
        })
        geoms.append(point)
    gdf = gpd.GeoDataFrame(records, geometry=geoms, crs=LAMBERT93)
    gdf = gdf[[*spec.field_names, "geometry"]].to_crs(WGS84)
    check_layer(spec, gdf)
    return gdf


def write_access(out_dir: Path, communes: gpd.GeoDataFrame) -> int:
    """Write ``acces.geojson`` in ``out_dir``; return the number of points."""
    gdf = build_access(communes)
    write_layer(gdf, Path(out_dir) / catalogue.ACCES.filename)
    return len(gdf)
