package dev.downtime.receiver.web;

import org.jspecify.annotations.Nullable;

/**
 * Optimistic locking over HTTP: a resource's version goes out as its {@code ETag}, and a change
 * may name the version it was based on in {@code If-Match}. A change based on an older version is
 * refused with 409 (see {@code ApiExceptionHandler}), never applied over what someone else did.
 */
public final class EntityTags {

    private EntityTags() {}

    /** The {@code ETag} of a resource at this version. */
    public static String of(long version) {
        return "\"" + version + "\"";
    }

    /**
     * The version an {@code If-Match} header names.
     *
     * @return null when there is no such header, or it is {@code *} (any version)
     * @throws InvalidRequestException when it is not one entity tag this API gave
     */
    public static @Nullable Long expectedVersion(@Nullable String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank() || ifMatch.strip().equals("*")) {
            return null;
        }
        String tag = ifMatch.strip();
        if (tag.startsWith("W/")) {
            tag = tag.substring(2);
        }
        if (tag.length() < 3 || tag.charAt(0) != '"' || tag.charAt(tag.length() - 1) != '"') {
            throw invalid();
        }
        try {
            return Long.parseLong(tag.substring(1, tag.length() - 1));
        } catch (NumberFormatException e) {
            throw invalid();
        }
    }

    private static InvalidRequestException invalid() {
        return InvalidRequestException.of("If-Match", "must be the ETag of the resource, such as \"3\"");
    }
}
