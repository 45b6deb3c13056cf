package dev.slipway.graphql;

import graphql.analysis.FieldComplexityCalculator;
import graphql.analysis.FieldComplexityEnvironment;
import java.util.Set;

/**
 * Counts each selected field as 1, except a field that reads the whole event store, which counts as more than half
 * of the maximum complexity. So a request runs at most one such field, and aliases cannot repeat it.
 */
final class CostlyFieldComplexity implements FieldComplexityCalculator {

    /**
     * Top-level fields that read every stored event: the audit chain verification recomputes the whole hash chain,
     * and a read model replay reads the whole event store again.
     */
    static final Set<String> COSTLY_FIELDS = Set.of("auditChainVerification", "replayReadModels", "replayReadModel");

    private final int costlyFieldWeight;

    /** Creates a calculator for the maximum complexity {@code maxQueryComplexity}, which must be at least 1. */
    CostlyFieldComplexity(int maxQueryComplexity) {
        this.costlyFieldWeight = maxQueryComplexity / 2 + 1;
    }

    @Override
    public int calculate(FieldComplexityEnvironment environment, int childComplexity) {
        boolean topLevel = environment.getParentEnvironment() == null;
        if (topLevel && COSTLY_FIELDS.contains(environment.getField().getName())) {
            return costlyFieldWeight + childComplexity;
        }
        return 1 + childComplexity;
    }
}
