package dev.downtime.receiver.retention;

import dev.downtime.receiver.jobs.Job;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class RetentionJobs {

    /** One instance at a time: the others would only contend for the same old rows. */
    @Bean
    Job retention(RetentionJob retention, RetentionProperties properties) {
        return Job.every("retention", properties.interval(), retention::run)
                .onOneInstanceAtATime(RetentionJob.RETENTION_LOCK);
    }
}
