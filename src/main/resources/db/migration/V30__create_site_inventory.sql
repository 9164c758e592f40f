-- The site inventory: sites by normalized URL, with Monitor's host slug and labels that selector
-- windows match on. Labels are one jsonb object per site rather than a child table: they are
-- always read and written as a whole (the in-memory index matches selectors, never SQL), and an
-- upload of many sites stays one set-based statement on one table.
CREATE TABLE site (
    id          uuid        PRIMARY KEY,
    url         text        NOT NULL,
    host        text,
    labels      jsonb       NOT NULL DEFAULT '{}',
    created_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL,
    version     bigint      NOT NULL DEFAULT 0,
    CONSTRAINT site_url_present CHECK (length(url) BETWEEN 1 AND 4096),
    CONSTRAINT site_host_present CHECK (host IS NULL OR length(host) BETWEEN 1 AND 200),
    CONSTRAINT site_labels_object CHECK (jsonb_typeof(labels) = 'object')
);

-- One site per normalized URL, indexed by its digest (V15): a URL may be longer than a b-tree
-- entry can be.
CREATE UNIQUE INDEX site_url_key_idx ON site (url_key(url));

-- As for maintenance windows (V2, V4): every change bumps this counter in its transaction and
-- tells listening instances at commit, so each reloads its inventory at once, and a periodic
-- check reloads only when the version moved.
CREATE TABLE site_inventory_version (
    singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    version   bigint  NOT NULL
);

INSERT INTO site_inventory_version (singleton, version) VALUES (true, 0);

CREATE FUNCTION bump_site_inventory_version() RETURNS trigger
    LANGUAGE plpgsql AS
$$
DECLARE
    new_version bigint;
BEGIN
    UPDATE site_inventory_version SET version = version + 1 RETURNING version INTO new_version;
    PERFORM pg_notify('site_inventory_changed', new_version::text);
    RETURN NULL;
END
$$;

CREATE TRIGGER site_changed
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON site
    FOR EACH STATEMENT EXECUTE FUNCTION bump_site_inventory_version();
