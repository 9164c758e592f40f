package dev.downtime.receiver.sites;

import dev.downtime.receiver.database.ChangeChannelListener;
import dev.downtime.receiver.database.DatabaseProperties;
import dev.downtime.receiver.jobs.Job;
import dev.downtime.receiver.web.RequestBodyLimit;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class SitesConfiguration {

    /** Changes made through other instances (or in SQL) reach this one's memory even unheard of. */
    @Bean
    Job inventoryRefresh(Inventory inventory, SitesProperties properties) {
        return Job.every("inventory-refresh", properties.refreshInterval(), inventory::refresh);
    }

    /** ... and at once when heard of: the site table's trigger notifies this channel (V30). */
    @Bean
    ChangeChannelListener inventoryChangeListener(
            Inventory inventory,
            JdbcConnectionDetails database,
            DatabaseProperties databaseProperties,
            SitesProperties properties) {
        return new ChangeChannelListener(
                "site_inventory_changed",
                inventory::refresh,
                database,
                databaseProperties,
                properties.listenForChanges());
    }

    /** An upload of the whole inventory is larger than any other admin request. */
    @Bean
    RequestBodyLimit inventoryUploadLimit(SitesProperties properties) {
        return new RequestBodyLimit("PUT", SiteController.PATH, properties.maxUploadSize());
    }
}
