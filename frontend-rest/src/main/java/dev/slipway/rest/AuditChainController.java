package dev.slipway.rest;

import dev.slipway.core.access.RequestContext;
import dev.slipway.core.audit.AuditChain;
import dev.slipway.core.audit.AuditException;
import dev.slipway.core.audit.ChainVerification;
import dev.slipway.web.EngineGateway;
import dev.slipway.web.RequestContextResolver;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Verifies the audit hash chain and exports the public key of its signed checkpoints. Both return 409 with a
 * problem detail when the engine keeps no chain, because its events are not stored in a database.
 */
@RestController
class AuditChainController {

    /** Media type of a JSON Web Key, RFC 7517. */
    static final String JWK_JSON = "application/jwk+json";

    private static final Logger log = LoggerFactory.getLogger(AuditChainController.class);

    private final ObjectProvider<AuditChain> chain;
    private final RequestContextResolver contexts;
    private final EngineGateway engine;

    AuditChainController(ObjectProvider<AuditChain> chain, RequestContextResolver contexts, EngineGateway engine) {
        this.chain = chain;
        this.contexts = contexts;
        this.engine = engine;
    }

    @GetMapping("/api/audit-chain/verification")
    ChainVerification verify(HttpServletRequest request) {
        RequestContext context = contexts.resolve(request);
        engine.requireAuditChainRight(context);
        ChainVerification result = chain().verify();
        if (result.intact()) {
            log.info("audit chain verified in request [{}] by [{}]: intact over {} entries, {} events pending",
                    context.correlationId(), context.caller(), result.entriesChecked(), result.pendingEvents());
        } else {
            log.warn("audit chain verified in request [{}] by [{}]: broken at position [{}] global index [{}]: {}",
                    context.correlationId(), context.caller(), result.firstBreak().position(),
                    result.firstBreak().globalIndex(), result.firstBreak().kind());
        }
        return result;
    }

    @GetMapping(value = "/api/audit-chain/public-key", produces = JWK_JSON)
    String publicKey(HttpServletRequest request) {
        contexts.resolve(request);
        return chain().publicJwk();
    }

    private AuditChain chain() {
        AuditChain available = chain.getIfAvailable();
        if (available == null) {
            throw new AuditException("This engine keeps no audit chain: it needs a data source with Axon's JPA or"
                    + " JDBC event store.");
        }
        return available;
    }
}
