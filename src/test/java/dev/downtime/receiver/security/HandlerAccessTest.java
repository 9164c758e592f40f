package dev.downtime.receiver.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.annotation.security.PermitAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.security.authorization.AuthorizationDeniedException;
import org.springframework.security.authorization.method.AuthorizationManagerBeforeMethodInterceptor;
import org.springframework.security.authorization.method.PreAuthorizeAuthorizationManager;
import org.springframework.security.core.annotation.AnnotationTemplateExpressionDefaults;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The method security of handlers, as the application configures it: {@link RequiresRole} on the
 * controller or, overriding it, on the method; a handler that declares nothing refused to everybody.
 */
class HandlerAccessTest {

    @RestController
    static class Undeclared {
        @GetMapping("/api/v1/undeclared")
        String handle() {
            return "ran";
        }
    }

    @RestController
    @RequiresRole(Role.VIEWER)
    static class ReadMostly {
        @GetMapping("/api/v1/read")
        String read() {
            return "read";
        }

        @RequiresRole(Role.EDITOR)
        @GetMapping("/api/v1/write")
        String write() {
            return "written";
        }
    }

    @RestController
    @PermitAll
    static class Open {
        @GetMapping("/open")
        String handle() {
            return "open";
        }
    }

    @SuppressWarnings("unchecked")
    static <T> T secured(T controller) {
        var preAuthorize = new PreAuthorizeAuthorizationManager();
        preAuthorize.setTemplateDefaults(new AnnotationTemplateExpressionDefaults());
        ProxyFactory proxy = new ProxyFactory(controller);
        proxy.setProxyTargetClass(true);
        proxy.addAdvisor(DeclaredAccess.interceptor());
        proxy.addAdvisor(AuthorizationManagerBeforeMethodInterceptor.preAuthorize(preAuthorize));
        return (T) proxy.getProxy();
    }

    static void signIn(Role role) {
        SecurityContextHolder.getContext().setAuthentication(new OperatorAuthentication(new Operator("someone", role)));
    }

    @AfterEach
    void signOut() {
        SecurityContextHolder.clearContext();
    }

    @Test
    void refusesEveryoneAHandlerThatDeclaresNoAccess() {
        signIn(Role.ADMIN);

        assertThatThrownBy(() -> secured(new Undeclared()).handle())
                .isInstanceOf(AuthorizationDeniedException.class)
                .hasMessage(DeclaredAccess.UNDECLARED);
    }

    @Test
    void takesTheMethodsRoleOverTheControllersRole() {
        signIn(Role.VIEWER);
        ReadMostly viewed = secured(new ReadMostly());

        assertThat(viewed.read()).isEqualTo("read");
        assertThatThrownBy(viewed::write).isInstanceOf(AuthorizationDeniedException.class);

        signIn(Role.EDITOR);
        assertThat(secured(new ReadMostly()).write()).isEqualTo("written");
    }

    @Test
    void letsAnAdminDoWhatAViewerMay() {
        signIn(Role.ADMIN);

        assertThat(secured(new ReadMostly()).read()).isEqualTo("read");
    }

    @Test
    void letsAnyoneCallAHandlerDeclaredOpen() {
        assertThat(secured(new Open()).handle()).isEqualTo("open");
    }

    @Test
    void saysWhichRoleWasMissing() {
        var denied = new AuthorizationDeniedException("Access Denied");

        assertThat(AccessDeniedAdvice.detail(denied, Role.EDITOR, new Operator("someone", Role.VIEWER)))
                .isEqualTo("This needs the 'editor' role; your token has 'viewer'.");
        assertThat(AccessDeniedAdvice.detail(new AuthorizationDeniedException(DeclaredAccess.UNDECLARED), null, null))
                .isEqualTo(DeclaredAccess.UNDECLARED);
    }
}
