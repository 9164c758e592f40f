package dev.downtime.receiver.pipeline;

import dev.downtime.receiver.jobs.Job;
import java.time.Duration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class PipelineJobs {

    /** As often as Prometheus usually scrapes: fresher values would go unseen. */
    static final Duration REFRESH = Duration.ofSeconds(15);

    @Bean
    Job pipelineStatusRefresh(PipelineStatus status) {
        return Job.every("pipeline-status", REFRESH, status::refresh);
    }
}
