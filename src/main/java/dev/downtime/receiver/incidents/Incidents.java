package dev.downtime.receiver.incidents;

import dev.downtime.receiver.database.Purged;
import dev.downtime.receiver.site.InvalidSiteUrlException;
import dev.downtime.receiver.site.SiteUrl;
import dev.downtime.receiver.web.InvalidRequestException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.data.jpa.domain.Specification;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Incidents as other modules see them: what each is, and which notifications went into it. */
@Service
public class Incidents {

    private static final Sort NEWEST_FIRST = Sort.by(Sort.Order.desc("openedAt"), Sort.Order.desc("id"));

    private final IncidentRepository repository;
    private final JdbcClient jdbc;
    private final ApplicationEventPublisher events;

    Incidents(IncidentRepository repository, JdbcClient jdbc, ApplicationEventPublisher events) {
        this.repository = repository;
        this.jdbc = jdbc;
        this.events = events;
    }

    /**
     * Records what one of our own checks of the incident's site found, in the caller's transaction
     * if there is one. Nothing happens for an incident that is gone (deleted as too old). The check
     * that confirms an open incident first publishes {@link IncidentsChanged.Confirmed}.
     */
    @Transactional
    public void recordCheck(UUID incident, Verdict verdict, Instant at) {
        List<IncidentsChanged.Change> confirmed = new ArrayList<>();
        for (Incident found : repository.lockAll(List.of(incident))) {
            if (found.checked(verdict, at)) {
                confirmed.add(new IncidentsChanged.Confirmed(found.id(), found.normalizedUrl(), at));
            }
        }
        if (!confirmed.isEmpty()) {
            events.publishEvent(new IncidentsChanged(confirmed));
        }
    }

    @Transactional(readOnly = true)
    public Optional<IncidentView> find(UUID id) {
        return repository.findById(id).map(Incident::view);
    }

    /**
     * Deletes incidents closed before {@code cutoff} and what the fold kept of that time; in
     * batches, not in a transaction. Open incidents stay, however old.
     */
    public Purged purgeOlderThan(Instant cutoff, int batchSize) {
        return Purged.inBatches(
                        jdbc,
                        "DELETE FROM incident WHERE id IN (SELECT id FROM incident"
                                + " WHERE closed_at IS NOT NULL AND closed_at < :cutoff LIMIT :limit)",
                        cutoff,
                        batchSize)
                .plus(Purged.inBatches(
                        jdbc,
                        "DELETE FROM incident_fold WHERE batch IN (SELECT batch FROM incident_fold"
                                + " WHERE folded_at < :cutoff LIMIT :limit)",
                        cutoff,
                        batchSize))
                .plus(Purged.inBatches(
                        jdbc,
                        "DELETE FROM incident_url WHERE url_key IN (SELECT url_key FROM incident_url"
                                + " WHERE newest_folded_at < :cutoff LIMIT :limit)",
                        cutoff,
                        batchSize));
    }

    /**
     * How far the tracker has come: open incidents, and the newest notification folded (its
     * receipt time) against the newest received.
     */
    @Transactional(readOnly = true)
    public TrackerStatus trackerStatus(@Nullable Instant newestReceived) {
        long open = jdbc.sql("SELECT count(*) FROM incident WHERE closed_at IS NULL")
                .query(Long.class)
                .single();
        Instant newestFolded = jdbc.sql("SELECT max(newest_folded_at) FROM incident_url")
                .query(OffsetDateTime.class)
                .optional()
                .map(OffsetDateTime::toInstant)
                .orElse(null);
        return new TrackerStatus(open, newestReceived, newestFolded);
    }

    /**
     * The tracker's progress.
     *
     * @param newestReceived the receipt time of the newest notification stored
     * @param newestFolded the receipt time of the newest notification folded into incidents
     */
    public record TrackerStatus(
            long open,
            @Nullable Instant newestReceived,
            @Nullable Instant newestFolded) {

        /** How far folding is behind receiving; zero when it has caught up. */
        public Duration lag() {
            if (newestReceived == null) {
                return Duration.ZERO;
            }
            if (newestFolded == null) {
                return Duration.ZERO; // nothing folded yet: the fold's own lag shows once it has
            }
            Duration lag = Duration.between(newestFolded, newestReceived);
            return lag.isNegative() ? Duration.ZERO : lag;
        }
    }

    /** These incidents, by id; those that do not exist (any more) are left out. */
    @Transactional(readOnly = true)
    public Map<UUID, IncidentView> find(Collection<UUID> ids) {
        Map<UUID, IncidentView> found = new HashMap<>();
        if (!ids.isEmpty()) {
            repository.findAllById(ids).forEach(incident -> found.put(incident.id(), incident.view()));
        }
        return found;
    }

    /** The open incidents, newest first: what the console's Now page shows. */
    @Transactional(readOnly = true)
    public List<IncidentView> open(int limit) {
        return list(true, null, null, null, 0, limit).getContent();
    }

    /**
     * One page of the incidents passing every filter given, newest first.
     *
     * @param open whether open ({@code true}) or closed ({@code false}) ones; null for both
     * @param url whose URL normalizes to the same
     * @param host of this host slug, ignoring case
     * @param since opened at or after this
     */
    @Transactional(readOnly = true)
    Page<IncidentView> list(
            @Nullable Boolean open,
            @Nullable String url,
            @Nullable String host,
            @Nullable Instant since,
            int page,
            int size) {
        List<Specification<Incident>> filters = new ArrayList<>();
        if (open != null) {
            filters.add(open ? IncidentRepository.Filters.open() : IncidentRepository.Filters.closed());
        }
        if (url != null) {
            filters.add(IncidentRepository.Filters.ofUrl(normalize(url)));
        }
        if (host != null) {
            filters.add(IncidentRepository.Filters.ofHost(host));
        }
        if (since != null) {
            filters.add(IncidentRepository.Filters.openedSince(since));
        }
        return repository
                .findAll(Specification.allOf(filters), PageRequest.of(page, size, NEWEST_FIRST))
                .map(Incident::view);
    }

    private static String normalize(String url) {
        try {
            return SiteUrl.parse(url).value();
        } catch (InvalidSiteUrlException e) {
            throw InvalidRequestException.of("url", e.getMessage());
        }
    }
}
