-- A notification whose ts was further from received_at than receiver.webhook.max-clock-skew is
-- never a duplicate, nor the original of one: otherwise anyone able to post could store today the
-- answer a future check of a site will get. Rows stored before this were judged without the rule.
ALTER TABLE notification ADD COLUMN ts_skewed boolean NOT NULL DEFAULT false;

DROP INDEX notification_duplicate_idx;
CREATE UNIQUE INDEX notification_duplicate_idx
    ON notification (url_key(normalized_url), ts_ms, code, lower(coalesce(host, '')))
    WHERE ts_ms IS NOT NULL AND NOT ts_skewed;
