package dev.downtime.receiver.sites;

/** Published in a transaction that changed the site table: the inventory reloads once it ends. */
record SitesEdited() {}
