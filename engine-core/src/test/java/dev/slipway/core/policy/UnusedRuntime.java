package dev.slipway.core.policy;

import dev.slipway.core.application.ApplicationId;
import dev.slipway.core.runtime.BuildRequest;
import dev.slipway.core.runtime.ContainerRequest;
import dev.slipway.core.runtime.ContainerRuntime;
import dev.slipway.core.runtime.HttpHealthCheck;
import dev.slipway.core.runtime.LogSink;
import dev.slipway.core.runtime.ProbeResult;
import dev.slipway.core.runtime.RunningContainer;
import java.util.List;

/** A Docker port whose calls fail, for tests that override the calls they expect. */
class UnusedRuntime implements ContainerRuntime {

    @Override
    public String build(BuildRequest request, LogSink output) {
        throw new AssertionError("build must not run");
    }

    @Override
    public String ensureNetwork(ApplicationId application) {
        throw new AssertionError("ensureNetwork must not run");
    }

    @Override
    public RunningContainer start(ContainerRequest request) {
        throw new AssertionError("start must not run");
    }

    @Override
    public ProbeResult probe(RunningContainer container, HttpHealthCheck check) {
        throw new AssertionError("probe must not run");
    }

    @Override
    public List<String> tailLogs(String containerId, int lines) {
        throw new AssertionError("tailLogs must not run");
    }

    @Override
    public void removeContainer(String containerIdOrName) {
        throw new AssertionError("removeContainer must not run");
    }

    @Override
    public void removeImage(String imageId) {
        throw new AssertionError("removeImage must not run");
    }

    @Override
    public void removeNetwork(ApplicationId application) {
        throw new AssertionError("removeNetwork must not run");
    }

    @Override
    public boolean containerExists(String containerIdOrName) {
        throw new AssertionError("containerExists must not run");
    }

    @Override
    public boolean imageExists(String imageIdOrTag) {
        throw new AssertionError("imageExists must not run");
    }
}
