package dev.downtime.receiver.alerts;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

@Configuration(proxyBeanMethods = false)
class GroupingConfiguration {

    static final String EXECUTOR = "alertGrouping";

    /** Incidents' changes waiting to be grouped, at most: each holds its changes in memory. */
    static final int QUEUE_CAPACITY = 10_000;

    private static final Logger log = LoggerFactory.getLogger(GroupingConfiguration.class);

    /**
     * One thread: a mass outage puts most changes in one group, and a group is stepped under its
     * lock, one transaction at a time. On the shared listener executor, every listener waiting for
     * that lock held a pooled connection meanwhile, up to all but two of them, and the webhook's
     * commits waited for a connection until they were spooled (bench/PERFORMANCE.md, 2026-12-06).
     * A change that finds the queue full is not lost: its publication stays incomplete in the
     * registry and is handed over again later (see {@code EventPublicationRetryConfiguration}).
     */
    @Bean(name = EXECUTOR)
    ThreadPoolTaskExecutor alertGrouping() {
        ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
        executor.setCorePoolSize(1);
        executor.setMaxPoolSize(1);
        executor.setQueueCapacity(QUEUE_CAPACITY);
        executor.setThreadNamePrefix("alert-grouping-");
        executor.setRejectedExecutionHandler((task, pool) -> log.warn(
                "{} incident changes already wait to be grouped; this one is grouped when handed over again",
                QUEUE_CAPACITY));
        // As the fold's: what is still queued on shutdown stays incomplete in the registry.
        executor.setWaitForTasksToCompleteOnShutdown(false);
        return executor;
    }
}
