-- A read-only group role for QGIS users: the views of pma_current, nothing else.
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'pma_reader') THEN
        CREATE ROLE pma_reader NOLOGIN;
    END IF;
END
$$;
GRANT USAGE ON SCHEMA pma_current TO pma_reader;
GRANT SELECT ON ALL TABLES IN SCHEMA pma_current TO pma_reader;
ALTER DEFAULT PRIVILEGES IN SCHEMA pma_current GRANT SELECT ON TABLES TO pma_reader;
