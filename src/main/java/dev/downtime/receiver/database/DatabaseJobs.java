package dev.downtime.receiver.database;

import dev.downtime.receiver.jobs.Job;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class DatabaseJobs {

    /** Notices that PostgreSQL is back after an outage, so that notifications commit again. */
    @Bean
    Job databaseProbe(DatabaseAvailability database, DatabaseProperties properties) {
        return Job.every("database-probe", properties.probeInterval(), database::probe);
    }
}
