package dev.downtime.receiver.promises;

import java.util.List;

/**
 * The active promises a change to a window would cut short.
 *
 * @param count how many
 * @param first the first {@link Promises#LISTED} of them, soonest promised first
 */
public record CutShort(long count, List<Promise> first) {

    public static final CutShort NONE = new CutShort(0, List.of());

    public boolean any() {
        return count > 0;
    }
}
