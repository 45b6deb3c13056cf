package dev.slipway.core.audit;

import dev.slipway.core.SlipwayException;

/** Signals that the audit chain could not be read, appended or signed. */
public class AuditException extends SlipwayException {

    public AuditException(String message) {
        super(message);
    }

    public AuditException(String message, Throwable cause) {
        super(message, cause);
    }
}
