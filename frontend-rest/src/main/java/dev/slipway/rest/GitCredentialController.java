package dev.slipway.rest;

import dev.slipway.core.application.ApplicationId;
import dev.slipway.web.GitCredentialGateway;
import dev.slipway.web.GitCredentialGateway.CredentialInput;
import dev.slipway.web.GitCredentialGateway.CredentialView;
import dev.slipway.web.RequestContextResolver;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Sets and removes the credential of an application's Git repository under
 * {@code /api/applications/{applicationId}/git-credential}: an HTTPS token
 * ({@code {"kind":"HTTPS_TOKEN","username":"oauth2","token":"..."}}) or an SSH deploy key with the server's pinned
 * host keys ({@code {"kind":"SSH_KEY","privateKey":"...","knownHosts":"..."}}). The response shows the kind, the
 * user name, the host keys and a mask; the token or key is never readable back.
 */
@RestController
class GitCredentialController {

    private final GitCredentialGateway credentials;
    private final RequestContextResolver contexts;

    GitCredentialController(GitCredentialGateway credentials, RequestContextResolver contexts) {
        this.credentials = credentials;
        this.contexts = contexts;
    }

    @PutMapping("/api/applications/{applicationId}/git-credential")
    CredentialView set(@PathVariable String applicationId, @RequestBody CredentialInput body,
                       HttpServletRequest request) {
        return credentials.setCredential(ApplicationId.of(applicationId), body, contexts.resolve(request));
    }

    @DeleteMapping("/api/applications/{applicationId}/git-credential")
    ResponseEntity<Void> remove(@PathVariable String applicationId, HttpServletRequest request) {
        credentials.removeCredential(ApplicationId.of(applicationId), contexts.resolve(request));
        return ResponseEntity.noContent().build();
    }
}
