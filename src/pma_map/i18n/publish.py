"""Strings of staff publishing: validation messages, sign-in and the publishing page.

Validation messages (``val.*``) name the problem and the fix; French is the
reference (the staff work in French), English is given for completeness.
"""

STRINGS: dict[str, dict[str, str]] = {
    # --- naming features
    "val.line": {"fr": "ligne {n}", "en": "line {n}"},
    "val.feature_n": {"fr": "entité n°{n}", "en": "feature #{n}"},
    "val.none": {"fr": "aucune", "en": "none"},
    "geom.Polygon": {"fr": "polygones", "en": "polygons"},
    "geom.LineString": {"fr": "lignes", "en": "lines"},
    "geom.Point": {"fr": "points", "en": "points"},
    # --- reading the file
    "val.unreadable": {
        "fr": "Fichier illisible ({detail}). Exportez-le à nouveau depuis QGIS ou le tableur "
              "(GeoJSON, GeoPackage, Shapefile zippé, KML ou CSV) puis recommencez.",
        "en": "Unreadable file ({detail}). Export it again from QGIS or the spreadsheet "
              "(GeoJSON, GeoPackage, zipped Shapefile, KML or CSV) and try again."},
    "val.not_geographic": {
        "fr": "Le fichier ne contient aucune géométrie : ce n'est pas une couche géographique. "
              "Exportez la couche avec sa géométrie, ou un CSV avec des colonnes latitude et longitude.",
        "en": "The file holds no geometry: it is not a geographic layer. Export the layer with its "
              "geometry, or a CSV with latitude and longitude columns."},
    "val.unsupported_format": {
        "fr": "Format « {ext} » refusé. Formats acceptés : GeoJSON (.geojson), GeoPackage (.gpkg), "
              "Shapefile zippé (.zip), KML (.kml), CSV (.csv). Les fichiers VRT ne sont pas acceptés.",
        "en": "Format “{ext}” refused. Accepted: GeoJSON (.geojson), GeoPackage (.gpkg), zipped "
              "Shapefile (.zip), KML (.kml), CSV (.csv). VRT files are not accepted."},
    "val.file_too_large": {
        "fr": "Fichier trop volumineux ({mb} Mo, maximum {max_mb} Mo). Simplifiez les géométries "
              "dans QGIS ou ne gardez que les entités de la couche.",
        "en": "File too large ({mb} MB, at most {max_mb} MB). Simplify the geometries in QGIS or "
              "keep only the features of the layer."},
    "val.too_many_features": {
        "fr": "Trop d'entités ({n}, maximum {max}). Vérifiez que vous avez exporté la bonne couche.",
        "en": "Too many features ({n}, at most {max}). Check that you exported the right layer."},
    "val.archive_members": {
        "fr": "Archive refusée : {n} fichiers dedans (maximum {max}). Zippez seulement les fichiers "
              "du Shapefile (.shp, .shx, .dbf, .prj, .cpg).",
        "en": "Archive refused: {n} files inside (at most {max}). Zip only the Shapefile files "
              "(.shp, .shx, .dbf, .prj, .cpg)."},
    "val.archive_path": {
        "fr": "Archive refusée : le fichier « {name} » sortirait du dossier d'extraction. Recréez le "
              "zip en sélectionnant directement les fichiers du Shapefile.",
        "en": "Archive refused: the file “{name}” would leave the extraction folder. Create the zip "
              "again by selecting the Shapefile files directly."},
    "val.archive_size": {
        "fr": "Archive refusée : une fois décompressée elle dépasse {max_mb} Mo. Zippez seulement la "
              "couche à publier.",
        "en": "Archive refused: uncompressed it exceeds {max_mb} MB. Zip only the layer to publish."},
    "val.zip_no_shapefile": {
        "fr": "L'archive ne contient pas de fichier .shp. Zippez les fichiers du Shapefile "
              "(.shp, .shx, .dbf, .prj).",
        "en": "The archive holds no .shp file. Zip the Shapefile files (.shp, .shx, .dbf, .prj)."},
    "val.zip_many_shapefiles": {
        "fr": "L'archive contient plusieurs Shapefiles ({names}). Envoyez une seule couche par fichier.",
        "en": "The archive holds several Shapefiles ({names}). Send one layer per file."},
    "val.shapefile_incomplete": {
        "fr": "Shapefile incomplet : le fichier {ext} manque dans l'archive. Ajoutez-le au zip.",
        "en": "Incomplete Shapefile: the {ext} file is missing from the archive. Add it to the zip."},
    "val.shapefile_needs_zip": {
        "fr": "Un Shapefile est fait de plusieurs fichiers : zippez .shp, .shx, .dbf, .prj (et .cpg) "
              "ensemble et envoyez le .zip.",
        "en": "A Shapefile is several files: zip .shp, .shx, .dbf, .prj (and .cpg) together and send "
              "the .zip."},
    "val.bad_encoding": {
        "fr": "Encodage « {encoding} » inconnu. Choisissez parmi : {choices}.",
        "en": "Unknown encoding “{encoding}”. Choose one of: {choices}."},
    "val.encoding_guessed": {
        "fr": "Encodage des textes deviné : {encoding} (aucun fichier .cpg). Exemple : {sample}. "
              "Si les accents sont faux, choisissez l'encodage (UTF-8, CP1252 ou Latin-1).",
        "en": "Text encoding guessed: {encoding} (no .cpg file). Sample: {sample}. If accents look "
              "wrong, choose the encoding (UTF-8, CP1252 or Latin-1)."},
    "val.bad_crs": {
        "fr": "Système de coordonnées « {crs} » inconnu. Donnez un code EPSG, par exemple EPSG:2154 "
              "(Lambert-93) ou EPSG:4326 (GPS).",
        "en": "Unknown coordinate system “{crs}”. Give an EPSG code, e.g. EPSG:2154 (Lambert-93) "
              "or EPSG:4326 (GPS)."},
    "val.no_crs": {
        "fr": "Le fichier n'indique pas son système de coordonnées. Exportez-le avec sa projection "
              "(fichier .prj) ou indiquez-la (option --crs, ex. EPSG:4326).",
        "en": "The file does not say its coordinate system. Export it with its projection (.prj "
              "file) or give it (--crs option, e.g. EPSG:4326)."},
    "val.no_crs_lambert93": {
        "fr": "Le fichier n'indique pas son système de coordonnées ; les coordonnées ressemblent à "
              "du Lambert-93. Indiquez EPSG:2154 (option --crs EPSG:2154) si c'est bien le cas.",
        "en": "The file does not say its coordinate system; the coordinates look like Lambert-93. "
              "Give EPSG:2154 (--crs EPSG:2154) if that is right."},
    "val.source_layer_choice": {
        "fr": "Le GeoPackage contient plusieurs couches ({layers}). Choisissez celle à publier "
              "(option --source-layer).",
        "en": "The GeoPackage holds several layers ({layers}). Choose the one to publish "
              "(--source-layer option)."},
    "val.source_layer_unknown": {
        "fr": "Couche « {layer} » absente du GeoPackage. Couches présentes : {layers}.",
        "en": "Layer “{layer}” is not in the GeoPackage. Layers present: {layers}."},
    "val.csv_no_coordinate_columns": {
        "fr": "CSV sans colonnes de coordonnées. Nommez-les latitude et longitude (ou lat/lon, "
              "y/x ; X/Y en Lambert-93 acceptés). Colonnes trouvées : {columns}.",
        "en": "CSV without coordinate columns. Name them latitude and longitude (or lat/lon, y/x; "
              "X/Y in Lambert-93 accepted). Columns found: {columns}."},
    "val.csv_no_coordinates_at_all": {
        "fr": "Aucune ligne du CSV n'a de coordonnées lisibles. Remplissez les colonnes latitude et "
              "longitude (nombres, virgule ou point décimal).",
        "en": "No CSV row has readable coordinates. Fill the latitude and longitude columns "
              "(numbers, decimal comma or point)."},
    # --- validation against the catalogue
    "cli.diff": {
        "fr": "Par rapport à la version actuelle (v{version}) : {added} ajoutée(s), {removed} retirée(s), "
              "{changed} modifiée(s), {unchanged} inchangée(s).",
        "en": "Compared with the current version (v{version}): {added} added, {removed} removed, "
              "{changed} changed, {unchanged} unchanged."},
    "val.empty_layer": {
        "fr": "Couche vide : publier ce fichier effacerait les {current} entités de la version "
              "actuelle. Vérifiez l'export (filtre ou sélection active dans QGIS ?).",
        "en": "Empty layer: publishing this file would erase the {current} features of the current "
              "version. Check the export (active filter or selection in QGIS?)."},
    "val.large_removal": {
        "fr": "Le fichier compte {n} entité(s) contre {current} dans la version actuelle : plus de la "
              "moitié disparaîtrait de la carte. Si c'est voulu, publiez (la version actuelle reste "
              "restaurable) ; sinon vérifiez le filtre ou la sélection active de l'export (QGIS).",
        "en": "The file holds {n} feature(s) against {current} in the current version: more than half "
              "would disappear from the map. If that is intended, publish (the current version can be "
              "restored); otherwise check the export's active filter or selection (QGIS)."},
    "val.mapping_unknown_column": {
        "fr": "Correspondance impossible : colonne(s) {columns} absente(s) du fichier. Colonnes "
              "disponibles : {available}.",
        "en": "Mapping impossible: column(s) {columns} not in the file. Available columns: {available}."},
    "val.mapping_unknown_field": {
        "fr": "Correspondance impossible : {fields} n'est pas un champ de la couche. Champs : {known}.",
        "en": "Mapping impossible: {fields} is not a field of the layer. Fields: {known}."},
    "val.missing_fields": {
        "fr": "Champ(s) obligatoire(s) manquant(s) : {fields}. Renommez la colonne dans le fichier ou "
              "faites correspondre une colonne (ex. {example}). Colonnes non reconnues : {columns}.",
        "en": "Missing required field(s): {fields}. Rename the column in the file or map a column "
              "(e.g. {example}). Unrecognised columns: {columns}."},
    "val.truncated_names": {
        "fr": "Noms de colonnes coupés à 10 caractères par le format Shapefile, reconnus : {pairs}. "
              "Vérifiez-les dans le rapport ; sinon utilisez une correspondance (--map).",
        "en": "Column names cut to 10 characters by the Shapefile format, recognised: {pairs}. "
              "Check them; otherwise use a mapping (--map)."},
    "val.extra_columns": {
        "fr": "Colonnes ignorées (absentes du catalogue, elles ne seront pas publiées) : {columns}. "
              "Faites-les correspondre à un champ si elles en sont un.",
        "en": "Ignored columns (not in the catalogue, they will not be published): {columns}. "
              "Map them to a field if they are one."},
    "val.csv_no_coordinates": {
        "fr": "{n} ligne(s) du CSV sans coordonnées : {which}. Complétez latitude et longitude ou "
              "retirez ces lignes.",
        "en": "{n} CSV row(s) without coordinates: {which}. Fill latitude and longitude or remove "
              "these rows."},
    "val.geometry_missing": {
        "fr": "{n} entité(s) sans géométrie : {which}. Dessinez-les ou retirez-les avant l'export.",
        "en": "{n} feature(s) without geometry: {which}. Draw them or remove them before exporting."},
    "val.wrong_geometry": {
        "fr": "{n} entité(s) du mauvais type ({found}) : {which}. Cette couche attend des {expected} ; "
              "vérifiez que vous publiez la bonne couche.",
        "en": "{n} feature(s) of the wrong type ({found}): {which}. This layer expects {expected}; "
              "check that you are publishing the right layer."},
    "val.geometry_repaired": {
        "fr": "{n} géométrie(s) invalide(s) réparée(s) automatiquement (make_valid) : {which}. "
              "Vérifiez leur forme sur la carte d'aperçu.",
        "en": "{n} invalid geometry(ies) repaired automatically (make_valid): {which}. Check their "
              "shape on the preview map."},
    "val.geometry_invalid": {
        "fr": "{n} géométrie(s) invalide(s) impossible(s) à réparer : {which}. Corrigez-les dans "
              "QGIS (Vecteur > Outils de géométrie > Réparer les géométries).",
        "en": "{n} invalid geometry(ies) that cannot be repaired: {which}. Fix them in QGIS "
              "(Vector > Geometry tools > Fix geometries)."},
    "val.bad_number": {
        "fr": "Champ {field} : {n} valeur(s) non numérique(s) ({examples}) pour {which}. Écrivez un "
              "nombre (virgule ou point décimal) ou laissez vide.",
        "en": "Field {field}: {n} non-numeric value(s) ({examples}) for {which}. Write a number "
              "(decimal comma or point) or leave it empty."},
    "val.bad_integer": {
        "fr": "Champ {field} : {n} valeur(s) non entière(s) pour {which}. Écrivez un nombre entier.",
        "en": "Field {field}: {n} non-integer value(s) for {which}. Write a whole number."},
    "val.bad_choice": {
        "fr": "Champ {field} : {n} valeur(s) non admise(s) ({examples}) pour {which}. Valeurs "
              "admises : {choices}.",
        "en": "Field {field}: {n} value(s) not allowed ({examples}) for {which}. Allowed: {choices}."},
    "val.missing_values": {
        "fr": "Champ obligatoire {field} vide pour {n} entité(s) : {which}. Remplissez-le.",
        "en": "Required field {field} empty for {n} feature(s): {which}. Fill it in."},
    "val.duplicate_ids": {
        "fr": "Identifiants en double dans le champ {field} ({n} entités) : {which}. Chaque entité "
              "doit avoir un identifiant unique.",
        "en": "Duplicate identifiers in field {field} ({n} features): {which}. Each feature needs "
              "a unique identifier."},
    "val.all_outside": {
        "fr": "Toutes les entités ({n}) sont hors du territoire du PMA. Latitude et longitude sont "
              "peut-être inversées, ou le système de coordonnées est faux (option --crs).",
        "en": "All features ({n}) are outside the PMA territory. Latitude and longitude may be "
              "swapped, or the coordinate system is wrong (--crs option)."},
    "val.outside_territory": {
        "fr": "{n} entité(s) hors du territoire du PMA : {which}. Vérifiez leur position sur la "
              "carte d'aperçu.",
        "en": "{n} feature(s) outside the PMA territory: {which}. Check their position on the "
              "preview map."},
    # --- navigation and sign-in
    "nav.staff": {"fr": "Espace agents", "en": "Staff area"},
    "nav.publish": {"fr": "Publier une couche", "en": "Publish a layer"},
    "auth.title": {"fr": "Espace agents", "en": "Staff area"},
    "auth.intro": {"fr": "Réservé aux agents du PMA qui mettent à jour les couches de la carte.",
                   "en": "For PMA staff who update the layers of the map."},
    "auth.login": {"fr": "Identifiant", "en": "Login"},
    "auth.password": {"fr": "Mot de passe", "en": "Password"},
    "auth.submit": {"fr": "Se connecter", "en": "Sign in"},
    "auth.oidc": {"fr": "Se connecter avec le compte de l'organisation",
                  "en": "Sign in with the organisation account"},
    "auth.signed_in": {"fr": "Connecté(e) : {user}", "en": "Signed in: {user}"},
    "auth.logout": {"fr": "Se déconnecter", "en": "Sign out"},
    "auth.bad_credentials": {"fr": "Identifiant ou mot de passe incorrect.",
                             "en": "Wrong login or password."},
    "auth.locked": {
        "fr": "Trop d'essais : compte bloqué jusqu'à {time} (UTC). Réessayez plus tard ou demandez "
              "à l'administrateur.",
        "en": "Too many attempts: account locked until {time} (UTC). Try later or ask the administrator."},
    "auth.no_accounts": {
        "fr": "Aucun compte agent n'est configuré. L'administrateur crée un hash avec "
              "« pma-map hash-password » et le place dans .streamlit/secrets.toml (section [staff]) "
              "ou dans la variable PMA_MAP_STAFF_<IDENTIFIANT>.",
        "en": "No staff account is configured. The administrator makes a hash with "
              "“pma-map hash-password” and puts it in .streamlit/secrets.toml ([staff] section) or "
              "in the PMA_MAP_STAFF_<LOGIN> variable."},
    "auth.not_staff": {"fr": "Ce compte n'est pas autorisé à publier.",
                       "en": "This account may not publish."},
    "auth.required": {"fr": "Connectez-vous dans l'Espace agents pour publier.",
                      "en": "Sign in in the Staff area to publish."},
    "auth.go_publish_hint": {"fr": "La page « Publier une couche » est dans le menu.",
                             "en": "The “Publish a layer” page is in the menu."},
    # --- publishing page
    "pub.title": {"fr": "Publier une nouvelle version d'une couche",
                  "en": "Publish a new version of a layer"},
    "pub.layer": {"fr": "Couche", "en": "Layer"},
    "pub.file": {"fr": "Fichier (GeoJSON, GeoPackage, Shapefile zippé, KML, CSV)",
                 "en": "File (GeoJSON, GeoPackage, zipped Shapefile, KML, CSV)"},
    "pub.options": {"fr": "Options de lecture", "en": "Reading options"},
    "pub.crs": {"fr": "Système de coordonnées si le fichier n'en indique pas (ex. EPSG:2154)",
                "en": "Coordinate system if the file has none (e.g. EPSG:2154)"},
    "pub.encoding": {"fr": "Encodage des textes", "en": "Text encoding"},
    "pub.encoding_auto": {"fr": "Automatique (.cpg ou deviné)", "en": "Automatic (.cpg or guessed)"},
    "pub.source_layer": {"fr": "Couche du GeoPackage", "en": "GeoPackage layer"},
    "pub.source_layer_pick": {"fr": "Choisissez la couche du GeoPackage", "en": "Choose the GeoPackage layer"},
    "pub.current_rollback": {"fr": "✓ (retour par {by}, {since})", "en": "✓ (rolled back by {by}, {since})"},
    "pub.pick_title": {"fr": "Faire correspondre les colonnes du fichier aux champs",
                       "en": "Match the file's columns to the fields"},
    "pub.pick_help": {"fr": "Pour chaque colonne non reconnue, choisissez le champ qu'elle contient. "
                            "Champs obligatoires manquants : {fields}.",
                      "en": "For each unrecognised column, choose the field it holds. "
                            "Missing required fields: {fields}."},
    "pub.pick_none": {"fr": "— ignorer cette colonne —", "en": "— ignore this column —"},
    "pub.mapping": {"fr": "Correspondances colonne=champ (une par ligne, ex. INSEE_COM=insee)",
                    "en": "Column=field mappings (one per line, e.g. INSEE_COM=insee)"},
    "pub.sample": {"fr": "Exemple de textes lus ({encoding}) : {sample}",
                   "en": "Sample of texts read ({encoding}): {sample}"},
    "pub.report": {"fr": "Rapport de validation", "en": "Validation report"},
    "pub.report_ok": {"fr": "{n} entités lues (système d'origine : {crs}). Publication possible.",
                      "en": "{n} features read (original system: {crs}). Can be published."},
    "pub.report_errors": {"fr": "{n} erreur(s) : publication impossible tant qu'elles ne sont pas corrigées.",
                          "en": "{n} error(s): cannot publish until they are fixed."},
    "pub.concerned": {"fr": "Concernées : {which}", "en": "Concerned: {which}"},
    "pub.current": {"fr": "Version actuelle (v{version})", "en": "Current version (v{version})"},
    "pub.new": {"fr": "Nouvelle version", "en": "New version"},
    "pub.diff": {"fr": "Changements", "en": "Changes"},
    "pub.diff_summary": {"fr": "{added} ajoutée(s), {removed} supprimée(s), {changed} modifiée(s), {same} inchangée(s)",
                         "en": "{added} added, {removed} removed, {changed} changed, {same} unchanged"},
    "pub.change.added": {"fr": "ajoutée", "en": "added"},
    "pub.change.removed": {"fr": "supprimée", "en": "removed"},
    "pub.change.changed": {"fr": "modifiée", "en": "changed"},
    "pub.col.id": {"fr": "Identifiant", "en": "Identifier"},
    "pub.col.change": {"fr": "Changement", "en": "Change"},
    "pub.col.fields": {"fr": "Champs modifiés", "en": "Changed fields"},
    "pub.indicators": {"fr": "Indicateurs avant / après", "en": "Indicators before / after"},
    "pub.col.indicator": {"fr": "Indicateur", "en": "Indicator"},
    "pub.col.before": {"fr": "Avant", "en": "Before"},
    "pub.col.after": {"fr": "Après", "en": "After"},
    "pub.note": {"fr": "Note de version (ce qui change et pourquoi)",
                 "en": "Version note (what changes and why)"},
    "pub.author": {"fr": "Auteur : {author}", "en": "Author: {author}"},
    "pub.publish": {"fr": "Publier cette version", "en": "Publish this version"},
    "pub.note_required": {"fr": "Écrivez une note de version avant de publier.",
                          "en": "Write a version note before publishing."},
    "pub.published": {"fr": "Version {version} de « {layer} » publiée : la carte la montre dès maintenant.",
                      "en": "Version {version} of “{layer}” published: the map shows it now."},
    "pub.history": {"fr": "Historique des versions", "en": "Version history"},
    "pub.col.version": {"fr": "Version", "en": "Version"},
    "pub.col.author": {"fr": "Auteur", "en": "Author"},
    "pub.col.time": {"fr": "Date (UTC)", "en": "Date (UTC)"},
    "pub.col.note": {"fr": "Note", "en": "Note"},
    "pub.col.features": {"fr": "Entités", "en": "Features"},
    "pub.col.current": {"fr": "Actuelle", "en": "Current"},
    "pub.bundled": {"fr": "données livrées avec l'application", "en": "data shipped with the app"},
    "pub.rollback_to": {"fr": "Revenir à la version", "en": "Roll back to version"},
    "pub.rollback": {"fr": "Revenir à cette version", "en": "Roll back to this version"},
    "pub.rolled_back": {"fr": "La carte montre de nouveau la version {version} de « {layer} ».",
                        "en": "The map shows version {version} of “{layer}” again."},
    "pub.upload_first": {"fr": "Choisissez la couche puis déposez le fichier exporté.",
                         "en": "Choose the layer then drop the exported file."},
}
