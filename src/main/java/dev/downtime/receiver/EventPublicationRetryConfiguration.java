package dev.downtime.receiver;

import dev.downtime.receiver.jobs.Job;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.modulith.events.EventPublication;
import org.springframework.modulith.events.FailedEventPublications;
import org.springframework.modulith.events.IncompleteEventPublications;
import org.springframework.modulith.events.ResubmissionOptions;
import org.springframework.modulith.events.core.EventPublicationRegistry;
import org.springframework.modulith.events.core.Staleness;

/**
 * Hands events that must survive a restart (notifications committed, incidents changed) to their
 * listeners again when they were not handled: as the {@code event-publication-retry} job, so that a
 * database outage is logged and counted like any job's failure. Each run first takes publications
 * not completed {@code receiver.events.stale-after} after they were published, started or
 * resubmitted as failed, then resubmits the failed ones. Its first successful run after start also
 * resubmits, at once, whatever an earlier run of the service left incomplete. Listeners are
 * idempotent (a fold records its batch; raising an alert or planning a check twice changes
 * nothing), so handing over something another instance is still handling costs work, not
 * correctness.
 */
@Configuration(proxyBeanMethods = false)
class EventPublicationRetryConfiguration {

    @Bean
    Job eventPublicationRetry(
            EventPublicationRegistry registry,
            IncompleteEventPublications incomplete,
            FailedEventPublications failed,
            EventsProperties properties,
            Clock clock) {
        Instant startedAt = clock.instant();
        Staleness staleness = status -> properties.staleAfter();
        AtomicBoolean leftoversResubmitted = new AtomicBoolean();
        return Job.every("event-publication-retry", properties.retryInterval(), () -> {
            if (!leftoversResubmitted.get()) {
                incomplete.resubmitIncompletePublications((EventPublication publication) ->
                        publication.getPublicationDate().isBefore(startedAt));
                leftoversResubmitted.set(true);
            }
            registry.markStalePublicationsFailed(staleness);
            failed.resubmit(ResubmissionOptions.defaults());
        });
    }
}
