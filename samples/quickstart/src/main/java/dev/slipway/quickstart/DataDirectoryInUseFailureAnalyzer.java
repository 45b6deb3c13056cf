package dev.slipway.quickstart;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Explains a start that failed because another server uses the data directory, and what to do about it. */
public class DataDirectoryInUseFailureAnalyzer extends AbstractFailureAnalyzer<DataDirectoryInUseException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, DataDirectoryInUseException cause) {
        return new FailureAnalysis(cause.getMessage(), "Stop the other server, or start this one with another data"
                + " directory: --slipway.data-directory=<path>. The path must be absolute or start with ./, such as"
                + " ./data2, because H2 rejects other relative paths.", cause);
    }
}
