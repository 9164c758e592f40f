-- Every change to maintenance_window bumps this counter in the same transaction, so an instance
-- can tell cheaply whether its in-memory index is current and reload only when it is not,
-- whichever instance (or manual SQL) made the change.
CREATE TABLE maintenance_schedule_version (
    singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    version   bigint  NOT NULL
);

INSERT INTO maintenance_schedule_version (singleton, version) VALUES (true, 0);

CREATE FUNCTION bump_maintenance_schedule_version() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    UPDATE maintenance_schedule_version SET version = version + 1;
    RETURN NULL;
END
$$;

CREATE TRIGGER maintenance_window_changed
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON maintenance_window
    FOR EACH STATEMENT EXECUTE FUNCTION bump_maintenance_schedule_version();
