package dev.downtime.receiver.sites.upload;

import dev.downtime.receiver.sites.Site;
import java.util.List;

/**
 * What an upload holds: its valid sites in the order given, and every broken rule. An upload with
 * any violation is refused whole; {@code sites} then holds only the rows that were valid, for a
 * dry run to show them.
 *
 * @param sites the valid sites, one per URL, in upload order
 * @param violations the first {@link UploadLimits#maxReported()} violations in upload order
 * @param violationCount how many violations there were in all
 */
public record ParsedUpload(List<Site> sites, List<RowViolation> violations, int violationCount) {

    public ParsedUpload {
        sites = List.copyOf(sites);
        violations = List.copyOf(violations);
    }

    public boolean isValid() {
        return violationCount == 0;
    }
}
