"""Texts of the core's errors (:class:`pma_map.errors.PmaError`): ``err.<code>``, the problem and the fix."""

from __future__ import annotations

STRINGS: dict[str, dict[str, str]] = {
    # catalogue, filters, indicators
    "err.unknown_layer": {
        "fr": "Couche inconnue « {name} ». Couches disponibles : {known}.",
        "en": "Unknown layer “{name}”. Available layers: {known}."},
    "err.unknown_filter_value": {
        "fr": "Valeur de {what} inconnue : {bad}. Valeurs possibles : {allowed}.",
        "en": "Unknown {what_en} value: {bad}. Possible values: {allowed}."},
    "err.negative_min_area": {
        "fr": "La surface disponible minimale ne peut pas être négative : indiquez 0 pour ne pas filtrer.",
        "en": "The minimum available land cannot be negative: enter 0 not to filter."},
    "err.unknown_measure": {
        "fr": "Mesure inconnue « {what} » : « area » ou « length ».",
        "en": "Unknown measure “{what}”: “area” or “length”."},
    # investor finder
    "err.unknown_vocation": {
        "fr": "Vocation inconnue : {bad}. Valeurs possibles : {allowed}.",
        "en": "Unknown purpose: {bad}. Possible values: {allowed}."},
    "err.unknown_epci": {
        "fr": "Agglomération inconnue : {bad}. Valeurs possibles : {allowed}.",
        "en": "Unknown conurbation: {bad}. Possible values: {allowed}."},
    "err.negative_distance": {
        "fr": "Une distance maximale ne peut pas être négative : laissez-la vide pour ne pas filtrer.",
        "en": "A maximum distance cannot be negative: leave it empty not to filter."},
    "err.unknown_zone": {
        "fr": "Zone d'activité inconnue : « {zone_id} ». Zones connues : {known}.",
        "en": "Unknown business park: “{zone_id}”. Known parks: {known}."},
    "err.shortlist_size": {
        "fr": "Une comparaison porte sur {min} à {max} sites ({n} choisi(s)) : ajoutez ou retirez des sites.",
        "en": "A comparison holds {min} to {max} sites ({n} chosen): add or remove sites."},
    "err.sites_not_in_results": {
        "fr": "Site(s) absent(s) des résultats : {ids}.",
        "en": "Site(s) missing from the results: {ids}."},
    # command line
    "err.unknown_insee": {
        "fr": "Code INSEE inconnu dans le PMA : {codes}. Vérifiez le code (5 caractères, ex. 62498 pour Lens).",
        "en": "INSEE code not in the PMA: {codes}. Check the code (5 characters, e.g. 62498 for Lens)."},
    "err.bad_base_url": {
        "fr": "Adresse de base invalide ({where}) : « {value} ». Indiquez une adresse complète "
              "sans paramètres, par exemple https://carte.pole-metropolitain-artois.fr.",
        "en": "Invalid base address ({where}): “{value}”. Give a full address without parameters, "
              "for example https://carte.pole-metropolitain-artois.fr."},
    "err.pdf_output_missing": {
        "fr": "Indiquez le fichier PDF à écrire avec -o, par exemple -o fiche.pdf.",
        "en": "Name the PDF file to write with -o, for example -o sheet.pdf."},
    "err.output_is_folder": {
        "fr": "« {out} » est un dossier : indiquez un nom de fichier, par exemple -o {example}.",
        "en": "“{out}” is a folder: give a file name, for example -o {example}."},
    "err.output_folder_missing": {
        "fr": "Le dossier « {parent} » n'existe pas : créez-le ou choisissez un autre emplacement pour -o.",
        "en": "The folder “{parent}” does not exist: create it or choose another place for -o."},
    "err.output_folder_readonly": {
        "fr": "Impossible d'écrire dans le dossier « {parent} » (droits insuffisants) : "
              "choisissez un autre emplacement pour -o.",
        "en": "Cannot write in the folder “{parent}” (permission denied): choose another place for -o."},
    "err.write_failed": {
        "fr": "Impossible d'écrire « {out} » : {reason}. Vérifiez l'emplacement et la place disponible, "
              "puis recommencez.",
        "en": "Cannot write “{out}”: {reason}. Check the place and the free space, then try again."},
    "err.unknown_zones": {
        "fr": "Zone d'activité inconnue : {ids}. Identifiants connus : {known} (pma-map find les présente).",
        "en": "Unknown business park: {ids}. Known identifiers: {known} (pma-map find lists them)."},
    "err.passwords_differ": {
        "fr": "Les deux mots de passe diffèrent : recommencez.",
        "en": "The two passwords differ: start again."},
    # map
    "err.cluster_popups": {
        "fr": "Chaque point doit avoir sa fenêtre d'information (popup).",
        "en": "Every point needs its information window (popup)."},
    "err.unsupported_geometry": {
        "fr": "Type de géométrie non pris en charge sur la carte : {kind}.",
        "en": "Geometry type not supported on the map: {kind}."},
    "err.negative_decimals": {
        "fr": "Le nombre de décimales des coordonnées doit être positif ou nul.",
        "en": "The number of decimals of the coordinates must be zero or more."},
    # publishing
    "err.unknown_audit_event": {
        "fr": "Événement d'audit inconnu : {event}",
        "en": "Unknown audit event: {event}"},
    "err.password_too_short": {
        "fr": "Mot de passe trop court : {min} caractères au moins.",
        "en": "Password too short: at least {min} characters."},
    "err.accounts_json": {
        "fr": "{env} doit contenir un objet JSON {{\"identifiant\": \"hash\"}}.",
        "en": "{env} must hold a JSON object {{\"login\": \"hash\"}}."},
    "err.publish_refused": {
        "fr": "Publication refusée : le rapport de validation contient des erreurs. "
              "Corrigez le fichier puis validez-le à nouveau.",
        "en": "Publication refused: the validation report holds errors. Fix the file, then validate it again."},
    "err.export_suffix": {
        "fr": "Le fichier d'export doit finir par .geojson (ex. -o parcs.geojson).",
        "en": "The export file must end in .geojson (e.g. -o parcs.geojson)."},
    "err.bad_mapping_pair": {
        "fr": "Correspondance « {pair} » mal écrite : utilisez colonne_du_fichier=champ, "
              "par exemple INSEE_COM=insee.",
        "en": "Mapping “{pair}” badly written: use file_column=field, for example INSEE_COM=insee."},
    "err.validate_crs": {
        "fr": "validate() attend un GeoDataFrame en EPSG:4326 (reprojetez d'abord).",
        "en": "validate() expects a GeoDataFrame in EPSG:4326 (reproject it first)."},
}
