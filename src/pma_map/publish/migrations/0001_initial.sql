-- Layer versions, the current version of each layer, the audit log, staff lockouts.
CREATE EXTENSION IF NOT EXISTS postgis;
CREATE SCHEMA IF NOT EXISTS pma;
CREATE SCHEMA IF NOT EXISTS pma_current;

-- One row per version of a layer: its manifest and the exact GeoJSON published.
CREATE TABLE pma.layer_versions (
    layer        text        NOT NULL,
    version      integer     NOT NULL CHECK (version >= 1),
    author       text        NOT NULL,
    published_at timestamptz NOT NULL DEFAULT now(),
    note         text        NOT NULL DEFAULT '',
    checksum     text        NOT NULL,          -- sha256 of geojson
    features     integer     NOT NULL,
    report       jsonb,
    geojson      bytea       NOT NULL,          -- the file the app reads (EPSG:4326)
    PRIMARY KEY (layer, version)
);

-- The features of each version, as PostGIS geometries (what QGIS reads).
CREATE TABLE pma.features (
    layer      text     NOT NULL,
    version    integer  NOT NULL,
    fid        integer  NOT NULL,
    properties jsonb    NOT NULL,
    geom       geometry(Geometry, 4326) NOT NULL,
    PRIMARY KEY (layer, version, fid),
    FOREIGN KEY (layer, version) REFERENCES pma.layer_versions ON DELETE CASCADE
);
CREATE INDEX features_geom_idx ON pma.features USING gist (geom);

-- The version the map shows, per layer (no row: the bundled version 1).
CREATE TABLE pma.current_version (
    layer   text        PRIMARY KEY,
    version integer     NOT NULL,
    since   timestamptz NOT NULL DEFAULT now(),
    by_whom text        NOT NULL,
    action  text        NOT NULL CHECK (action IN ('publish', 'rollback', 'import'))
);

-- Bumped by every switch of a current version: what a replica checks at each rerun.
CREATE TABLE pma.generation (
    id    integer PRIMARY KEY DEFAULT 1 CHECK (id = 1),
    value bigint  NOT NULL
);
INSERT INTO pma.generation VALUES (1, 0);

-- Publishes, rollbacks, sign-ins, failed sign-ins and lockouts (append-only).
CREATE TABLE pma.audit (
    id      bigserial   PRIMARY KEY,
    time    timestamptz NOT NULL DEFAULT now(),
    event   text        NOT NULL,
    details jsonb       NOT NULL
);

-- Failed sign-ins per staff login.
CREATE TABLE pma.lockouts (
    login        text               PRIMARY KEY,
    failures     double precision[] NOT NULL DEFAULT '{}',
    locked_until double precision
);
