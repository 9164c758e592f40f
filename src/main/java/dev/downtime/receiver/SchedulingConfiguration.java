package dev.downtime.receiver;

import org.springframework.boot.task.ThreadPoolTaskSchedulerBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

@Configuration(proxyBeanMethods = false)
class SchedulingConfiguration {

    /**
     * A pool for the background jobs (incident tracking, checks, alerts, spool replay, retention,
     * schedule refresh, database probe). With virtual threads on, Boot would give them a
     * SimpleAsyncTaskScheduler, which runs every fixed-delay task on its one scheduler thread: a
     * long retention run or spool replay would then hold up alerts and checks in a mass outage.
     * Sized by {@code spring.task.scheduling.pool.size}.
     */
    @Bean(name = "taskScheduler", destroyMethod = "shutdown")
    ThreadPoolTaskScheduler taskScheduler(ThreadPoolTaskSchedulerBuilder builder) {
        return builder.build();
    }
}
