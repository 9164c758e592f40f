-- A window may cover the inventory sites whose labels match a selector (issue 11); its target is
-- the selector's canonical form.
ALTER TABLE maintenance_window DROP CONSTRAINT maintenance_window_scope_known;
ALTER TABLE maintenance_window
    ADD CONSTRAINT maintenance_window_scope_known CHECK (scope IN ('url', 'domain', 'host', 'selector'));
