package dev.slipway.graphql;

import graphql.analysis.FieldComplexityCalculator;
import graphql.analysis.FieldComplexityEnvironment;
import java.util.Set;

/**
 * Counts each selected field as 1, with two exceptions. A field that reads the whole event store counts as more than
 * half of the maximum complexity, so a request runs at most one such field, and aliases cannot repeat it. A field
 * with a page size argument ({@code first} or {@code limit}) counts half its page size more, so the pages of one
 * request hold fewer than twice the maximum complexity of entries in total.
 */
final class CostlyFieldComplexity implements FieldComplexityCalculator {

    /**
     * Top-level fields that read every stored event: the audit chain verification recomputes the whole hash chain,
     * and a read model replay reads the whole event store again.
     */
    static final Set<String> COSTLY_FIELDS = Set.of("auditChainVerification", "replayReadModels", "replayReadModel");

    /**
     * Page size arguments: first of auditEventConnection, applicationConnection and deploymentConnection, and limit of
     * auditEvents and deploymentLogs.
     */
    static final Set<String> PAGE_SIZE_ARGUMENTS = Set.of("first", "limit");

    /**
     * The largest page size that the paged fields accept. A larger, negative or null size counts as this one, so that
     * the field's own range check, not the complexity limit, rejects an out-of-range size.
     */
    static final int MAX_PAGE_SIZE = 1000;

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
        return 1 + pageSizeWeight(environment) + childComplexity;
    }

    /** Returns half the page size that the field's arguments request, rounded up, or 0 for a field without one. */
    private static int pageSizeWeight(FieldComplexityEnvironment environment) {
        int weight = 0;
        for (String argument : PAGE_SIZE_ARGUMENTS) {
            if (environment.getFieldDefinition().getArgument(argument) == null) {
                continue;
            }
            Object value = environment.getArguments().get(argument);
            int pageSize = value instanceof Integer size && size >= 0 && size <= MAX_PAGE_SIZE ? size : MAX_PAGE_SIZE;
            weight += (pageSize + 1) / 2;
        }
        return weight;
    }
}
