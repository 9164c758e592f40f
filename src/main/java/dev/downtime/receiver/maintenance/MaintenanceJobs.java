package dev.downtime.receiver.maintenance;

import dev.downtime.receiver.jobs.Job;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class MaintenanceJobs {

    /** Changes made through other instances (or in SQL) reach this one's memory even unheard of. */
    @Bean
    Job maintenanceRefresh(MaintenanceSchedule schedule, MaintenanceProperties properties) {
        return Job.every("maintenance-refresh", properties.refreshInterval(), schedule::refresh);
    }
}
