-- Failed sign-ins counted per login and client address, per address, and per login
-- from unknown addresses (the rules of auth.Lockout): one row per counter, as in the
-- folder store's auth_failures.json. Replaces the per-login table of 0001.
CREATE TABLE pma.lockout_entries (
    key   text  PRIMARY KEY,
    entry jsonb NOT NULL
);
INSERT INTO pma.lockout_entries (key, entry)
    SELECT 'pair:' || login || '|unknown',
           jsonb_build_object('failures', to_jsonb(failures), 'locked_until', locked_until)
    FROM pma.lockouts;
DROP TABLE pma.lockouts;
