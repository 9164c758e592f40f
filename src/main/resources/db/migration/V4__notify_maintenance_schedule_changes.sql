-- Tell every listening instance, at commit, that the schedule changed, so that each reloads its
-- windows at once instead of at its next periodic refresh.
CREATE OR REPLACE FUNCTION bump_maintenance_schedule_version() RETURNS trigger
    LANGUAGE plpgsql AS
$$
DECLARE
    new_version bigint;
BEGIN
    UPDATE maintenance_schedule_version SET version = version + 1 RETURNING version INTO new_version;
    PERFORM pg_notify('maintenance_schedule_changed', new_version::text);
    RETURN NULL;
END
$$;
