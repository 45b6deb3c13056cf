package dev.slipway.core.runtime;

import dev.slipway.core.application.ApplicationId;
import java.util.List;

/**
 * A Docker port for tests that never build or start a container. Build, network, start and probe calls fail the
 * test, log reads return no lines, clean-up calls do nothing and no container or image exists. Subclasses override
 * the calls a test expects.
 */
public class StubContainerRuntime implements ContainerRuntime {

    private final boolean local;

    /** Creates a stub whose Docker engine is on another host. */
    public StubContainerRuntime() {
        this(false);
    }

    /** Creates a stub that reports its Docker engine as on this host when {@code local} is true. */
    public StubContainerRuntime(boolean local) {
        this.local = local;
    }

    @Override
    public boolean isLocal() {
        return local;
    }

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
        return List.of();
    }

    @Override
    public void removeContainer(String containerIdOrName) {
    }

    @Override
    public void removeImage(String imageId) {
    }

    @Override
    public void removeNetwork(ApplicationId application) {
    }

    @Override
    public boolean containerExists(String containerIdOrName) {
        return false;
    }

    @Override
    public boolean imageExists(String imageIdOrTag) {
        return false;
    }
}
