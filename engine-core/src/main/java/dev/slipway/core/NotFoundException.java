package dev.slipway.core;

/**
 * Signals that a resource does not exist, or that the caller may not see it. Both cases read the same so that a
 * caller cannot probe for identifiers of other teams.
 */
public class NotFoundException extends SlipwayException {

    private final String resourceType;
    private final String resourceId;

    public NotFoundException(String resourceType, String resourceId) {
        super(resourceType + " '" + resourceId + "' not found");
        this.resourceType = resourceType;
        this.resourceId = resourceId;
    }

    public String resourceType() {
        return resourceType;
    }

    public String resourceId() {
        return resourceId;
    }
}
