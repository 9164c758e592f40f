package dev.downtime.receiver.security;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.security.access.prepost.PreAuthorize;

/**
 * The role a handler needs, on its controller or, overriding that, on the method: Spring Security's
 * method security checks it on the handler Spring MVC actually chose, never on the request path as
 * sent. A handler of ours that declares no access at all is refused to everybody ({@link
 * DeclaredAccess}).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@PreAuthorize("hasRole('{value}')")
public @interface RequiresRole {

    Role value();
}
