-- Every notification row is indexed by each index of the table, and a mass outage writes
-- thousands a second. The code filter of the notification log's API is a range (a class such as
-- 5xx, or one code) that in an outage matches most rows: its page is read newest first from
-- notification_received_at_idx, filtering, as PostgreSQL did already for the classes. The indexes
-- left are each used by a query of the service (NotificationIndexesTest shows which).
DROP INDEX notification_code_idx;
