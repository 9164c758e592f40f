package dev.downtime.receiver.incidents;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

@Configuration(proxyBeanMethods = false)
class FoldingConfiguration {

    static final String EXECUTOR = "incidentFolding";

    /** Batches waiting for the fold, at most: each holds its notifications' facts in memory. */
    static final int QUEUE_CAPACITY = 10_000;

    private static final Logger log = LoggerFactory.getLogger(FoldingConfiguration.class);

    /**
     * One thread: this instance's batches are folded one at a time, in the order they were
     * committed. A batch that finds the queue full is not lost: its publication stays incomplete in
     * the registry and is handed over again later (see {@code EventPublicationRetryConfiguration}).
     */
    @Bean(name = EXECUTOR)
    ThreadPoolTaskExecutor incidentFolding() {
        ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
        executor.setCorePoolSize(1);
        executor.setMaxPoolSize(1);
        executor.setQueueCapacity(QUEUE_CAPACITY);
        executor.setThreadNamePrefix("incident-fold-");
        executor.setRejectedExecutionHandler((task, pool) -> log.warn(
                "{} batches already wait to be folded; this one is folded when handed over again", QUEUE_CAPACITY));
        // On shutdown, the folds still queued are dropped, not run against a closing context: their
        // publications stay incomplete and the next instance to start hands them over again.
        executor.setWaitForTasksToCompleteOnShutdown(false);
        return executor;
    }
}
