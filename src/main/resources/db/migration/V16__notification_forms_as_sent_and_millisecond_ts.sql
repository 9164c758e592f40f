-- Monitor's payload is taken in more than one form (numbers as JSON numbers or as strings holding
-- one, ts with a fraction). What was understood stays in ts and code; what was sent is kept next to
-- it, as JSON text: 503 or "503", 1385139152.5 or "1385139152". Null for rows stored before this.
ALTER TABLE notification
    ADD COLUMN raw_ts   text,
    ADD COLUMN raw_code text,
    -- ts to the millisecond (further digits rounded half up); ts keeps its whole seconds, rounded
    -- down. Duplicates compare ts_ms.
    ADD COLUMN ts_ms    bigint;

UPDATE notification SET ts_ms = ts * 1000 WHERE ts IS NOT NULL;

ALTER TABLE notification ADD CONSTRAINT notification_ts_is_ts_ms_in_seconds
    CHECK ((ts IS NULL) = (ts_ms IS NULL) AND ts_ms >= 0 AND ts = ts_ms / 1000);

-- The same check sent again: same normalized URL, ts to the millisecond, code and host.
DROP INDEX notification_duplicate_idx;
CREATE UNIQUE INDEX notification_duplicate_idx
    ON notification (url_key(normalized_url), ts_ms, code, lower(coalesce(host, '')))
    WHERE ts_ms IS NOT NULL;
