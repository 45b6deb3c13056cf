package dev.slipway.web;

import dev.slipway.core.access.RequestContext;
import dev.slipway.core.spec.InvalidInputException;

/**
 * Outcome of resolving a request's context: the context, or the rejection of an invalid caller header. The
 * correlation id is known in both cases, so even a rejection can be traced.
 */
record RequestResolution(String correlationId, RequestContext context, InvalidInputException rejection) {

    static RequestResolution of(RequestContext context) {
        return new RequestResolution(context.correlationId(), context, null);
    }

    static RequestResolution rejected(String correlationId, InvalidInputException rejection) {
        return new RequestResolution(correlationId, null, rejection);
    }

    RequestContext requireContext() {
        if (rejection != null) {
            throw rejection;
        }
        return context;
    }
}
