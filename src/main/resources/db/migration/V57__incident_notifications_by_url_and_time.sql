-- An incident's notifications are those of its URL, from its own sites, received from its opening
-- to its close: the URL has one incident at a time, and the fold puts every such notification in
-- the one open when it was received (a late one too). The history reads them on the URL's digest
-- index (notification_url_idx). The link table cost each notification of a mass outage a row and
-- two index entries, a third of what storing the notification itself costs.
DROP TABLE incident_notification;
