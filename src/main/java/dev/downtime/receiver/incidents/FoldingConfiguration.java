package dev.downtime.receiver.incidents;

import dev.downtime.receiver.jobs.ListenerExecutors;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

@Configuration(proxyBeanMethods = false)
class FoldingConfiguration {

    static final String EXECUTOR = "incidentFolding";

    /**
     * Batches waiting for the fold, at most: each holds its notifications in memory. Ten thousand
     * of them filled the heap in a mass outage; a fold now takes the batches committed meanwhile
     * too (CommittedBacklog), so most of those waiting are skipped in an instant.
     */
    static final int QUEUE_CAPACITY = 2_000;

    /**
     * One thread: this instance's batches are folded one at a time, in the order they were
     * committed. A batch that finds the queue full is not lost (see {@link ListenerExecutors}).
     */
    @Bean(name = EXECUTOR)
    ThreadPoolTaskExecutor incidentFolding() {
        return ListenerExecutors.oneThread("incident-fold-", QUEUE_CAPACITY, "batches to fold");
    }
}
