package dev.downtime.receiver.admin;

/**
 * The authenticated caller of the admin API, by the name its token was configured with. Declare a
 * parameter of this type in an admin controller method to receive it.
 */
public record Operator(String name) {}
