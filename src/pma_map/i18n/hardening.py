"""Strings of the hardening of uploads, the store and sign-in (issue 14).

Validation messages (``val.*``) name the problem and the fix, French first.
"""

STRINGS: dict[str, dict[str, str]] = {
    # --- limits set before the expensive work
    "val.too_many_fields": {
        "fr": "Trop de champs ({n}, maximum {max}). Ne gardez que les colonnes de la couche "
              "(QGIS : Exporter > Sauvegarder les entités sous… > Sélectionner les champs à exporter).",
        "en": "Too many fields ({n}, at most {max}). Keep only the layer's columns "
              "(QGIS: Export > Save Features As… > Select fields to export)."},
    "val.field_too_long": {
        "fr": "Texte trop long dans le champ « {field} » ({chars} caractères, maximum {max}) : {which}. "
              "Raccourcissez ce texte ou mettez-le dans un document lié.",
        "en": "Text too long in field “{field}” ({chars} characters, at most {max}): {which}. "
              "Shorten it or move it to a linked document."},
    "val.too_many_features_counted": {
        "fr": "Trop d'entités : le fichier en contient plus de {max} (comptées une à une, quel que "
              "soit le nombre annoncé par le fichier). Vérifiez que vous avez exporté la bonne couche.",
        "en": "Too many features: the file holds more than {max} (counted one by one, whatever "
              "count the file declares). Check that you exported the right layer."},
    "val.too_many_vertices": {
        "fr": "Géométries trop détaillées ({n} sommets, maximum {max}). Simplifiez-les dans QGIS "
              "(Vecteur > Outils de géométrie > Simplifier, tolérance 1 à 5 m).",
        "en": "Geometries too detailed ({n} vertices, at most {max}). Simplify them in QGIS "
              "(Vector > Geometry Tools > Simplify, tolerance 1 to 5 m)."},
    "val.gpkg_view": {
        "fr": "La couche « {layer} » du GeoPackage est une vue SQL, pas une table : elle n'est pas "
              "lue. Enregistrez-la comme table (QGIS : Exporter > Sauvegarder les entités sous…).",
        "en": "Layer “{layer}” of the GeoPackage is an SQL view, not a table: it is not read. "
              "Save it as a table (QGIS: Export > Save Features As…)."},
    "val.read_timeout": {
        "fr": "Lecture du fichier arrêtée après {s} s : il est trop lourd ou mal formé. Simplifiez-le "
              "ou exportez-le à nouveau depuis QGIS (GeoPackage conseillé).",
        "en": "Reading the file stopped after {s} s: it is too heavy or malformed. Simplify it "
              "or export it again from QGIS (GeoPackage advised)."},
    "val.read_crashed": {
        "fr": "La lecture du fichier s'est interrompue (fichier mal formé ou trop lourd). Exportez-le "
              "à nouveau depuis QGIS (GeoPackage conseillé).",
        "en": "Reading the file broke off (malformed or too heavy file). Export it again from "
              "QGIS (GeoPackage advised)."},
    # --- absurd coordinates
    "val.coordinates_absurd": {
        "fr": "{n} entité(s) ont des coordonnées impossibles (non finies ou loin de la France) : {which}. "
              "Vérifiez le système de coordonnées (option --crs) et les colonnes de coordonnées.",
        "en": "{n} feature(s) have impossible coordinates (not finite or far from France): {which}. "
              "Check the coordinate system (--crs option) and the coordinate columns."},
    # --- the territory itself
    "val.territory_change": {
        "fr": "Ce fichier changerait le territoire du PMA : {diff}. Si c'est voulu (fusion de "
              "communes, nouveau périmètre), confirmez le changement de territoire (case à cocher, "
              "ou --territory-change en ligne de commande) ; sinon vérifiez la couche exportée.",
        "en": "This file would change the PMA territory: {diff}. If this is intended (merged "
              "communes, new perimeter), confirm the change of territory (checkbox, or "
              "--territory-change on the command line); otherwise check the exported layer."},
    "val.territory_change_confirmed": {
        "fr": "Changement de territoire confirmé : {diff}.",
        "en": "Change of territory confirmed: {diff}."},
    "territory.count": {"fr": "{new} communes au lieu de {old}",
                        "en": "{new} communes instead of {old}"},
    "territory.epci_added": {"fr": "EPCI en plus : {codes}", "en": "extra EPCI: {codes}"},
    "territory.epci_removed": {"fr": "EPCI en moins : {codes}", "en": "missing EPCI: {codes}"},
    "territory.area": {"fr": "superficie totale {new} km² au lieu de {old} km²",
                       "en": "total area {new} km² instead of {old} km²"},
    "publish.territory_change": {
        "fr": "Je confirme un changement de territoire (communes, EPCI ou superficie différents)",
        "en": "I confirm a change of territory (different communes, EPCI or area)"},
    # --- store
    "store.banner": {
        "fr": "Magasin des couches : {problems}. "
              "Corrigez avec « pma-map store check » puis « pma-map store repair ».",
        "en": "Layer store: {problems}. The map shows the last sound version. "
              "Fix with “pma-map store check” then “pma-map store repair”."},
    "store.disk_full": {
        "fr": "Écriture impossible sur le disque du serveur ({what}) : disque plein ou en lecture "
              "seule. Rien n'a été changé ; libérez de la place puis recommencez.",
        "en": "Cannot write on the server's disk ({what}): disk full or read-only. Nothing was "
              "changed; free some space and try again."},
    "store.base_moved": {
        "fr": "La version {now} de « {layer} » a été publiée par {by} depuis votre validation "
              "(vous compariez avec la version {base}). Rien n'a été publié : validez à nouveau le fichier "
              "pour voir ce qu'il change par rapport à la version {now}.",
        "en": "Version {now} of “{layer}” was published by {by} since your validation "
              "(you compared with version {base}). Nothing was published: validate again."},
    # --- sign-in
    "auth.throttled": {
        "fr": "Trop de tentatives de connexion : réessayez après {time} (UTC).",
        "en": "Too many sign-in attempts: try again after {time} (UTC)."},
    "auth.disk_error": {
        "fr": "Connexion impossible pour l'instant (le serveur ne peut pas écrire son journal). "
              "Prévenez l'administrateur.",
        "en": "Sign-in is not possible right now (the server cannot write its log). "
              "Tell the administrator."},
}
