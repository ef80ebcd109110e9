-- `pma-map store repair` points a layer back at its last sound version: a switch of its own
-- kind in the history (before, only publish, rollback and import were allowed).
ALTER TABLE pma.current_version DROP CONSTRAINT current_version_action_check;
ALTER TABLE pma.current_version ADD CONSTRAINT current_version_action_check
    CHECK (action IN ('publish', 'rollback', 'import', 'repair'));
