package dev.slipway.git;

import org.eclipse.jgit.lib.Config;
import org.eclipse.jgit.storage.file.FileBasedConfig;
import org.eclipse.jgit.util.FS;
import org.eclipse.jgit.util.SystemReader;

/**
 * Keeps JGit away from the host's Git configuration. Without it, JGit reads the user's {@code ~/.gitconfig} (where
 * settings such as {@code url.<base>.insteadOf} could redirect a tenant's repository) and, to find the system
 * configuration, starts a {@code git config --system} process once per JVM when {@code git} is on the path.
 *
 * <p>NOTE: JGit's system reader is one per JVM, so this also applies to other JGit users in an embedding
 * application.
 */
final class HostConfigIsolation extends SystemReader.Delegate {

    private HostConfigIsolation(SystemReader delegate) {
        super(delegate);
    }

    /** Installs the isolation unless it is installed already. */
    static synchronized void install() {
        SystemReader current = SystemReader.getInstance();
        if (!(current instanceof HostConfigIsolation)) {
            SystemReader.setInstance(new HostConfigIsolation(current));
        }
    }

    @Override
    public FileBasedConfig openSystemConfig(Config parent, FS fs) {
        return emptyConfig(parent, fs);
    }

    @Override
    public FileBasedConfig openUserConfig(Config parent, FS fs) {
        return emptyConfig(parent, fs);
    }

    private static FileBasedConfig emptyConfig(Config parent, FS fs) {
        return new FileBasedConfig(parent, null, fs) {
            @Override
            public void load() {
                // Nothing to read: the configuration is empty on purpose.
            }

            @Override
            public boolean isOutdated() {
                return false;
            }
        };
    }
}
