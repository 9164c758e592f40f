package dev.downtime.receiver.incidents;

import dev.downtime.receiver.notifications.NotificationsCommitted;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The batches this instance committed and has not folded yet, in the order they were committed,
 * so that the fold takes several in one transaction. Each batch's fold is also handed over on its
 * own, through the event publication registry, which alone makes it durable: this is only a copy,
 * bounded, and a batch not in it (full, or committed by another instance) is folded when its own
 * turn comes. A batch folded with another is recognised then and skipped ({@code incident_fold}).
 *
 * <p>Folded one by one, a batch's fixed costs (a transaction, a dozen statements, two publications
 * of the changes) made the fold slower than the webhook under a mass outage, and the batches
 * waiting for it filled the heap (bench/PERFORMANCE.md, 2026-12-06). Taken together, a fold's
 * statements grow with the backlog and its fixed costs do not.
 */
@Component
class CommittedBacklog {

    /** Notifications held, at most: a few megabytes. */
    static final int CAPACITY = 10_000;

    /** Batches recently folded here, remembered so that their own turn costs no statement. */
    static final int REMEMBERED = 50_000;

    private final Queue<NotificationsCommitted> batches = new ConcurrentLinkedQueue<>();
    private final AtomicInteger notifications = new AtomicInteger();
    private final Set<UUID> folded = Collections.newSetFromMap(Collections.synchronizedMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<UUID, Boolean> eldest) {
            return size() > REMEMBERED;
        }
    }));

    /**
     * In the transaction that commits the batch: kept once (and only if) it is committed. Not a
     * {@code @TransactionalEventListener}: the registry would store a publication of every batch
     * for it, to keep a copy that is allowed to be lost.
     */
    @EventListener
    void on(NotificationsCommitted committed) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                add(committed);
            }
        });
    }

    void add(NotificationsCommitted committed) {
        int size = committed.notifications().size();
        if (notifications.addAndGet(size) > CAPACITY) {
            notifications.addAndGet(-size); // full: folded in its own turn
            return;
        }
        batches.add(committed);
    }

    /**
     * Takes the oldest batches, as many as fit in {@code limit} notifications (at least one, if
     * any is held).
     */
    List<NotificationsCommitted> take(int limit) {
        List<NotificationsCommitted> taken = new ArrayList<>();
        int total = 0;
        for (NotificationsCommitted next; (next = batches.peek()) != null; ) {
            int size = next.notifications().size();
            if (!taken.isEmpty() && total + size > limit) {
                break;
            }
            if (batches.remove(next)) {
                notifications.addAndGet(-size);
                taken.add(next);
                total += size;
            }
        }
        return taken;
    }

    /** In the fold's transaction: these batches are remembered as folded once it commits. */
    void folding(Collection<UUID> batches) {
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                folded.addAll(batches);
            }
        });
    }

    /**
     * Whether this batch was folded here lately, with another: if not remembered, {@code
     * incident_fold} tells.
     */
    boolean foldedAlready(UUID batch) {
        return folded.contains(batch);
    }
}
