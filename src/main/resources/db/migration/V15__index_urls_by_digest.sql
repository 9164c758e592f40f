-- A URL may be longer than a b-tree index entry can be (about 2.7 kB, less what else the entry
-- holds), and a notification whose row cannot be indexed cannot be stored. So every index holding
-- a URL holds this SHA-256 digest of it instead, and every query on a URL compares the digest first
-- (to use the index), then the URL itself. IMMUTABLE although convert_to is only STABLE: its result
-- depends on the database encoding alone, which a database never changes.
CREATE FUNCTION url_key(url text) RETURNS bytea
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $$ SELECT sha256(convert_to(url, 'UTF8')) $$;

DROP INDEX notification_duplicate_idx;
CREATE UNIQUE INDEX notification_duplicate_idx
    ON notification (url_key(normalized_url), ts, code, lower(coalesce(host, '')))
    WHERE ts IS NOT NULL;

DROP INDEX notification_url_idx;
CREATE INDEX notification_url_idx ON notification (url_key(normalized_url), received_at DESC);

DROP INDEX incident_one_open_per_url;
CREATE UNIQUE INDEX incident_one_open_per_url ON incident (url_key(normalized_url)) WHERE closed_at IS NULL;

DROP INDEX incident_url_idx;
CREATE INDEX incident_url_idx ON incident (url_key(normalized_url), opened_at DESC);

DROP INDEX verification_url_idx;
CREATE INDEX verification_url_idx ON verification (url_key(url), checked_at DESC);
