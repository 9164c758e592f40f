package dev.downtime.receiver.sites.upload;

/**
 * How much one upload may hold; the body's size in bytes is bounded before, by the HTTP layer.
 *
 * @param maxSites the most sites (JSON items, CSV records) one upload may list
 * @param maxReported the most violations listed; all of them are still counted
 */
public record UploadLimits(int maxSites, int maxReported) {

    /** A full sync of a large host's inventory fits; a runaway export does not. */
    public static final UploadLimits DEFAULTS = new UploadLimits(100_000, 1_000);

    public UploadLimits {
        if (maxSites < 1 || maxReported < 1) {
            throw new IllegalArgumentException("limits must be positive");
        }
    }
}
