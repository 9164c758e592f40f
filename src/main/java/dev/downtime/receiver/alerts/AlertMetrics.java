package dev.downtime.receiver.alerts;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.springframework.stereotype.Component;

/**
 * {@code receiver_alerts_attempts_total{outcome=delivered|failed|given_up}}: what became of each
 * delivery attempt on this instance ({@code failed}: to be retried). Alerting on failures is the
 * point of deploy/prometheus/alerts.yml's ReceiverAlertsFailing.
 */
@Component
class AlertMetrics implements MeterBinder {

    private final AlertDispatcher dispatcher;

    AlertMetrics(AlertDispatcher dispatcher) {
        this.dispatcher = dispatcher;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        counter(registry, "delivered", d -> d.delivered);
        counter(registry, "failed", d -> d.failed);
        counter(registry, "given_up", d -> d.givenUp);
    }

    private void counter(MeterRegistry registry, String outcome, Function<AlertDispatcher, AtomicLong> count) {
        FunctionCounter.builder(
                        "receiver.alerts.attempts",
                        dispatcher,
                        d -> count.apply(d).get())
                .description("Alert delivery attempts by outcome: delivered, failed (retried later), given up")
                .tag("outcome", outcome)
                .register(registry);
    }
}
