package dev.downtime.receiver.incidents;

import dev.downtime.receiver.jobs.Job;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class IncidentsJobs {

    /** Maintenance ends with time, not only through the API: open incidents are looked at again. */
    @Bean
    Job maintenanceOverrunCheck(OverrunCheck check, IncidentsProperties properties) {
        return Job.every("maintenance-overrun-check", properties.overrunCheckInterval(), check::flagOverruns);
    }
}
