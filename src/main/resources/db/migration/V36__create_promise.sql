-- The promise ledger (issue 12): the newest instant the webhook promised Monitor for each URL, and
-- the maintenance windows behind it. Written by the promises module alone, one statement per
-- committed batch of notifications; an "ok" answered later replaces a promise (promised_until
-- NULL: Monitor was told the site is not under maintenance). Keyed by the digest of the URL, as
-- every index on a URL is (V15).
CREATE TABLE promise (
    url_key         bytea       PRIMARY KEY,
    url             text        NOT NULL,
    promised_until  timestamptz,
    told_at         timestamptz NOT NULL,
    window_ids      uuid[]      NOT NULL,
    notification_id uuid        NOT NULL
);

-- Which active promises count on a window: asked before a window is ended, shortened or deleted.
CREATE INDEX promise_window_ids_idx ON promise USING gin (window_ids) WHERE promised_until IS NOT NULL;
CREATE INDEX promise_promised_until_idx ON promise (promised_until) WHERE promised_until IS NOT NULL;
