package dev.slipway.core.application;

import dev.slipway.core.spec.ApplicationName;
import dev.slipway.core.spec.InvalidInputException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;

/**
 * Index of application names in use, so that two applications never share a name. A claim made while handling a
 * command is released again when that command's unit of work rolls back. The application projection releases the
 * name of a deleted application.
 */
public final class ApplicationNames {

    private final Map<ApplicationName, ApplicationId> owners = new ConcurrentHashMap<>();

    /**
     * Claims a name for an application.
     *
     * @throws InvalidInputException when another application has the name
     */
    public void claim(ApplicationName name, ApplicationId applicationId) {
        ApplicationId owner = owners.putIfAbsent(name, applicationId);
        if (owner != null && !owner.equals(applicationId)) {
            throw new InvalidInputException("name", "must be unique; another application already has this name",
                    name.value());
        }
        if (owner == null && CurrentUnitOfWork.isStarted()) {
            CurrentUnitOfWork.get().onRollback(unitOfWork -> owners.remove(name, applicationId));
        }
    }

    /** Releases the name of a deleted application, so that a new application may take it. */
    void release(ApplicationName name, ApplicationId applicationId) {
        owners.remove(name, applicationId);
    }

    /** Records a name that the event store already holds; used while read models are rebuilt. */
    void record(ApplicationName name, ApplicationId applicationId) {
        owners.put(name, applicationId);
    }

    void clear() {
        owners.clear();
    }
}
