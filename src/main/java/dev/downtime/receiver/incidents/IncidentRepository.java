package dev.downtime.receiver.incidents;

import jakarta.persistence.LockModeType;
import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.Expression;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.springframework.data.jpa.domain.Specification;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.JpaSpecificationExecutor;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

interface IncidentRepository extends JpaRepository<Incident, UUID>, JpaSpecificationExecutor<Incident> {

    /**
     * These incidents, each row locked until the transaction ends, in the order of their ids: every
     * writer locks them in that order, so that two never wait on each other.
     */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("SELECT i FROM Incident i WHERE i.id IN :ids ORDER BY i.id")
    List<Incident> lockAll(@Param("ids") Collection<UUID> ids);

    /** Open incidents covered by maintenance and not flagged yet for maintenance that ended too soon. */
    @Query("""
            SELECT i FROM Incident i
             WHERE i.closedAt IS NULL AND i.covered = true AND i.maintenanceOverranAt IS NULL
            """)
    List<Incident> openCoveredUnflagged();

    /** Filters of the admin list; each is left out when its parameter is. */
    final class Filters {

        private Filters() {}

        static Specification<Incident> open() {
            return (root, query, cb) -> cb.isNull(root.get("closedAt"));
        }

        static Specification<Incident> closed() {
            return (root, query, cb) -> cb.isNotNull(root.get("closedAt"));
        }

        /**
         * Of this normalized URL: by its digest first, which is what is indexed ({@code url_key},
         * V15), then the URL itself.
         */
        static Specification<Incident> ofUrl(String normalizedUrl) {
            return (root, query, cb) -> {
                Expression<String> url = root.get("normalizedUrl");
                return cb.and(cb.equal(key(cb, url), key(cb, cb.literal(normalizedUrl))), cb.equal(url, normalizedUrl));
            };
        }

        /** Of this host slug, ignoring case. */
        static Specification<Incident> ofHost(String host) {
            return (root, query, cb) -> cb.equal(cb.lower(root.get("host")), cb.lower(cb.literal(host)));
        }

        /** Opened at or after {@code since}. */
        static Specification<Incident> openedSince(Instant since) {
            return (root, query, cb) -> cb.greaterThanOrEqualTo(root.get("openedAt"), since);
        }

        private static Expression<byte[]> key(CriteriaBuilder cb, Expression<String> url) {
            return cb.function("url_key", byte[].class, url);
        }
    }
}
