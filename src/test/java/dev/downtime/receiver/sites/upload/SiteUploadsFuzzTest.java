package dev.downtime.receiver.sites.upload;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import dev.downtime.receiver.sites.Site;
import java.io.ByteArrayInputStream;
import java.util.HashSet;
import java.util.Set;

/**
 * Any bytes uploaded as CSV or JSON give sites and violations, never an exception (the API would
 * answer it with a 500): every site valid and listed once, every violation on a line of the body.
 * Runs its regression inputs in every build; {@code JAZZER_FUZZ=1} fuzzes it.
 */
class SiteUploadsFuzzTest {

    static final UploadLimits LIMITS = new UploadLimits(50, 20);

    @FuzzTest(maxDuration = "30s")
    void readsAnyBytesAsCsvIntoSitesAndViolations(byte @NotNull [] body) {
        check(SiteUploads.readCsv(new ByteArrayInputStream(body), LIMITS), body);
    }

    @FuzzTest(maxDuration = "30s")
    void readsAnyBytesAsJsonIntoSitesAndViolations(byte @NotNull [] body) {
        check(SiteUploads.readJson(new ByteArrayInputStream(body), LIMITS), body);
    }

    private static void check(ParsedUpload upload, byte[] body) {
        long lines = 1;
        for (byte b : body) {
            if (b == '\n' || b == '\r') {
                lines++;
            }
        }
        assertThat(upload.sites()).hasSizeLessThanOrEqualTo(LIMITS.maxSites());
        Set<String> urls = new HashSet<>();
        for (Site site : upload.sites()) {
            assertThat(urls.add(site.key())).as("each URL once").isTrue();
        }
        assertThat(upload.violations()).hasSizeLessThanOrEqualTo(LIMITS.maxReported());
        assertThat(upload.violationCount())
                .isGreaterThanOrEqualTo(upload.violations().size());
        for (RowViolation violation : upload.violations()) {
            assertThat(violation.line()).isBetween(1L, lines);
            assertThat(violation.field()).isNotBlank();
            assertThat(violation.message()).isNotBlank().doesNotContainPattern("[\\p{Cc}]");
        }
    }
}
