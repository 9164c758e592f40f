package dev.downtime.receiver.alerts.grouping;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The outbox can keep a message as JSON and render it at delivery time, whatever the group became since. */
class GroupMessageJsonTest {

    @Test
    void aMessageReadsBackFromJsonEqual() {
        GroupingEngine engine = new GroupingEngine(GroupingEngineTest.POLICY);
        GroupKey key = new GroupKey("label:server", "web-12\r\n<!channel>");
        var opened = engine.step(
                key,
                null,
                List.of(
                        new AlertFact.SiteDown(key, "https://a.example/\u202E", null, GroupingEngineTest.T0),
                        new AlertFact.SiteConfirmed(
                                key, "https://a.example/\u202E", GroupingEngineTest.T0.plusSeconds(3)),
                        new AlertFact.SiteDown(key, "https://b.example", "h1", GroupingEngineTest.T0.plusSeconds(5))),
                GroupingEngineTest.T0.plusSeconds(40));
        var updated = engine.step(
                key,
                opened.state(),
                List.of(new AlertFact.SiteBack(
                        key, "https://b.example", GroupingEngineTest.T0.plus(Duration.ofMinutes(1)))),
                GroupingEngineTest.T0.plus(Duration.ofMinutes(6)));
        GroupMessage message = updated.outgoing().getFirst().message();
        assertThat(message.back()).hasSize(1);

        JsonMapper json = JsonMapper.builder().build();
        String stored = json.writeValueAsString(message);

        assertThat(json.readValue(stored, GroupMessage.class)).isEqualTo(message);
        // The counts are kept, not derived from the lists: a list names the first sites only.
        assertThat(stored).contains("\"down\":1", "\"confirmed\":1", "\"newlyDownCount\":0", "\"backCount\":1");
    }
}
