package dev.downtime.receiver.notifications;

import java.time.Instant;
import java.util.UUID;
import org.springframework.data.jpa.domain.Specification;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.JpaSpecificationExecutor;

interface QuarantineEntryRepository
        extends JpaRepository<QuarantineEntry, UUID>, JpaSpecificationExecutor<QuarantineEntry> {

    /** Set aside at or after {@code since}. */
    static Specification<QuarantineEntry> since(Instant since) {
        return (root, query, cb) -> cb.greaterThanOrEqualTo(root.get("quarantinedAt"), since);
    }

    /** Set aside before {@code until}. */
    static Specification<QuarantineEntry> until(Instant until) {
        return (root, query, cb) -> cb.lessThan(root.get("quarantinedAt"), until);
    }
}
