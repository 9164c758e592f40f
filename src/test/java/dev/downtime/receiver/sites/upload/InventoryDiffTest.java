package dev.downtime.receiver.sites.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.downtime.receiver.site.SiteUrl;
import dev.downtime.receiver.sites.Labels;
import dev.downtime.receiver.sites.Site;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InventoryDiffTest {

    static Site site(String url, String host, String... keyValues) {
        Map<String, String> labels = new java.util.HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            labels.put(keyValues[i], keyValues[i + 1]);
        }
        return new Site(SiteUrl.parse(url), host, Labels.of(labels));
    }

    static final Site A = site("https://a.example", "slug", "server", "web-42");
    static final Site B = site("https://b.example", null, "server", "web-42", "plan", "vip");
    static final Site C = site("https://c.example", "slug", "server", "web-43");
    static final Site D = site("https://d.example", null);

    @Test
    void listsAddedChangedAndUnchangedSitesAndRemovesNothingWithoutPrune() {
        Site bMoved = site("https://b.example", null, "server", "web-7", "plan", "vip");
        Site cNewHost = site("https://c.example", "other", "server", "web-43");
        Site e = site("https://e.example", null, "server", "web-42");

        InventoryDiff diff = InventoryDiff.between(List.of(A, B, C, D), List.of(e, cNewHost, A, bMoved), false);

        assertThat(diff.added()).containsExactly(e);
        assertThat(diff.changed())
                .containsExactly(new InventoryDiff.Change(C, cNewHost), new InventoryDiff.Change(B, bMoved));
        assertThat(diff.removed()).isEmpty();
        assertThat(diff.unchanged()).isEqualTo(1);
        assertThat(diff.isEmpty()).isFalse();
    }

    @Test
    void withPruneRemovesTheSitesTheUploadLacksInUrlOrder() {
        InventoryDiff diff = InventoryDiff.between(List.of(D, C, B, A), List.of(B), true);

        assertThat(diff.removed()).containsExactly(A, C, D);
        assertThat(diff.added()).isEmpty();
        assertThat(diff.changed()).isEmpty();
        assertThat(diff.unchanged()).isEqualTo(1);
    }

    @Test
    void anIdenticalUploadChangesNothing() {
        InventoryDiff diff = InventoryDiff.between(List.of(A, B, C), List.of(C, B, A), true);

        assertThat(diff.isEmpty()).isTrue();
        assertThat(diff.unchanged()).isEqualTo(3);
    }

    @Test
    void aLabelRemovedIsAChange() {
        Site bWithoutPlan = site("https://b.example", null, "server", "web-42");

        assertThat(InventoryDiff.between(List.of(B), List.of(bWithoutPlan), false)
                        .changed())
                .containsExactly(new InventoryDiff.Change(B, bWithoutPlan));
    }

    @Test
    void refusesAnUploadListingASiteTwice() {
        assertThatThrownBy(() -> InventoryDiff.between(List.of(), List.of(A, A), false))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * 10,000 sites against 10,000, a quarter changed, a tenth new and a tenth gone: printed for the
     * record (SiteUploadBenchmark measures it properly), asserted only for its result.
     */
    @Test
    void comparesTenThousandSitesAtOnce() {
        List<Site> current = new ArrayList<>();
        List<Site> upload = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            current.add(site("https://s" + i + ".example", "pool", "server", "web-" + (i % 100)));
            int j = i + 1_000;
            upload.add(site("https://s" + j + ".example", "pool", "server", "web-" + (j % 4 == 0 ? 1 : j % 100)));
        }

        long start = System.nanoTime();
        InventoryDiff diff = InventoryDiff.between(current, upload, true);
        long micros = (System.nanoTime() - start) / 1_000;
        System.out.printf("InventoryDiff of 10,000 sites against 10,000: %,d us%n", micros);

        assertThat(diff.added()).hasSize(1_000);
        assertThat(diff.removed()).hasSize(1_000);
        assertThat(diff.changed().size() + diff.unchanged()).isEqualTo(9_000);
        assertThat(diff.changed()).hasSizeBetween(2_000, 2_500);
    }
}
