package dev.downtime.receiver.security;

/**
 * Start-up refused because the configuration would be unsafe or cannot work; reported as Spring
 * Boot reports a failed start, with what is wrong and what to do, and no stack trace to dig through.
 */
public final class RefusedConfigurationException extends RuntimeException {

    private final String action;

    /**
     * @param description what is wrong, in a sentence or two; never a secret
     * @param action what to set to fix it
     */
    public RefusedConfigurationException(String description, String action) {
        super(description);
        this.action = action;
    }

    public String action() {
        return action;
    }
}
