package dev.downtime.receiver.maintenance;

import dev.downtime.receiver.database.ChangeChannel;
import dev.downtime.receiver.jobs.Job;
import dev.downtime.receiver.web.RequestBodyLimit;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class MaintenanceJobs {

    /** Changes made through other instances (or in SQL) reach this one's memory even unheard of. */
    @Bean
    Job maintenanceRefresh(MaintenanceSchedule schedule, MaintenanceProperties properties) {
        return Job.every("maintenance-refresh", properties.refreshInterval(), schedule::refresh);
    }

    /**
     * ... and at once when heard of: every change to maintenance_window notifies this channel
     * (V4), whichever instance (or manual SQL) made it.
     */
    @Bean
    ChangeChannel scheduleChanges(MaintenanceSchedule schedule, MaintenanceProperties properties) {
        return new ChangeChannel("maintenance_schedule_changed", schedule::refresh, properties.listenForChanges());
    }

    /** Bulk changes and imports hold hundreds of windows: larger than any other admin request. */
    @Bean
    RequestBodyLimit bulkWindowsLimit(MaintenanceProperties properties) {
        return new RequestBodyLimit("POST", MaintenanceWindowController.PATH + "/bulk", properties.maxBulkSize());
    }

    @Bean
    RequestBodyLimit importWindowsLimit(MaintenanceProperties properties) {
        return new RequestBodyLimit("POST", MaintenanceWindowController.PATH + "/import", properties.maxBulkSize());
    }
}
