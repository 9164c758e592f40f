package dev.downtime.receiver.incidents;

import dev.downtime.receiver.jobs.Job;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class IncidentsJobs {

    @Bean
    Job incidentTracking(IncidentTracker tracker, IncidentsProperties properties) {
        return Job.every("incident-tracking", properties.trackInterval(), tracker::trackAll);
    }

    /** Maintenance ends with time, not only through the API: open incidents are looked at again. */
    @Bean
    Job maintenanceOverrunCheck(IncidentTracker tracker, IncidentsProperties properties) {
        return Job.every("maintenance-overrun-check", properties.overrunCheckInterval(), tracker::flagOverruns);
    }
}
