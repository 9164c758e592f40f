package dev.downtime.receiver.maintenance;

import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.Expression;
import jakarta.persistence.criteria.Predicate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.springframework.data.jpa.domain.Specification;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.JpaSpecificationExecutor;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

/**
 * Maintenance windows as ops staff edit them. The in-memory schedule the webhook answers from is
 * loaded apart, with plain SQL ({@link MaintenanceSchedule}): at start-up, and on every change.
 */
interface MaintenanceWindowRepository
        extends JpaRepository<MaintenanceWindow, UUID>, JpaSpecificationExecutor<MaintenanceWindow> {

    /** Of these windows, the ids of those not ended at {@code at}: their effective end is later. */
    @Query("""
            SELECT w.id FROM MaintenanceWindow w
             WHERE w.id IN :ids
               AND w.endsAt > :at
               AND (w.endedAt IS NULL OR w.endedAt > :at)
            """)
    List<UUID> idsInEffectAt(@Param("ids") Collection<UUID> ids, @Param("at") Instant at);

    /** Of these windows, the recurring ones. */
    @Query("SELECT w FROM MaintenanceWindow w WHERE w.id IN :ids AND w.rrule IS NOT NULL")
    List<MaintenanceWindow> findRecurring(@Param("ids") Collection<UUID> ids);

    /** Filters of the admin list; each is left out when its parameter is. */
    final class Filters {

        private Filters() {}

        /** Where each window stands at {@code now}; see {@link WindowState#at}. */
        static Specification<MaintenanceWindow> inState(WindowState state, Instant now) {
            return (root, query, cb) -> {
                Predicate ended = cb.or(
                        cb.lessThanOrEqualTo(root.get("endsAt"), now),
                        cb.and(
                                cb.isNotNull(root.get("endedAt")),
                                cb.lessThanOrEqualTo(root.<Instant>get("endedAt"), now)));
                return switch (state) {
                    case ENDED -> ended;
                    case UPCOMING -> cb.and(cb.not(ended), cb.greaterThan(root.get("startsAt"), now));
                    case ACTIVE -> cb.and(cb.not(ended), cb.lessThanOrEqualTo(root.get("startsAt"), now));
                };
            };
        }

        static Specification<MaintenanceWindow> inScope(WindowScope scope) {
            return (root, query, cb) -> cb.equal(root.get("scope"), scope);
        }

        /** The target, ignoring case. */
        static Specification<MaintenanceWindow> targeting(String target) {
            return (root, query, cb) -> {
                Expression<String> lower = cb.lower(root.get("target"));
                return cb.and(
                        cb.equal(key(cb, lower), key(cb, cb.lower(cb.literal(target)))),
                        cb.equal(lower, cb.lower(cb.literal(target))));
            };
        }

        /** The {@code url} window for this URL, and the {@code domain} windows with one of these targets. */
        static Specification<MaintenanceWindow> matchingUrl(String url, List<String> domainTargets) {
            return (root, query, cb) -> {
                List<Expression<?>> keys = new ArrayList<>();
                keys.add(key(cb, cb.lower(cb.literal(url))));
                domainTargets.forEach(target -> keys.add(key(cb, cb.lower(cb.literal(target)))));
                Expression<String> target = root.get("target");
                return cb.and(
                        key(cb, cb.lower(target)).in(keys),
                        cb.or(
                                cb.and(cb.equal(root.get("scope"), WindowScope.URL), cb.equal(target, url)),
                                cb.and(cb.equal(root.get("scope"), WindowScope.DOMAIN), target.in(domainTargets))));
            };
        }

        /**
         * The SHA-256 digest of a target ({@code url_key}, V15), which is what is indexed (V21): a
         * target may be longer than a b-tree entry can be. Compared first, then the text itself.
         */
        private static Expression<byte[]> key(CriteriaBuilder cb, Expression<String> text) {
            return cb.function("url_key", byte[].class, text);
        }
    }
}
