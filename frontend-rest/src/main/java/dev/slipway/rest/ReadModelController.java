package dev.slipway.rest;

import dev.slipway.core.readmodel.ReplayProgress;
import dev.slipway.core.readmodel.ReplayReport;
import dev.slipway.web.EngineGateway;
import dev.slipway.web.RequestContextResolver;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** Lists the read models and rebuilds one or all of them from the event store. */
@RestController
class ReadModelController {

    private final EngineGateway engine;
    private final RequestContextResolver contexts;

    ReadModelController(EngineGateway engine, RequestContextResolver contexts) {
        this.engine = engine;
        this.contexts = contexts;
    }

    @GetMapping("/api/read-models")
    ReadModels readModels(HttpServletRequest request) {
        contexts.resolve(request);
        return new ReadModels(engine.readModelNames(), engine.replayProgress().orElse(null));
    }

    @PostMapping("/api/read-models/replay")
    ReplayReport replay(HttpServletRequest request) {
        return engine.replayReadModels(contexts.resolve(request));
    }

    @PostMapping("/api/read-models/{name}/replay")
    ReplayReport replayOne(@PathVariable String name, HttpServletRequest request) {
        return engine.replayReadModel(contexts.resolve(request), name);
    }

    /**
     * The read models and the replay that runs now.
     *
     * @param names  the names that {@code POST /api/read-models/{name}/replay} accepts
     * @param replay the progress of the running replay, or null when none runs
     */
    record ReadModels(List<String> names, ReplayProgress replay) {
    }
}
