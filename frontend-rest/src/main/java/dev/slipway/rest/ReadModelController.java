package dev.slipway.rest;

import dev.slipway.core.readmodel.ReplayReport;
import dev.slipway.web.EngineGateway;
import dev.slipway.web.RequestContextResolver;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** Rebuilds the read models from the event store. */
@RestController
class ReadModelController {

    private final EngineGateway engine;
    private final RequestContextResolver contexts;

    ReadModelController(EngineGateway engine, RequestContextResolver contexts) {
        this.engine = engine;
        this.contexts = contexts;
    }

    @PostMapping("/api/read-models/replay")
    ReplayReport replay(HttpServletRequest request) {
        return engine.replayReadModels(contexts.resolve(request));
    }
}
