package dev.downtime.receiver.audit;

import java.time.Instant;
import java.util.UUID;
import org.springframework.data.jpa.domain.Specification;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.JpaSpecificationExecutor;

interface AuditEventRepository extends JpaRepository<AuditEvent, Long>, JpaSpecificationExecutor<AuditEvent> {

    /** Filters of the audit list; each is left out when its parameter is. */
    final class Filters {

        private Filters() {}

        static Specification<AuditEvent> about(UUID subjectId) {
            return (root, query, cb) -> cb.equal(root.get("subjectId"), subjectId);
        }

        static Specification<AuditEvent> by(String actor) {
            return (root, query, cb) -> cb.equal(root.get("actor"), actor);
        }

        static Specification<AuditEvent> action(String action) {
            return (root, query, cb) -> cb.equal(root.get("action"), action);
        }

        /** At or after {@code since}. */
        static Specification<AuditEvent> since(Instant since) {
            return (root, query, cb) -> cb.greaterThanOrEqualTo(root.get("occurredAt"), since);
        }

        /** Before {@code until}. */
        static Specification<AuditEvent> until(Instant until) {
            return (root, query, cb) -> cb.lessThan(root.get("occurredAt"), until);
        }
    }
}
