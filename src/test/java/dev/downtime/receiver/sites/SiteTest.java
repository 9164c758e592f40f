package dev.downtime.receiver.sites;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.downtime.receiver.site.SiteUrl;
import org.junit.jupiter.api.Test;

class SiteTest {

    @Test
    void storesTheHostSlugStrippedAndNoneForBlank() {
        assertThat(Site.normalizeHost("  pool-eu-1 ")).isEqualTo("pool-eu-1");
        assertThat(Site.normalizeHost("")).isNull();
        assertThat(Site.normalizeHost("   ")).isNull();
        assertThat(Site.normalizeHost(null)).isNull();
        assertThat(Site.normalizeHost("a".repeat(200))).hasSize(200);
    }

    @Test
    void refusesAHostSlugThatCannotBeStored() {
        assertThatThrownBy(() -> Site.normalizeHost("a".repeat(201)))
                .hasMessage("must be a host slug of 1 to 200 characters without blanks around it");
        assertThatThrownBy(() -> Site.normalizeHost("pool\u0000")).hasMessage("must not contain control characters");
        assertThatThrownBy(() -> Site.normalizeHost("pool\ud800"))
                .hasMessage("must be valid Unicode (no unpaired surrogate)");
        assertThatThrownBy(() -> new Site(SiteUrl.parse("https://a.example"), " pool", Labels.EMPTY))
                .hasMessage("host must be a host slug of 1 to 200 characters without blanks around it");
    }

    @Test
    void isKeyedByItsNormalizedUrl() {
        Site site = new Site(SiteUrl.parse("HTTPS://A.example:443/"), "pool", Labels.EMPTY);

        assertThat(site.key()).isEqualTo("https://a.example");
        assertThat(site).isEqualTo(new Site(SiteUrl.parse("https://a.example"), "pool", Labels.EMPTY));
    }
}
