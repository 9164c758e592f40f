package dev.downtime.receiver.security;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The role an admin API handler needs, on its controller or, overriding that, on the method. An
 * admin API handler without one is refused to everybody: access is decided on the handler Spring
 * MVC actually chose, never on the request path as sent.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface RequiresRole {

    Role value();
}
