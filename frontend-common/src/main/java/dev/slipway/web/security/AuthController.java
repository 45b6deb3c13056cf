package dev.slipway.web.security;

import dev.slipway.core.NotFoundException;
import dev.slipway.core.access.AccessDeniedException;
import dev.slipway.core.access.Caller;
import dev.slipway.core.access.RequestContext;
import dev.slipway.core.access.Role;
import dev.slipway.core.access.TokenScope;
import dev.slipway.core.identity.SessionEndReason;
import dev.slipway.core.spec.InvalidInputException;
import dev.slipway.core.team.TeamId;
import dev.slipway.web.EngineGateway;
import dev.slipway.web.RequestContextResolver;
import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Signs users in and out, rotates refresh tokens, changes passwords, and creates and revokes API tokens, under
 * {@code /api/auth}. Sign-in, refresh and the key set need no token. Every other route needs a user's access token.
 */
@RestController
@RequestMapping("/api/auth")
class AuthController {

    private final IdentityService identities;
    private final AccessTokens accessTokens;
    private final RequestContextResolver contexts;
    private final EngineGateway engine;

    AuthController(IdentityService identities, AccessTokens accessTokens, RequestContextResolver contexts,
                   EngineGateway engine) {
        this.identities = identities;
        this.accessTokens = accessTokens;
        this.contexts = contexts;
        this.engine = engine;
    }

    /** Body of a sign-in. */
    record LoginRequest(String userName, String password, String totpCode) {
        @Override
        public String toString() {
            return "LoginRequest[userName=" + userName + "]";
        }
    }

    /** Body of a refresh. */
    record RefreshRequest(String refreshToken) {
        @Override
        public String toString() {
            return "RefreshRequest";
        }
    }

    /** Body of a password change. */
    record PasswordChangeRequest(String currentPassword, String newPassword) {
        @Override
        public String toString() {
            return "PasswordChangeRequest";
        }
    }

    /**
     * Body of an API token request.
     *
     * @param scope  what the token may do: read, deploy or admin
     * @param teamId the team the token joins, with the role of its scope, or null for a token that acts only in
     *               the default team
     */
    record ApiTokenRequest(String scope, String teamId) {
    }

    @PostMapping("/login")
    SessionTokens login(@RequestBody LoginRequest body, HttpServletRequest request) {
        return identities.login(body.userName(), body.password(), body.totpCode(), contexts.resolve(request));
    }

    @PostMapping("/refresh")
    SessionTokens refresh(@RequestBody RefreshRequest body, HttpServletRequest request) {
        return identities.refresh(body.refreshToken(), contexts.resolve(request));
    }

    @PostMapping("/logout")
    ResponseEntity<Void> logout(Authentication authentication, HttpServletRequest request) {
        CallerAuthentication user = requireUser(authentication);
        if (user.sessionId() != null) {
            identities.endSession(user.sessionId(), SessionEndReason.LOGOUT, contexts.resolve(request));
        }
        return ResponseEntity.noContent().build();
    }

    @PutMapping("/password")
    ResponseEntity<Void> changePassword(@RequestBody PasswordChangeRequest body, Authentication authentication,
                                        HttpServletRequest request) {
        CallerAuthentication user = requireUser(authentication);
        identities.changePassword(user.caller().id(), body.currentPassword(), body.newPassword(),
                contexts.resolve(request));
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/api-tokens")
    ResponseEntity<IssuedApiToken> issueApiToken(@RequestBody ApiTokenRequest body, Authentication authentication,
                                                 HttpServletRequest request) {
        CallerAuthentication user = requireUser(authentication);
        RequestContext context = contexts.resolve(request);
        TokenScope scope = scope(body.scope());
        TeamId team = body.teamId() == null ? null : TeamId.of(body.teamId());
        if (team != null && engine == null) {
            throw new InvalidInputException("teamId", "must be empty, because this server has no engine to add the"
                    + " token to a team", body.teamId());
        }
        IssuedApiToken token = identities.issueApiToken(user.caller().id(), scope, context);
        if (team != null) {
            try {
                engine.addTeamMember(team, new Caller(Caller.Kind.TOKEN, token.id()), roleOf(scope), context);
            } catch (RuntimeException e) {
                // A token that could not join the team is of no use, so it must not stay active.
                identities.revokeApiToken(user.caller().id(), token.id(), context);
                throw e;
            }
        }
        return ResponseEntity.status(HttpStatus.CREATED).body(token);
    }

    /** Returns the team role an API token gets for its scope: the highest role whose work the scope allows. */
    static Role roleOf(TokenScope scope) {
        return switch (scope) {
            case READ -> Role.VIEWER;
            case DEPLOY -> Role.DEPLOYER;
            case ADMIN -> Role.ADMIN;
        };
    }

    /** Lists the signed-in user's API tokens that are not revoked, without their values. */
    @GetMapping("/api-tokens")
    List<ApiTokenView> apiTokens(Authentication authentication) {
        return identities.activeApiTokensOf(requireUser(authentication).caller().id());
    }

    /** Returns who the request's bearer token signs in: the caller, and the scope of an API token. */
    @GetMapping("/me")
    Map<String, Object> me(HttpServletRequest request) {
        RequestContext context = contexts.resolve(request);
        Map<String, Object> me = new LinkedHashMap<>();
        me.put("caller", context.caller().toString());
        me.put("kind", context.caller().kind().name());
        me.put("scope", context.scope() == null ? null : context.scope().name());
        return me;
    }

    @DeleteMapping("/api-tokens/{id}")
    ResponseEntity<Void> revokeApiToken(@PathVariable("id") String id, Authentication authentication,
                                        HttpServletRequest request) {
        CallerAuthentication user = requireUser(authentication);
        identities.revokeApiToken(user.caller().id(), id, contexts.resolve(request));
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/jwks")
    Map<String, Object> publicKeys() {
        return accessTokens.publicKeys().toJSONObject(true);
    }

    @ExceptionHandler(LoginRejectedException.class)
    ResponseEntity<ProblemDetail> rejected(LoginRejectedException e) {
        return ResponseEntity.status(HttpStatus.UNAUTHORIZED)
                .body(ProblemDetail.forStatusAndDetail(HttpStatus.UNAUTHORIZED, e.getMessage()));
    }

    @ExceptionHandler(RateLimitedException.class)
    ResponseEntity<ProblemDetail> rateLimited(RateLimitedException e) {
        long seconds = ProblemResponses.retryAfterSeconds(e.retryAfter());
        return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(seconds))
                .body(ProblemDetail.forStatusAndDetail(HttpStatus.TOO_MANY_REQUESTS,
                        e.getMessage() + ". Retry after " + seconds + " seconds."));
    }

    @ExceptionHandler(NotFoundException.class)
    ResponseEntity<ProblemDetail> notFound(NotFoundException e) {
        return ResponseEntity.status(HttpStatus.NOT_FOUND).body(ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
                e.getMessage()));
    }

    @ExceptionHandler(AccessDeniedException.class)
    ResponseEntity<ProblemDetail> denied(AccessDeniedException e) {
        return ResponseEntity.status(HttpStatus.FORBIDDEN).body(ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN,
                e.getMessage()));
    }

    @ExceptionHandler(InvalidInputException.class)
    ResponseEntity<ProblemDetail> invalid(InvalidInputException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
        // The same members as the problem details of the other routes, so a client maps the error to its input.
        problem.setProperty("field", e.field());
        problem.setProperty("rule", e.rule());
        return ResponseEntity.badRequest().body(problem);
    }

    @ExceptionHandler(UserRequiredException.class)
    ResponseEntity<ProblemDetail> userRequired(UserRequiredException e) {
        return ResponseEntity.status(HttpStatus.FORBIDDEN)
                .body(ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN, e.getMessage()));
    }

    private static CallerAuthentication requireUser(Authentication authentication) {
        if (authentication instanceof CallerAuthentication caller && caller.scope() == null) {
            return caller;
        }
        throw new UserRequiredException();
    }

    private static TokenScope scope(String text) {
        try {
            return TokenScope.valueOf(text == null ? "" : text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("scope", "must be one of read, deploy, admin", text);
        }
    }

    /** Thrown when a route needs a signed-in user and the caller is an API token or anonymous. */
    static final class UserRequiredException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UserRequiredException() {
            super("This route needs a user's access token; API tokens cannot manage sessions or tokens");
        }
    }
}
