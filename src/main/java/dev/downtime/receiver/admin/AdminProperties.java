package dev.downtime.receiver.admin;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param tokens {@code name:token} pairs; the name is recorded as who made a change. With none,
 *     a token is generated at start-up and logged once.
 */
@ConfigurationProperties("receiver.admin")
record AdminProperties(@DefaultValue List<String> tokens) {}
