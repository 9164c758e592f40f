package dev.downtime.receiver.sites;

import dev.downtime.receiver.database.ChangeChannel;
import dev.downtime.receiver.jobs.Job;
import dev.downtime.receiver.web.RequestBodyLimit;
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
    ChangeChannel inventoryChanges(Inventory inventory, SitesProperties properties) {
        return new ChangeChannel("site_inventory_changed", inventory::refresh, properties.listenForChanges());
    }

    /** An upload of the whole inventory is larger than any other admin request. */
    @Bean
    RequestBodyLimit inventoryUploadLimit(SitesProperties properties) {
        return new RequestBodyLimit("PUT", SiteController.PATH, properties.maxUploadSize());
    }
}
