package dev.slipway.core.access;

import dev.slipway.core.SlipwayException;

/** Signals a command that names no caller; every command must say who sends it. */
public class MissingCallerException extends SlipwayException {

    public MissingCallerException(String commandName) {
        super("Command '" + commandName + "' names no caller. Send it with RequestContext.toMetaData(), using"
                + " RequestContext.engine() for the engine's own work.");
    }
}
