package dev.slipway.quickstart;

import java.nio.file.Path;

/** Raised at start when another server holds the lock on the data directory. */
public class DataDirectoryInUseException extends RuntimeException {

    private final transient Path directory;

    public DataDirectoryInUseException(Path directory) {
        super("Data directory '" + directory + "' is in use by another Slipway server: its lock file '"
                + directory.resolve(DataDirectoryLock.LOCK_FILE) + "' is locked.");
        this.directory = directory;
    }

    /** Returns the data directory that is in use. */
    public Path directory() {
        return directory;
    }
}
