-- Monitor may post the same check twice: it is stored once, and answered as the first time.
CREATE UNIQUE INDEX notification_duplicate_idx
    ON notification (normalized_url, coalesce(ts, -1), code, lower(coalesce(host, '')));

-- A notification for a host slug we do not expect is kept, marked, and answered ok.
ALTER TABLE notification ADD COLUMN foreign_host boolean NOT NULL DEFAULT false;
