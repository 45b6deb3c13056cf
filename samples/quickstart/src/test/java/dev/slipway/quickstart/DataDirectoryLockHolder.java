package dev.slipway.quickstart;

import java.nio.file.Path;

/** A process that locks a data directory as a running server does, and holds the lock until it is killed. */
public final class DataDirectoryLockHolder {

    /** The line printed once the lock is held. */
    static final String LOCKED = "locked";

    private DataDirectoryLockHolder() {
    }

    public static void main(String[] args) throws InterruptedException {
        DataDirectoryLock.acquire(Path.of(args[0]));
        System.out.println(LOCKED);
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
