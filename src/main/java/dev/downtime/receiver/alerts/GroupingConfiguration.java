package dev.downtime.receiver.alerts;

import dev.downtime.receiver.jobs.ListenerExecutors;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

@Configuration(proxyBeanMethods = false)
class GroupingConfiguration {

    static final String EXECUTOR = "alertGrouping";

    /** Incidents' changes waiting to be grouped, at most: each holds its changes in memory. */
    static final int QUEUE_CAPACITY = 2_000;

    /**
     * One thread: a mass outage puts most changes in one group, and a group is stepped under its
     * lock, one transaction at a time. On the shared listener executor, every listener waiting for
     * that lock held a pooled connection meanwhile, up to all but two of them, and the webhook's
     * commits waited for a connection until they were spooled (bench/PERFORMANCE.md, 2026-12-06).
     * A change that finds the queue full is not lost (see {@link ListenerExecutors}).
     */
    @Bean(name = EXECUTOR)
    ThreadPoolTaskExecutor alertGrouping() {
        return ListenerExecutors.oneThread("alert-grouping-", QUEUE_CAPACITY, "incident changes to group");
    }
}
