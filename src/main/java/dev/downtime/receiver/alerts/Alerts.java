package dev.downtime.receiver.alerts;

import dev.downtime.receiver.alerts.grouping.AlertFact;
import dev.downtime.receiver.alerts.grouping.GroupBy;
import dev.downtime.receiver.alerts.grouping.GroupChannel;
import dev.downtime.receiver.alerts.grouping.GroupKey;
import dev.downtime.receiver.alerts.grouping.GroupState;
import dev.downtime.receiver.alerts.grouping.GroupingEngine;
import dev.downtime.receiver.alerts.grouping.GroupingPolicy;
import dev.downtime.receiver.alerts.grouping.GroupingProperties;
import dev.downtime.receiver.incidents.IncidentView;
import dev.downtime.receiver.incidents.Incidents;
import dev.downtime.receiver.incidents.IncidentsChanged;
import dev.downtime.receiver.sites.Inventory;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Turns incidents' changes into facts about sites, puts each site in its group ({@code
 * receiver.alerts.group-by}), and steps those groups: their new state and the messages due now are
 * written in one transaction, under the group's lock, so a restart or a second instance neither
 * loses nor repeats a message. A background job steps the groups whose next message has come due.
 */
@Service
class Alerts {

    /** Groups stepped per transaction by the job, at most: a mass outage's groups come due together. */
    private static final int DUE_PER_RUN = 200;

    private final AlertGroups groups;
    private final Incidents incidents;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final GroupBy groupBy;
    private final GroupingEngine engine;
    private final int listedSites;
    private final boolean enabled;
    private final MeterRegistry meters;
    private final Function<String, Map<String, String>> labels;

    Alerts(
            AlertGroups groups,
            Incidents incidents,
            TransactionTemplate transaction,
            List<GroupChannel> channels,
            GroupingProperties grouping,
            AlertsProperties properties,
            Clock clock,
            MeterRegistry meters,
            Inventory inventory) {
        this.groups = groups;
        this.meters = meters;
        // The inventory's labels as they are when the site goes down: the group is kept for the outage.
        this.labels = url -> inventory.labelsOf(url).asMap();
        this.incidents = incidents;
        this.transaction = transaction;
        this.clock = clock;
        this.groupBy = grouping.grouping();
        // recovery=always, from before grouping: every recovery is told, so flaps are too.
        boolean sendFlaps = grouping.sendFlaps() || properties.recovery() == AlertsProperties.Recovery.ALWAYS;
        this.listedSites = grouping.listedSites();
        this.engine = new GroupingEngine(new GroupingPolicy(
                grouping.groupWait(),
                grouping.groupInterval(),
                grouping.repeatInterval(),
                sendFlaps,
                channels.stream().map(GroupChannel::name).toList(),
                listedSites));
        this.enabled = !channels.isEmpty();
    }

    /** Whether any channel is configured: with none, nothing is grouped nor stored. */
    boolean enabled() {
        return enabled;
    }

    /** Applies what happened to incidents to their sites' groups, in the caller's transaction. */
    @Transactional(propagation = Propagation.MANDATORY)
    void changed(List<IncidentsChanged.Change> changes) {
        if (!enabled) {
            return;
        }
        List<String> laterFacts = changes.stream()
                .filter(change ->
                        change instanceof IncidentsChanged.Closed || change instanceof IncidentsChanged.Confirmed)
                .map(Alerts::url)
                .toList();
        Map<String, List<GroupKey>> downIn = new HashMap<>(groups.groupsOfDownSites(laterFacts));
        List<AlertFact> facts = new ArrayList<>();
        for (IncidentsChanged.Change change : changes) {
            switch (change) {
                case IncidentsChanged.Opened opened -> {
                    if (!opened.covered()) {
                        GroupKey key = keyOf(opened.url(), opened.host());
                        facts.add(new AlertFact.SiteDown(key, opened.url(), opened.host(), opened.openedAt()));
                        downIn.computeIfAbsent(opened.url(), url -> new ArrayList<>())
                                .add(key);
                    }
                }
                case IncidentsChanged.Overran overran ->
                    incident(overran.incident()).ifPresent(incident -> facts.add(stillDown(incident, overran.at())));
                case IncidentsChanged.Confirmed confirmed -> {
                    for (GroupKey key : downIn.getOrDefault(confirmed.url(), List.of())) {
                        facts.add(new AlertFact.SiteConfirmed(key, confirmed.url(), confirmed.at()));
                    }
                }
                case IncidentsChanged.Closed closed -> closed(closed, downIn, facts);
                case IncidentsChanged.Reported reported -> {}
            }
        }
        // In the order of their keys: two transactions never wait on each other's groups in a circle.
        Map<GroupKey, List<AlertFact>> byGroup = new TreeMap<>(Comparator.comparing(GroupKey::value));
        for (AlertFact fact : facts) {
            byGroup.computeIfAbsent(fact.group(), key -> new ArrayList<>()).add(fact);
        }
        Instant now = clock.instant();
        byGroup.forEach((key, groupFacts) -> step(key, groupFacts, now));
    }

    /**
     * Steps every group whose next message (or clean-up) has come due; each in a transaction of its
     * own, so one group's failure holds up no other.
     *
     * @return how many groups were due
     */
    int stepDue() {
        if (!enabled) {
            return 0;
        }
        int stepped = 0;
        List<GroupKey> due;
        do {
            Instant now = clock.instant();
            due = groups.due(now, DUE_PER_RUN);
            for (GroupKey key : due) {
                transaction.executeWithoutResult(status -> step(key, List.of(), now));
            }
            stepped += due.size();
        } while (due.size() == DUE_PER_RUN);
        return stepped;
    }

    private void step(GroupKey key, List<AlertFact> facts, Instant now) {
        groups.lock(key);
        // The sites the facts name, and the others summed up: a mass outage's group can hold
        // hundreds of thousands of sites, and most facts emit nothing (they wait for group-wait,
        // or the next group-interval).
        List<String> named = facts.stream().map(AlertFact::url).distinct().toList();
        AlertGroups.Partly partly = groups.loadPartly(key, named);
        if (facts.isEmpty()) {
            GroupState state = partly.state();
            if (state == null || state.nextDueAt() == null || state.nextDueAt().isAfter(now)) {
                return; // another instance stepped it meanwhile
            }
        } else {
            GroupingEngine.Step step = engine.stepPartly(key, partly.state(), partly.others(), facts, now);
            if (step != null) {
                groups.save(key, partly.state(), step, now);
                counted(step);
                return;
            }
        }
        // A message is due, or sites are to be forgotten: the others forgotten as the engine
        // would, then counted, and the first of each kind listed; never all read at once.
        if (groups.forgetOthers(key, named, engine.forgetsIfBackBy(now)) > 0) {
            partly = groups.loadPartly(key, named); // the summary of the others changed
        }
        GroupingEngine.Listed listed = groups.listOthers(key, named, listedSites);
        GroupingEngine.Step step = engine.stepListed(key, partly.state(), partly.others(), listed, facts, now);
        groups.save(key, partly.state(), step, now);
        counted(step);
    }

    private void counted(GroupingEngine.Step step) {
        if (!step.outgoing().isEmpty()) {
            // One message, whatever the number of channels it goes to; counted once it is committed.
            String kind = step.outgoing().getFirst().message().kind().name().toLowerCase(Locale.ROOT);
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    meters.counter("receiver.alerts.group.messages", "kind", kind)
                            .increment();
                }
            });
        }
    }

    /**
     * The site is back. Its events may be handled in any order (asynchronously, on any instance):
     * when no group holds its outage yet, the outage's alert is put in first, so that a recovery
     * never comes before what it recovers from (the engine ignores the late one, or calls the
     * pair a flap).
     */
    private void closed(IncidentsChanged.Closed closed, Map<String, List<GroupKey>> downIn, List<AlertFact> facts) {
        List<GroupKey> keys = downIn.getOrDefault(closed.url(), List.of());
        if (keys.isEmpty() && (!closed.coveredWhenOpened() || closed.maintenanceOverranAt() != null)) {
            Optional<IncidentView> incident = incident(closed.incident());
            if (incident.isEmpty()) {
                return;
            }
            AlertFact down = closed.coveredWhenOpened()
                    ? stillDown(incident.get(), closed.maintenanceOverranAt())
                    : new AlertFact.SiteDown(
                            keyOf(closed.url(), incident.get().host()),
                            closed.url(),
                            incident.get().host(),
                            incident.get().openedAt());
            facts.add(down);
            keys = List.of(down.group());
        }
        for (GroupKey key : keys) {
            facts.add(new AlertFact.SiteBack(key, closed.url(), closed.closedAt()));
        }
    }

    private AlertFact stillDown(IncidentView incident, @Nullable Instant at) {
        Instant since = at == null ? incident.openedAt() : at;
        return new AlertFact.SiteStillDown(
                keyOf(incident.url(), incident.host()), incident.url(), incident.host(), incident.openedAt(), since);
    }

    private Optional<IncidentView> incident(UUID id) {
        return incidents.find(id);
    }

    private GroupKey keyOf(String url, @Nullable String host) {
        return groupBy.keyOf(url, host, labels);
    }

    private static String url(IncidentsChanged.Change change) {
        return switch (change) {
            case IncidentsChanged.Opened opened -> opened.url();
            case IncidentsChanged.Reported reported -> reported.url();
            case IncidentsChanged.Closed closed -> closed.url();
            case IncidentsChanged.Overran overran -> overran.url();
            case IncidentsChanged.Confirmed confirmed -> confirmed.url();
        };
    }
}
