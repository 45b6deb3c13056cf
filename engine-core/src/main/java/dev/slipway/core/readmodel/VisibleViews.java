package dev.slipway.core.readmodel;

import java.util.function.Predicate;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;

/**
 * The test of which views a caller may see, which the query authorization puts in the unit of work of each query
 * from a caller. Paged queries skip the other views before they count towards a page, so that a page of a caller
 * is full whenever enough visible views follow.
 */
public final class VisibleViews {

    /** The unit-of-work resource that contains the {@code Predicate<Object>} of the views the caller may see. */
    public static final String RESOURCE = "slipway.read-model.visible-views";

    private VisibleViews() {
    }

    /**
     * Returns the test that the query authorization set for the current query, else one that passes every view, as
     * for a query with the engine's own rights.
     */
    @SuppressWarnings("unchecked")
    public static Predicate<Object> current() {
        if (CurrentUnitOfWork.isStarted()) {
            Object visible = CurrentUnitOfWork.get().getResource(RESOURCE);
            if (visible instanceof Predicate<?> predicate) {
                return (Predicate<Object>) predicate;
            }
        }
        return view -> true;
    }
}
