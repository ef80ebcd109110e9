"""Strings of the shared PostGIS store: the ``pma-map db`` commands and its errors."""

STRINGS: dict[str, dict[str, str]] = {
    "db.no_url": {
        "fr": "PMA_MAP_DATABASE_URL n'est pas défini : indiquez l'adresse de la base "
              "(ex. PMA_MAP_DATABASE_URL=postgresql://pma@localhost/pma) puis recommencez.",
        "en": "PMA_MAP_DATABASE_URL is not set: give the database address "
              "(e.g. PMA_MAP_DATABASE_URL=postgresql://pma@localhost/pma) and try again."},
    "db.unreachable": {
        "fr": "Base PostgreSQL injoignable ({detail}) : vérifiez PMA_MAP_DATABASE_URL et que le serveur tourne.",
        "en": "PostgreSQL database unreachable ({detail}): check PMA_MAP_DATABASE_URL and that the server runs."},
    "db.upgraded": {
        "fr": "Migrations appliquées : {names}.",
        "en": "Migrations applied: {names}."},
    "db.up_to_date": {
        "fr": "La base est à jour (migrations {names}) ; vues pma_current.* recréées.",
        "en": "The database is up to date (migrations {names}); pma_current.* views recreated."},
    "db.seeded": {
        "fr": "Version 1 (données livrées) enregistrée dans la base pour : {layers}.",
        "en": "Version 1 (bundled data) stored in the database for: {layers}."},
    "db.not_a_store": {
        "fr": "{folder} ne contient pas de magasin de versions (dossier store/ absent) : "
              "indiquez le dossier PMA_MAP_DATA_DIR de l'installation à importer.",
        "en": "{folder} holds no version store (no store/ folder): "
              "give the PMA_MAP_DATA_DIR folder of the installation to import."},
    "db.layer_not_empty": {
        "fr": "La base contient déjà des versions de « {layer} » : import refusé, rien n'a été importé "
              "(importez dans une base neuve).",
        "en": "The database already holds versions of “{layer}”: import refused, nothing imported "
              "(import into a new database)."},
    "db.imported_layer": {
        "fr": "{layer} : {n} version(s) importée(s) ({versions}), version actuelle v{current}.",
        "en": "{layer}: {n} version(s) imported ({versions}), current version v{current}."},
    "db.imported_audit": {
        "fr": "Journal d'audit : {n} événement(s) importé(s) ; verrouillages de comptes : {locks}.",
        "en": "Audit log: {n} event(s) imported; account lockouts: {locks}."},
    "db.nothing": {"fr": "aucune", "en": "none"},
}
