package dev.downtime.receiver.security;

import java.io.Serializable;

/**
 * The authenticated caller of the admin API: the name its token was given, recorded as who made a
 * change, and its role. Declare a parameter of this type in an admin controller method to receive it.
 * Serializable, because a console session keeps it.
 */
public record Operator(String name, Role role) implements Serializable {}
