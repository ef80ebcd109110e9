"""Strings of investor mode: site finder, site sheets (PDF), kiosk tour."""

STRINGS: dict[str, dict[str, str]] = {
    # --- navigation
    "nav.invest": {"fr": "Investir en Artois", "en": "Invest in Artois"},
    "nav.kiosk": {"fr": "Visite guidée (borne)", "en": "Guided tour (kiosk)"},
    # --- access kinds and values of the data shown in English
    "access.motorway": {"fr": "Jonction autoroutière", "en": "Motorway junction"},
    "access.station": {"fr": "Gare", "en": "Railway station"},
    "access.port": {"fr": "Port fluvial", "en": "Canal port"},
    "choice.type.jonction autoroutière": {"fr": "Jonction autoroutière", "en": "Motorway junction"},
    "choice.type.gare TGV": {"fr": "Gare TGV", "en": "TGV station"},
    "choice.type.gare": {"fr": "Gare", "en": "Railway station"},
    "choice.type.port fluvial": {"fr": "Port fluvial", "en": "Canal port"},
    "choice.statut.en activité": {"fr": "En activité", "en": "Operating"},
    "choice.statut.en développement": {"fr": "En développement", "en": "Under development"},
    "choice.statut.non précisé": {"fr": "Non précisé", "en": "Not stated"},
    "choice.statut.en service": {"fr": "En service", "en": "In operation"},
    "choice.statut.en construction": {"fr": "En construction", "en": "Under construction"},
    "choice.statut.en projet": {"fr": "En projet", "en": "Planned"},
    "choice.membre_confirme.confirmé": {"fr": "Confirmée", "en": "Confirmed"},
    "choice.membre_confirme.non confirmé": {"fr": "Non confirmée", "en": "Not confirmed"},
    "choice.role.lieu totem": {"fr": "Lieu totem", "en": "Flagship site"},
    "choice.role.partenaire": {"fr": "Partenaire", "en": "Partner"},
    "choice.vocation.industrie": {"fr": "Industrie", "en": "Industry"},
    "choice.vocation.logistique": {"fr": "Logistique", "en": "Logistics"},
    "choice.vocation.tertiaire": {"fr": "Tertiaire", "en": "Offices and services"},
    "choice.vocation.mixte": {"fr": "Mixte", "en": "Mixed"},
    "choice.vocation.innovation": {"fr": "Innovation", "en": "Innovation"},
    # --- finder reasons
    "finder.reason.epci": {"fr": "Dans l'agglomération {epci}", "en": "In the {epci} conurbation"},
    "finder.reason.vocation": {"fr": "Vocation : {vocation}", "en": "Purpose: {vocation}"},
    "finder.reason.available": {"fr": "{value} ha disponibles (minimum demandé : {min} ha)",
                                "en": "{value} ha available (minimum asked: {min} ha)"},
    "finder.reason.unpublished": {
        "fr": "Surface disponible non publiée : à confirmer auprès du gestionnaire",
        "en": "Available land not published: to be confirmed with the operator"},
    "finder.reason.motorway": {"fr": "{km} km de {name}", "en": "{km} km from {name}"},
    "finder.reason.motorway_within": {"fr": "{km} km de {name} (maximum {max} km)",
                                      "en": "{km} km from {name} (maximum {max} km)"},
    "finder.reason.station": {"fr": "{km} km de {name}", "en": "{km} km from {name}"},
    "finder.reason.station_within": {"fr": "{km} km de {name} (maximum {max} km)",
                                     "en": "{km} km from {name} (maximum {max} km)"},
    "finder.reason.port": {"fr": "{km} km de {name}", "en": "{km} km from {name}"},
    "finder.reason.port_within": {"fr": "{km} km de {name} (maximum {max} km)",
                                  "en": "{km} km from {name} (maximum {max} km)"},
    "finder.access_text": {"fr": "{km} km ({name})", "en": "{km} km ({name})"},
    "finder.col.communes": {"fr": "Commune(s)", "en": "Municipality(ies)"},
    "finder.col.epci": {"fr": "Agglomération", "en": "Conurbation"},
    "finder.col.vocation": {"fr": "Vocation", "en": "Purpose"},
    "finder.col.available": {"fr": "Surface disponible (ha)", "en": "Available land (ha)"},
    "finder.col.total": {"fr": "Surface totale (ha)", "en": "Total area (ha)"},
    "finder.col.motorway": {"fr": "Jonction autoroutière la plus proche",
                            "en": "Nearest motorway junction"},
    "finder.col.station": {"fr": "Gare la plus proche", "en": "Nearest railway station"},
    "finder.col.port": {"fr": "Port fluvial le plus proche", "en": "Nearest canal port"},
    "finder.col.rank": {"fr": "Rang", "en": "Rank"},
    # --- invest page
    "invest.title": {"fr": "Investir en Artois", "en": "Invest in Artois"},
    "invest.subtitle": {
        "fr": "Trouvez le site qui correspond à votre projet parmi les zones d'activité des trois "
              "agglomérations. Distances à vol d'oiseau, mesurées en Lambert-93.",
        "en": "Find the site that fits your project among the business parks of the three "
              "conurbations. Straight-line distances, measured in Lambert-93."},
    "invest.criteria": {"fr": "Vos critères", "en": "Your criteria"},
    "invest.min_available": {"fr": "Surface disponible minimale (ha)", "en": "Minimum available land (ha)"},
    "invest.include_unpublished": {
        "fr": "Inclure les zones dont la surface disponible n'est pas publiée",
        "en": "Include business parks whose available land is not published"},
    "invest.include_unpublished_help": {
        "fr": "Aucune source ne publie la surface disponible zone par zone (seul le total de "
              "317 ha l'est) : ces zones restent proposées, signalées « surface disponible non publiée ».",
        "en": "No source publishes the available land park by park (only the 317 ha total is): "
              "these parks stay listed, flagged “available land not published”."},
    "invest.vocations": {"fr": "Vocation", "en": "Purpose"},
    "invest.epci": {"fr": "Agglomération", "en": "Conurbation"},
    "invest.all": {"fr": "Toutes", "en": "All"},
    "invest.max_motorway": {"fr": "Distance maximale à une jonction autoroutière (km)",
                            "en": "Maximum distance to a motorway junction (km)"},
    "invest.max_station": {"fr": "Distance maximale à une gare (km)",
                           "en": "Maximum distance to a railway station (km)"},
    "invest.max_port": {"fr": "Distance maximale à un port fluvial (km)",
                        "en": "Maximum distance to a canal port (km)"},
    "invest.no_limit_help": {"fr": "0 : pas de limite.", "en": "0: no limit."},
    "invest.results": {"fr": "{n} site(s) correspondant(s)", "en": "{n} matching site(s)"},
    "invest.no_result": {
        "fr": "Aucun site ne correspond. Élargissez une distance ou incluez les zones dont la "
              "surface disponible n'est pas publiée.",
        "en": "No site matches. Widen a distance or include the parks whose available land is "
              "not published."},
    "invest.excluded_unpublished": {
        "fr": "{n} zone(s) sans surface disponible publiée sont exclues par le minimum choisi.",
        "en": "{n} business park(s) with no published available land are left out by the minimum chosen."},
    "invest.rank": {"fr": "n° {rank}", "en": "No. {rank}"},
    "invest.shortlist": {"fr": "Comparer 2 à 5 sites", "en": "Compare 2 to 5 sites"},
    "invest.shortlist_pick": {"fr": "Sites à comparer", "en": "Sites to compare"},
    "invest.shortlist_hint": {"fr": "Choisissez de 2 à 5 sites dans les résultats.",
                              "en": "Pick 2 to 5 sites from the results."},
    "invest.downloads": {"fr": "Fiches PDF", "en": "PDF sheets"},
    "invest.sheet_pick": {"fr": "Fiche d'un site", "en": "Sheet for one site"},
    "invest.download_sheet": {"fr": "Télécharger la fiche (PDF)", "en": "Download the sheet (PDF)"},
    "invest.download_handout": {"fr": "Télécharger le dossier des sites comparés (PDF)",
                                "en": "Download the handout of the compared sites (PDF)"},
    "invest.context": {"fr": "Le territoire en chiffres", "en": "The territory in figures"},
    "invest.map_note": {
        "fr": "Numéros : rang des sites trouvés. Points gris : accès (jonctions, gares, ports), "
              "placés à la main à 1 à 2 km près.",
        "en": "Numbers: rank of the sites found. Grey dots: access points (junctions, stations, "
              "ports), placed by hand to within 1 to 2 km."},
    "invest.rank_layer": {"fr": "Rang des sites trouvés", "en": "Rank of the sites found"},
    "invest.site_layer": {"fr": "Site du lien", "en": "Site of the link"},
    "invest.site_shown": {"fr": "Site affiché : {name} ({layer})", "en": "Site shown: {name} ({layer})"},
    "invest.site_unknown": {
        "fr": "Le site « {id} » du lien n'existe pas (ou plus) sur la carte : vue d'ensemble affichée.",
        "en": "The site “{id}” of the link is not (or no longer) on the map: overview shown."},
    # --- published context figures
    "figure.investissement_industriel_eur": {"fr": "Investissements industriels depuis 2020",
                                             "en": "Industrial investment since 2020"},
    "figure.investissement_industriel_eur.value": {"fr": "{value} Md€", "en": "EUR {value} bn"},
    "figure.emplois_annonces": {"fr": "Emplois annoncés à l'horizon 2025",
                                "en": "Jobs announced by 2025"},
    "figure.emplois_annonces.value": {"fr": "{value}", "en": "{value}"},
    "figure.laureats_france_2030": {"fr": "Lauréats France 2030 des Hauts-de-France sur le territoire",
                                    "en": "Hauts-de-France France 2030 winners on the territory"},
    "figure.laureats_france_2030.value": {"fr": "{value} sur 200", "en": "{value} of 200"},
    "figure.foncier_disponible_ha": {"fr": "Foncier disponible présenté au SIMI 2022",
                                     "en": "Available land presented at SIMI 2022"},
    "figure.foncier_disponible_ha.value": {"fr": "{value} ha", "en": "{value} ha"},
    "figure.source": {"fr": "Source : {source}, {date}", "en": "Source: {source}, {date}"},
    # --- site sheet (PDF)
    "sheet.title": {"fr": "Fiche site", "en": "Site sheet"},
    "sheet.handout_title": {"fr": "Sites sélectionnés pour vous", "en": "Sites selected for you"},
    "sheet.handout_intro": {
        "fr": "{n} sites du Pôle Métropolitain de l'Artois, comparés puis détaillés un par un.",
        "en": "{n} sites of the Artois Metropolitan Hub, compared then detailed one by one."},
    "sheet.org": {"fr": "Pôle Métropolitain de l'Artois",
                  "en": "Artois Metropolitan Hub (Pôle Métropolitain de l'Artois)"},
    "sheet.commune": {"fr": "Commune(s)", "en": "Municipality(ies)"},
    "sheet.epci": {"fr": "Agglomération", "en": "Conurbation"},
    "sheet.vocation": {"fr": "Vocation", "en": "Purpose"},
    "sheet.available": {"fr": "Surface disponible", "en": "Available land"},
    "sheet.total": {"fr": "Surface totale", "en": "Total area"},
    "sheet.status": {"fr": "Statut", "en": "Status"},
    "sheet.contact": {"fr": "Contact", "en": "Contact"},
    "sheet.contact_default": {
        "fr": "Pôle Métropolitain de l'Artois, équipe développement économique",
        "en": "Artois Metropolitan Hub, economic development team"},
    "sheet.access": {"fr": "Accès (distances à vol d'oiseau)", "en": "Access (straight-line distances)"},
    "sheet.description": {"fr": "Présentation", "en": "Overview"},
    "sheet.context": {"fr": "Le territoire en chiffres publiés", "en": "The territory in published figures"},
    "sheet.map": {"fr": "Situation", "en": "Location"},
    "sheet.map_legend": {
        "fr": "Le site (violet), les communes (gris) et les accès (points) ; emprises "
              "approximatives placées à la main, pas des périmètres relevés.",
        "en": "The site (purple), municipalities (grey) and access points (dots); approximate "
              "extents placed by hand, not surveyed boundaries."},
    "sheet.qr": {"fr": "Voir ce site sur la carte", "en": "See this site on the map"},
    "sheet.source": {"fr": "Source des données du site : {source} ({date}). {precision}",
                     "en": "Site data source: {source} ({date}). {precision}"},
    "sheet.generated": {"fr": "Document généré le {date}", "en": "Document generated on {date}"},
    "sheet.page": {"fr": "Page {n}", "en": "Page {n}"},
    "find.field": {"fr": "{label} : {value}", "en": "{label}: {value}"},
    # --- kiosk
    "kiosk.title": {"fr": "L'Artois, terre d'industrie et d'innovation",
                    "en": "Artois, a land of industry and innovation"},
    "kiosk.pause": {"fr": "Pause", "en": "Pause"},
    "kiosk.play": {"fr": "Reprendre", "en": "Resume"},
    "kiosk.jump": {"fr": "Aller au site", "en": "Go to site"},
    "kiosk.staff": {"fr": "Contrôles", "en": "Controls"},
    "kiosk.step": {"fr": "Étape {n} sur {total}", "en": "Stop {n} of {total}"},
    "kiosk.source": {"fr": "Source : {source}", "en": "Source: {source}"},
    "kiosk.context_source": {"fr": "Chiffres : {source}", "en": "Figures: {source}"},
    "kiosk.approx": {"fr": "Emplacements approximatifs placés à la main, pas des périmètres relevés.",
                     "en": "Approximate locations placed by hand, not surveyed boundaries."},
    "kiosk.intro": {
        "fr": "Pour l'écran ou la tablette du stand : la carte en plein écran, en grands caractères, "
              "passe d'un site phare à l'autre avec ses chiffres clés et leurs sources. Les "
              "contrôles (pause, site suivant, langue, durée) restent dans un menu discret.",
        "en": "For the stand's screen or tablet: the full-screen map, in large type, moves from one "
              "flagship site to the next with its key figures and their sources. The controls "
              "(pause, next site, language, duration) stay in a discreet menu."},
    "kiosk.launch": {"fr": "Lancer la visite", "en": "Start the tour"},
    "kiosk.link": {"fr": "Adresse à ouvrir sur l'écran du stand : {url}",
                   "en": "Address to open on the stand's screen: {url}"},
    "kiosk.exit": {"fr": "Quitter la visite", "en": "Leave the tour"},
    "kiosk.next": {"fr": "Site suivant", "en": "Next site"},
    "kiosk.prev": {"fr": "Site précédent", "en": "Previous site"},
    "kiosk.interval": {"fr": "Secondes par site", "en": "Seconds per site"},
    "kiosk.height": {"fr": "Hauteur de la carte (pixels)", "en": "Map height (pixels)"},
    "kiosk.height_help": {
        "fr": "Vide : la carte prend la hauteur de l'écran, quel qu'il soit. Un nombre fixe la hauteur "
              "en pixels ; il est gardé dans l'adresse de la page.",
        "en": "Empty: the map takes the screen's height, whatever the screen. A number sets the height "
              "in pixels; it is kept in the page's address."},
    "kiosk.paused": {"fr": "Visite en pause", "en": "Tour paused"},
    "kiosk.ring_layer": {"fr": "Site de l'étape", "en": "Site of this stop"},
    "kiosk.figures": {"fr": "Chiffres clés", "en": "Key figures"},
    "kiosk.empty": {"fr": "Aucun site de la visite n'est dans les couches publiées.",
                    "en": "None of the tour's sites is in the published layers."},
    # tour stops
    "tour.territoire.title": {"fr": "Le Pôle Métropolitain de l'Artois",
                              "en": "The Pôle Métropolitain de l'Artois"},
    "tour.territoire.text": {
        "fr": "150 communes et trois agglomérations (Béthune-Bruay, Lens-Liévin, Hénin-Carvin) "
              "au cœur de l'ancien bassin minier du Pas-de-Calais, desservies par les autoroutes A1, "
              "A21 et A26 et par le TGV.",
        "en": "150 municipalities and three conurbations (Béthune-Bruay, Lens-Liévin, Hénin-Carvin) "
              "at the heart of the former Pas-de-Calais mining basin, served by the A1, A21 and A26 "
              "motorways and by the TGV."},
    "tour.acc.title": {"fr": "Gigafactory ACC, Parc des Industries Artois-Flandres",
                       "en": "ACC gigafactory, Parc des Industries Artois-Flandres"},
    "tour.acc.text": {
        "fr": "Première gigafactory de batteries de France : production à partir de 2023, "
              "2 000 emplois dans l'usine ACC seule à l'horizon 2030. Le parc : 460 ha, 98 entreprises, "
              "5 500 emplois.",
        "en": "France's first battery gigafactory: production from 2023, 2,000 jobs in the ACC plant "
              "alone by 2030. The park: 460 ha, 98 companies, 5,500 jobs."},
    "tour.delta3.title": {"fr": "Delta 3, le hub logistique multimodal",
                          "en": "Delta 3, the multimodal logistics hub"},
    "tour.delta3.text": {
        "fr": "Plus de 400 ha à Dourges, plateforme rail-route-voie d'eau au bord de l'A1 ; "
              "campus Euralogistic labellisé Euralens.",
        "en": "Over 400 ha at Dourges, a rail-road-waterway platform by the A1 motorway; "
              "Euralogistic campus with the Euralens label."},
    "tour.innovation.title": {"fr": "Parc d'innovation de l'Artois", "en": "Artois innovation park"},
    "tour.innovation.text": {
        "fr": "Trois lieux totems, un par agglomération (Béthune, Lens, Oignies) ; Louvre Lens "
              "Vallée occupe environ 3 000 m² près du musée du Louvre-Lens.",
        "en": "Three flagship sites, one per conurbation (Béthune, Lens, Oignies); Louvre Lens "
              "Vallée occupies about 3,000 m² next to the Louvre-Lens museum."},
    "tour.vivalley.title": {"fr": "Vivalley Campus, Liévin", "en": "Vivalley Campus, Liévin"},
    "tour.vivalley.text": {
        "fr": "Campus de 110 ha sur le sport, la santé et le bien-être : Arena stade couvert, "
              "faculté des sports, complexe aquatique.",
        "en": "110 ha campus on sport, health and well-being: indoor Arena stadium, faculty of "
              "sport, aquatic centre."},
    "tour.leforest.title": {"fr": "Parc solaire de Leforest", "en": "Leforest solar park"},
    "tour.leforest.text": {
        "fr": "Sur une ancienne décharge de 32 ha : 34 329 panneaux, 18 329 MWh par an, en service "
              "depuis avril 2024.",
        "en": "On a former 32 ha landfill: 34,329 panels, 18,329 MWh a year, in operation since "
              "April 2024."},
    "tour.parcs.title": {"fr": "La Chaîne des parcs", "en": "The Chain of parks"},
    "tour.parcs.text": {
        "fr": "4 200 ha de parcs reliés par 420 km de voies vertes ; le parc d'Olhain à lui seul : "
              "450 ha et 700 000 visiteurs par an.",
        "en": "4,200 ha of parks linked by 420 km of greenways; the Olhain park alone: 450 ha and "
              "700,000 visitors a year."},
}
