-- A duplicate is Monitor sending the same check again: same URL, ts, code and host. Without a ts
-- there is nothing to tell a resend from a new check hours later, so such a notification is never
-- a duplicate (V7 treated all of them for one URL, code and host as one check, forever).
DROP INDEX notification_duplicate_idx;
CREATE UNIQUE INDEX notification_duplicate_idx
    ON notification (normalized_url, ts, code, lower(coalesce(host, '')))
    WHERE ts IS NOT NULL;
