package dev.downtime.receiver.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.servlet.DispatcherType;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.method.HandlerMethod;

class RoleInterceptorTest {

    static class Undeclared {
        void handle() {}
    }

    @RequiresRole(Role.VIEWER)
    static class ReadMostly {
        void read() {}

        @RequiresRole(Role.EDITOR)
        void write() {}
    }

    final RoleInterceptor interceptor = new RoleInterceptor();

    static HandlerMethod handler(Object bean, String method) throws NoSuchMethodException {
        return new HandlerMethod(bean, bean.getClass().getDeclaredMethod(method));
    }

    static MockHttpServletRequest request(Role role) {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/v1/anything");
        request.setAttribute(AdminAuthenticationFilter.OPERATOR_ATTRIBUTE, new Operator("someone", role));
        return request;
    }

    @Test
    void refusesEveryoneAnAdminHandlerThatDeclaresNoRole() throws Exception {
        assertThatThrownBy(() -> interceptor.preHandle(
                        request(Role.ADMIN), new MockHttpServletResponse(), handler(new Undeclared(), "handle")))
                .isInstanceOfSatisfying(
                        ErrorResponseException.class,
                        e -> assertThat(e.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN));
    }

    @Test
    void letsTheErrorPageAndUnauthenticatedHandlersWithoutARoleRender() throws Exception {
        MockHttpServletRequest error = request(Role.VIEWER);
        error.setDispatcherType(DispatcherType.ERROR);

        assertThat(interceptor.preHandle(error, new MockHttpServletResponse(), handler(new Undeclared(), "handle")))
                .isTrue();
        assertThat(interceptor.preHandle(
                        new MockHttpServletRequest("POST", "/webhooks/monitor"),
                        new MockHttpServletResponse(),
                        handler(new Undeclared(), "handle")))
                .isTrue();
    }

    @Test
    void takesTheMethodsRoleOverTheControllersRole() throws Exception {
        Object bean = new ReadMostly();

        assertThat(interceptor.preHandle(request(Role.VIEWER), new MockHttpServletResponse(), handler(bean, "read")))
                .isTrue();
        assertThatThrownBy(() -> interceptor.preHandle(
                        request(Role.VIEWER), new MockHttpServletResponse(), handler(bean, "write")))
                .isInstanceOf(ErrorResponseException.class);
        assertThat(interceptor.preHandle(request(Role.EDITOR), new MockHttpServletResponse(), handler(bean, "write")))
                .isTrue();
    }

    @Test
    void refusesARoleGuardedHandlerReachedWithoutAuthentication() {
        assertThatThrownBy(() -> interceptor.preHandle(
                        new MockHttpServletRequest("GET", "/elsewhere"),
                        new MockHttpServletResponse(),
                        handler(new ReadMostly(), "read")))
                .isInstanceOf(ErrorResponseException.class);
    }
}
