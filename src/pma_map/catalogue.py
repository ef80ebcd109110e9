"""The layer catalogue: the one place that knows each layer.

Titles (FR/EN), geometry type, fields and their types, which field identifies
a feature, which fields a popup shows, the key figure of the table, style and
the published figures that go with a layer, each with its source and date.
Loaders, validation, map, legend, table columns, exports and tests read it;
nothing else repeats a layer's name or its fields. Layer and field titles are
read by :mod:`pma_map.i18n` too (keys ``layer.<name>``, ``field.<layer>.<field>``):
they are written here only.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from pma_map.errors import PmaError

# --- Sources of the seed publications -------------------------------------

SRC_LETTRE_2021 = "PMA, « La lettre aux maires du Pôle Métropolitain de l'Artois » (2021)"
SRC_RAPPORT_2022 = "PMA, Rapport d'activité 2022"
#: Source of the communes layer, in citizens' words (no package names): its
#: populations are INSEE's census figures, its boundaries IGN's ADMIN EXPRESS.
SRC_COMMUNES = "INSEE, recensement ; limites IGN ADMIN EXPRESS"

PRECISIONS = ("surveyed", "approximate")

EPCI = {
    # code: (nom, SIREN, nombre de communes attendu)
    "CABBALR": ("CA de Béthune-Bruay, Artois-Lys Romane", "200072460", 100),
    "CALL": ("CA de Lens-Liévin", "246200364", 36),
    "CAHC": ("CA d'Hénin-Carvin", "246200299", 14),
}
EPCI_CODES = tuple(EPCI)
#: English gloss of the agglomerations' names (proper names, kept in French).
EPCI_GLOSS_EN = {
    "CABBALR": "Béthune-Bruay, Artois-Lys Romane conurbation",
    "CALL": "Lens-Liévin conurbation",
    "CAHC": "Hénin-Carvin conurbation",
}


def epci_name(code: str, lang: str = "fr") -> str:
    """Full name of an agglomeration; in English followed by a gloss in brackets."""
    name = EPCI[code][0]
    return f"{name} ({EPCI_GLOSS_EN[code]})" if lang == "en" else name


def epci_label(code: str, lang: str = "fr") -> str:
    """Short name of an agglomeration for lists: the official name, or its English gloss."""
    return EPCI_GLOSS_EN[code] if lang == "en" else EPCI[code][0]


EPCI_COLORS = {"CABBALR": "#2a9d8f", "CALL": "#e9c46a", "CAHC": "#e76f51"}

VOCATIONS = ("industrie", "logistique", "tertiaire", "mixte", "innovation")
SOLAR_STATUSES = ("en service", "en construction", "en projet")
#: Kinds of access point (the investor finder measures the distance to each), and the ``type`` values of each.
ACCESS_KINDS: dict[str, tuple[str, ...]] = {
    "motorway": ("jonction autoroutière",),
    "station": ("gare TGV", "gare"),
    "port": ("port fluvial",),
}
ACCESS_TYPES = tuple(kind_type for types in ACCESS_KINDS.values() for kind_type in types)


@dataclass(frozen=True)
class Field:
    """One attribute of a layer: name, type, whether required, labels."""

    name: str
    type: str  # "str" | "int" | "float"
    required: bool
    label_fr: str
    label_en: str
    choices: tuple[str, ...] = ()
    #: Free text quoted in French from the sources: left out of English views
    #: (the English description of the feature says the same in English).
    french_text: bool = False
    #: Shown as a row of the feature's popup (names, codes, descriptions and
    #: source are shown elsewhere in the popup, or not at all).
    in_popup: bool = True
    #: A code (INSEE, SIREN, identifier): a spreadsheet that read it as a number
    #: gave it a trailing ".0", which validation removes.
    code: bool = False
    #: Field whose value the popup writes after this one's (the agglomeration's full name).
    popup_detail: str = ""

    def label(self, lang: str = "fr") -> str:
        return self.label_en if lang == "en" else self.label_fr


@dataclass(frozen=True)
class PublishedFigure:
    """A figure published by the PMA or a public source, with its date.

    ``indicator`` names the computed indicator it is compared with.
    """

    indicator: str
    value: float
    unit_fr: str
    unit_en: str
    source: str
    source_date: str
    note_fr: str = ""
    note_en: str = ""


@dataclass(frozen=True)
class UploadLimits:
    """What one upload of a layer may hold, when it differs from the limits every upload has
    (``pma_map.publish.ingest``: 20,000 features, 25 MB, 2,000,000 vertices, 120 s of reading).

    A cadastre extract of the territory is 300,000 to 500,000 parcels: its layer says so here.
    ``None`` keeps the common limit.
    """

    max_features: int | None = None
    max_file_mb: int | None = None
    max_vertices: int | None = None
    read_timeout_s: int | None = None


@dataclass(frozen=True)
class LayerSpec:
    """What the app knows of a layer."""

    name: str
    title_fr: str
    title_en: str
    geometry: str  # "Polygon" | "LineString" | "Point" (multi-parts allowed)
    fields: tuple[Field, ...]
    style: dict = field(default_factory=dict)
    figures: tuple[PublishedFigure, ...] = ()
    description_fr: str = ""
    description_en: str = ""
    shown_by_default: bool = True  # ticked in the explorer when no filter says otherwise
    #: The field that identifies a feature (unique in a version; the diff pairs features by it).
    id_field: str = "id"
    #: (field, unit i18n key) shown in the table's "key figure" column, if any.
    key_figure: tuple[str, str] | None = None
    #: Field written in brackets after the feature's name in its tooltip.
    tooltip_detail: str = ""
    #: Polygons that tile the territory: simplified for display as a coverage (shared edges kept).
    coverage: bool = False
    #: Upload limits of this layer, when not the common ones (dense layers).
    upload_limits: UploadLimits | None = None
    #: Not part of the bundled data: its bundled version is empty, and it is listed on the
    #: maps and in the explorer only once staff published features.
    optional: bool = False
    #: Zoom from which the layer's vector tiles exist (``pma_map.map.vector_tiles``); below it the
    #: map says how many features there are and asks to zoom in. 0: drawn at every zoom.
    tiles_min_zoom: int = 0

    def __post_init__(self) -> None:
        limits = self.upload_limits
        for name in ("max_features", "max_file_mb", "max_vertices", "read_timeout_s"):
            value = getattr(limits, name) if limits is not None else None
            if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value <= 0):
                raise PmaError("catalogue_bad_limit", layer=self.name, limit=name, value=repr(value))
        if not isinstance(self.tiles_min_zoom, int) or not 0 <= self.tiles_min_zoom <= 14:
            raise PmaError("catalogue_bad_min_zoom", layer=self.name, value=repr(self.tiles_min_zoom))

    @property
    def filename(self) -> str:
        return f"{self.name}.geojson"

    @property
    def required_fields(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields if f.required)

    @property
    def field_names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)

    def field(self, name: str) -> Field:
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(name)

    def title(self, lang: str = "fr") -> str:
        return self.title_en if lang == "en" else self.title_fr

    @property
    def in_communes(self) -> bool:
        """Whether each feature names the commune(s) it lies in (``insee``, ``insee_autres``)."""
        return "insee" in self.field_names and self.id_field != "insee"


# Fields every asset feature carries.
COMMON_FIELDS = (
    Field("id", "str", True, "Identifiant", "Identifier", in_popup=False, code=True),
    Field("nom", "str", True, "Nom", "Name", in_popup=False),
    Field("insee", "str", True, "Commune (INSEE)", "Municipality (INSEE)", in_popup=False, code=True),
    Field("insee_autres", "str", False, "Autres communes (INSEE)", "Other municipalities (INSEE)",
          in_popup=False),
    Field("description", "str", False, "Description", "Description", in_popup=False),
    Field("description_en", "str", False, "Description (anglais)", "Description (English)", in_popup=False),
    Field("source", "str", True, "Source", "Source", in_popup=False),
    Field("source_date", "str", True, "Date de la source", "Source date", in_popup=False),
    Field("precision", "str", True, "Précision", "Precision", PRECISIONS, in_popup=False),
)

COMMUNES = LayerSpec(
    name="communes",
    title_fr="Communes",
    title_en="Municipalities",
    geometry="Polygon",
    fields=(
        Field("insee", "str", True, "Code INSEE", "INSEE code", in_popup=False, code=True),
        Field("nom", "str", True, "Commune", "Municipality", in_popup=False),
        Field("siren", "str", False, "SIREN de la commune", "Municipality SIREN", in_popup=False),
        Field("codes_postaux", "str", False, "Codes postaux", "Postcodes"),
        Field("epci", "str", True, "Agglomération", "Conurbation", EPCI_CODES, code=True,
              popup_detail="epci_nom"),
        # epci_nom is not a code, but validation has always stripped a trailing ".0" from it.
        Field("epci_nom", "str", True, "Nom de l'agglomération", "Conurbation name", in_popup=False, code=True),
        Field("epci_siren", "str", True, "SIREN de l'agglomération", "Conurbation SIREN", in_popup=False,
              code=True),
        Field("population", "int", True, "Population municipale", "Municipal population"),
        # INSEE's wording of the population's vintage, e.g. "population municipale
        # 2023, en vigueur au 1er janvier 2026": every population shown says its year.
        Field("population_annee", "str", True, "Millésime de la population", "Population vintage",
              in_popup=False),
        Field("population_2017", "int", False, "Population municipale 2017", "Municipal population 2017"),
        Field("superficie_km2", "float", True, "Superficie (km²)", "Area (km²)"),
        Field("mairie_adresse", "str", False, "Adresse de la mairie", "Town hall address"),
        Field("mairie_telephone", "str", False, "Téléphone de la mairie", "Town hall phone"),
        Field("mairie_email", "str", False, "Courriel de la mairie", "Town hall e-mail"),
        Field("mairie_site", "str", False, "Site internet", "Website"),
        Field("source", "str", True, "Source", "Source", in_popup=False),
        Field("source_date", "str", True, "Date de la source", "Source date", in_popup=False),
        Field("precision", "str", True, "Précision", "Precision", PRECISIONS, in_popup=False),
    ),
    id_field="insee",
    tooltip_detail="epci",
    coverage=True,
    style={"weight": 1, "fillOpacity": 0.35, "color": "#37474f"},
    figures=(
        PublishedFigure("communes", 150, "communes", "municipalities", SRC_RAPPORT_2022, "2022"),
        PublishedFigure("communes", 150, "communes", "municipalities", SRC_LETTRE_2021, "2021"),
        PublishedFigure(
            "population", 650_000, "habitants", "inhabitants", SRC_RAPPORT_2022, "2022",
            "« 650 000 habitants, 10 % de la population des Hauts-de-France »",
            "“650,000 inhabitants, 10% of the Hauts-de-France population”",
        ),
        PublishedFigure(
            "population", 650_000, "habitants", "inhabitants", SRC_LETTRE_2021, "2021",
            "« près de 650 000 habitants »", "“nearly 650,000 inhabitants”",
        ),
    ),
)

PARCS = LayerSpec(
    name="parcs",
    title_fr="Chaîne des parcs",
    title_en="Chain of parks",
    geometry="Polygon",
    fields=COMMON_FIELDS + (
        Field("surface_publiee_ha", "float", False, "Surface publiée (ha)", "Published area (ha)"),
        Field("groupe", "str", False, "Groupe de la Chaîne des parcs", "Park group"),
        Field("membre_confirme", "str", False, "Appartenance à la Chaîne confirmée", "Membership confirmed"),
    ),
    key_figure=("surface_publiee_ha", "unit.ha"),
    style={"color": "#2e7d32", "fillColor": "#66bb6a", "weight": 1.5, "fillOpacity": 0.45},
    figures=(
        PublishedFigure(
            "parcs_ha", 4200, "ha", "ha", SRC_RAPPORT_2022, "2022",
            "4 200 ha de parcs reliés par 420 km de voies vertes",
            "4,200 ha of parks linked by 420 km of greenways",
        ),
    ),
    description_fr="Grands espaces naturels de la Chaîne des parcs (2e Grand prix du Paysage).",
    description_en="Large natural areas of the Chain of parks (2nd French Landscape Grand Prix).",
)

VOIES_VERTES = LayerSpec(
    name="voies_vertes",
    title_fr="Voies vertes",
    title_en="Greenways",
    geometry="LineString",
    fields=COMMON_FIELDS + (
        Field("longueur_publiee_km", "float", False, "Longueur publiée (km)", "Published length (km)"),
        Field("itineraire", "str", False, "Itinéraire", "Route"),
    ),
    key_figure=("longueur_publiee_km", "unit.km"),
    style={"color": "#00897b", "weight": 4, "opacity": 0.9, "dashArray": "6 4"},
    figures=(
        PublishedFigure(
            "voies_vertes_km", 420, "km", "km", SRC_RAPPORT_2022, "2022",
            "420 km de voies vertes reliant les parcs", "420 km of greenways linking the parks",
        ),
    ),
)

ZONES_ACTIVITE = LayerSpec(
    name="zones_activite",
    title_fr="Zones d'activité",
    title_en="Business parks",
    geometry="Polygon",
    fields=COMMON_FIELDS + (
        Field("surface_totale_ha", "float", False, "Surface totale (ha)", "Total area (ha)"),
        Field("surface_disponible_ha", "float", False, "Foncier en vente ou en aménagement (ha)",
              "Land on sale or being developed (ha)"),
        # shown in the popup with the land figure they date and source (text.land_text)
        Field("disponible_detail", "str", False, "Foncier : ce qui est publié", "Land: what was published",
              french_text=True, in_popup=False),
        Field("disponible_detail_en", "str", False, "Foncier : ce qui est publié (anglais)",
              "Land: what was published (English)", in_popup=False),
        Field("disponible_date", "str", False, "Foncier : date du chiffre", "Land: date of the figure",
              in_popup=False),
        Field("disponible_source", "str", False, "Foncier : source du chiffre", "Land: source of the figure",
              in_popup=False),
        Field("vocation", "str", True, "Vocation", "Purpose", VOCATIONS),
        Field("statut", "str", True, "Statut", "Status"),
        Field("contact", "str", False, "Contact", "Contact"),
        Field("gestionnaire", "str", False, "Gestionnaire", "Operator"),
    ),
    key_figure=("surface_totale_ha", "unit.ha"),
    style={"color": "#6a1b9a", "fillColor": "#ab47bc", "weight": 1.5, "fillOpacity": 0.45},
    figures=(
        PublishedFigure(
            "foncier_disponible_ha", 317, "ha disponibles", "ha available", SRC_RAPPORT_2022, "2022-12",
            "317 ha de foncier disponible présentés au SIMI 2022 (6-8 décembre, Paris)",
            "317 ha of available land presented at SIMI 2022 (6-8 December, Paris)",
        ),
        # Context figures of the investor sheets (see CONTEXT_INDICATORS).
        PublishedFigure(
            "investissement_industriel_eur", 2.5e9, "€ d'investissements industriels depuis 2020",
            "EUR of industrial investment since 2020", SRC_RAPPORT_2022, "2022",
            "« près de 2,5 milliards d'euros d'investissements industriels » depuis 2020",
            "“nearly 2.5 billion euros of industrial investment” since 2020",
        ),
        PublishedFigure(
            "emplois_annonces", 4000, "emplois annoncés à l'horizon 2025",
            "jobs announced by 2025", SRC_RAPPORT_2022, "2022",
            "4 000 emplois annoncés à l'horizon 2025", "4,000 jobs announced by 2025",
        ),
        PublishedFigure(
            "laureats_france_2030", 80, "lauréats France 2030 sur 200 en Hauts-de-France",
            "France 2030 winners out of 200 in Hauts-de-France", SRC_RAPPORT_2022, "2022",
            "Près de 50 % des projets lauréats France 2030 des Hauts-de-France (80 sur 200)",
            "Nearly 50% of the France 2030 winning projects of Hauts-de-France (80 of 200)",
        ),
    ),
)



@dataclass(frozen=True)
class LandFigure:
    """Land on sale or being developed in one zone, as published at a date.

    Not a current inventory: each figure is shown with its date ("au <date>")
    and source, and they are never added up (the 317 ha is the PMA's own total).
    """

    zone_id: str
    hectares: float
    detail_fr: str
    detail_en: str
    date: str  # "" when the source gives none (shown as "date non publiée", never invented)
    source: str


#: Dated figures of land being marketed, per zone (reference facts, December 2026).
LAND_FIGURES: tuple[LandFigure, ...] = (
    LandFigure("zae-parc-des-industries", 10.0,
               "Bande ouest le long de la RN47 (24 ha) : 9 parcelles viabilisées à la vente, 10 ha en "
               "tout (parcelles d'environ 0,5 à 2 ha)",
               "West strip along the RN47 (24 ha): 9 serviced plots for sale, 10 ha in all "
               "(plots of about 0.5 to 2 ha)",
               "2022-05-02", "parcdesindustries.com (« Bande ouest, les parcelles disponibles à la vente »)"),
    LandFigure("zae-delta3", 115.0,
               "Zone logistique LD (4e et dernière phase) : 115 ha en cours d'aménagement, "
               "350 000 m² d'entrepôts prévus",
               "LD logistics zone (4th and last phase): 115 ha being developed, 350,000 m² of "
               "warehouses planned",
               "2018", "lagazettefrance.fr (« Delta 3 passe la quatrième vitesse ») ; "
                       "actu-transport-logistique.fr"),
    LandFigure("zae-sainte-henriette", 29.0,
               "120 ha, dont 29 ha constructibles", "120 ha, of which 29 ha can be built on",
               "", "innovapresse.com (page non datée)"),
)

#: Published context figures shown to investors (site sheets, kiosk), in this order.
CONTEXT_INDICATORS = ("investissement_industriel_eur", "emplois_annonces", "laureats_france_2030")

SITES_SOLAIRES = LayerSpec(
    name="sites_solaires",
    title_fr="Sites solaires",
    title_en="Solar sites",
    geometry="Point",
    fields=COMMON_FIELDS + (
        Field("production_gwh_an", "float", False, "Production (GWh/an)", "Output (GWh/year)"),
        Field("puissance_mwc", "float", False, "Puissance (MWc)", "Capacity (MWp)"),
        Field("statut", "str", True, "Statut", "Status", SOLAR_STATUSES),
        Field("mise_en_service", "str", False, "Mise en service", "Commissioning"),
        Field("historique", "str", False, "Chiffres publiés antérieurement", "Earlier published figures",
              french_text=True),
    ),
    key_figure=("production_gwh_an", "unit.gwh_year"),
    style={"color": "#f9a825", "fillColor": "#fdd835", "radius": 9},
    figures=(
        PublishedFigure(
            "solaire_potentiel_gwh", 3000, "GWh/an de potentiel en toiture",
            "GWh/year rooftop potential", SRC_LETTRE_2021, "2021",
            "Potentiel solaire des toitures : la consommation de 600 000 foyers",
            "Rooftop solar potential: the consumption of 600,000 households",
        ),
    ),
)

PARC_INNOVATION = LayerSpec(
    name="parc_innovation",
    title_fr="Parc d'innovation de l'Artois",
    title_en="Artois innovation park",
    geometry="Point",
    fields=COMMON_FIELDS + (
        Field("role", "str", True, "Rôle", "Role", ("lieu totem", "partenaire")),
        Field("adresse", "str", False, "Adresse", "Address"),
        Field("partenaires", "str", False, "Partenaires", "Partners", french_text=True),
    ),
    style={"color": "#1565c0", "fillColor": "#42a5f5", "radius": 10},
    figures=(
        PublishedFigure(
            "innovation_sites", 3, "lieux totems", "flagship sites", SRC_RAPPORT_2022, "2022",
            "Trois lieux totems, un par agglomération : Béthune, Lens, Oignies",
            "Three flagship sites, one per conurbation: Béthune, Lens, Oignies",
        ),
    ),
)

ACCES = LayerSpec(
    name="acces",
    title_fr="Accès (autoroutes, gares, ports)",
    title_en="Access (motorways, stations, ports)",
    geometry="Point",
    fields=COMMON_FIELDS + (
        Field("nom_en", "str", False, "Nom (anglais)", "Name (English)", in_popup=False),
        Field("type", "str", True, "Type d'accès", "Access type", ACCESS_TYPES),
        Field("reference", "str", False, "Référence", "Reference"),
    ),
    style={"color": "#263238", "fillColor": "#90a4ae", "radius": 7},
    description_fr=("Jonctions autoroutières (A1, A21, A26), gares TGV et ports fluviaux, "
                    "placés à la main à 1 à 2 km près."),
    description_en=("Motorway junctions (A1, A21, A26), TGV stations and canal ports, "
                    "placed by hand to within 1 to 2 km."),
    shown_by_default=False,  # context for investors, not an asset of the territory
)

PARCELLES = LayerSpec(
    name="parcelles",
    title_fr="Parcelles cadastrales",
    title_en="Cadastral parcels",
    geometry="Polygon",
    fields=COMMON_FIELDS + (
        Field("section", "str", False, "Section cadastrale", "Cadastral section"),
        Field("numero", "str", False, "Numéro de parcelle", "Parcel number"),
        Field("contenance_m2", "float", False, "Contenance (m²)", "Registered area (m²)"),
    ),
    style={"color": "#6d4c41", "fillColor": "#d7ccc8", "weight": 0.8, "fillOpacity": 0.25},
    description_fr=("Extrait du plan cadastral publié par les services du PMA (parcelles, sections, "
                    "contenances) : affiché à partir du zoom 14."),
    description_en=("Extract of the land registry map published by PMA staff (parcels, sections, "
                    "registered areas): shown from zoom level 14."),
    shown_by_default=False,  # 300,000 to 500,000 parcels: ticked by who needs them
    # A cadastre extract of the territory (Etalab's cadastre as GeoPackage: ~150 MB for 500,000 parcels).
    upload_limits=UploadLimits(max_features=600_000, max_file_mb=400, max_vertices=20_000_000,
                               read_timeout_s=900),
    optional=True,
    tiles_min_zoom=13,
)

ASSET_LAYERS: dict[str, LayerSpec] = {
    s.name: s for s in (PARCS, VOIES_VERTES, ZONES_ACTIVITE, SITES_SOLAIRES, PARC_INNOVATION, ACCES,
                        PARCELLES)
}
LAYERS: dict[str, LayerSpec] = {"communes": COMMUNES, **ASSET_LAYERS}
#: The layers whose version 1 is a file of ``data/geo`` (not the optional ones, such as ``parcelles``).
BUNDLED_LAYERS: dict[str, LayerSpec] = {n: s for n, s in LAYERS.items() if not s.optional}
BUNDLED_ASSET_LAYERS: dict[str, LayerSpec] = {n: s for n, s in ASSET_LAYERS.items() if not s.optional}


def feature_name(row: Mapping, lang: str) -> str:
    """The feature's name in ``lang``: ``nom_en`` in English when the layer has one, else ``nom``."""
    if lang == "en":
        english = row.get("nom_en")
        if isinstance(english, str) and english.strip():
            return english
    return row.get("nom")


def get_layer(name: str) -> LayerSpec:
    """Return the spec of layer ``name`` or raise :class:`PmaError` ``unknown_layer``."""
    try:
        return LAYERS[name]
    except KeyError:
        known = ", ".join(LAYERS)
        raise PmaError("unknown_layer", name=name, known=known) from None


def figures_for(indicator: str) -> list[PublishedFigure]:
    """Published figures compared with ``indicator``, newest first."""
    found = [f for spec in LAYERS.values() for f in spec.figures if f.indicator == indicator]
    return sorted(found, key=lambda f: f.source_date, reverse=True)
