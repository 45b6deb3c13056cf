package dev.slipway.core.runtime;

/** Receives build or container output one line at a time, without the line terminator. */
@FunctionalInterface
public interface LogSink {

    /** A sink that drops every line. */
    LogSink DISCARD = line -> { };

    void line(String line);
}
