package dev.downtime.receiver.tokens;

import dev.downtime.receiver.security.Operator;
import dev.downtime.receiver.security.RequiresRole;
import dev.downtime.receiver.security.Role;
import dev.downtime.receiver.tokens.StoredTokens.Token;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/** Issues, lists and revokes per-person admin tokens; admin role only. */
@RestController
@RequestMapping("/api/v1/tokens")
@RequiresRole(Role.ADMIN)
class TokenController {

    private final StoredTokens tokens;

    TokenController(StoredTokens tokens) {
        this.tokens = tokens;
    }

    @PostMapping
    ResponseEntity<IssuedTokenResponse> issue(@Valid @RequestBody TokenRequest request, Operator operator) {
        StoredTokens.IssuedToken issued = tokens.issue(request.name(), request.role(), operator.name());
        URI location = ServletUriComponentsBuilder.fromCurrentRequest()
                .path("/{id}")
                .buildAndExpand(issued.token().id())
                .toUri();
        Token token = issued.token();
        return ResponseEntity.created(location)
                .body(new IssuedTokenResponse(
                        token.id(), token.name(), token.role(), token.createdBy(), token.createdAt(), issued.secret()));
    }

    @GetMapping
    List<Token> list() {
        return tokens.list();
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> revoke(@PathVariable UUID id, Operator operator) {
        tokens.revoke(id, operator.name());
        return ResponseEntity.noContent().build();
    }

    record TokenRequest(
            @NotBlank @Size(max = 100) String name, @NotNull Role role) {}

    /** @param token the secret itself: shown in this answer only, never again */
    record IssuedTokenResponse(UUID id, String name, Role role, String createdBy, Instant createdAt, String token) {}
}
