-- alerts keeps its outbox from incidents' events, and reads incidents through their API: each
-- module deletes its own rows (retention asks each), with no cascade from another's table.
ALTER TABLE alert DROP CONSTRAINT alert_incident_id_fkey;
