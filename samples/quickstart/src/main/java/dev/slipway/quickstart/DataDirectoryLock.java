package dev.slipway.quickstart;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;

/**
 * Locks the server's data directory before any bean of the server is created, so that a second server started on
 * the same directory stops at once with a message that names the directory. Without the lock, a second server
 * fails later with an H2 or Hibernate error that does not say why. The operating system releases the lock when the
 * process ends, also when it is killed.
 */
public class DataDirectoryLock implements BeanFactoryPostProcessor, EnvironmentAware, Ordered {

    /** Name of the lock file in the data directory. */
    static final String LOCK_FILE = ".slipway.lock";

    /** Locks that this process holds, by data directory, so that a server restarted in the same process reuses them. */
    private static final Map<Path, FileLock> HELD = new ConcurrentHashMap<>();

    private Environment environment;

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
        String directory = environment.getProperty("slipway.data-directory");
        if (directory != null && !directory.isBlank()) {
            acquire(Path.of(directory));
        }
    }

    /**
     * Creates the data directory when it is missing and locks it for this process.
     *
     * @throws DataDirectoryInUseException when another process, or another part of this one, has locked the file
     */
    static void acquire(Path directory) {
        Path absolute = directory.toAbsolutePath().normalize();
        HELD.computeIfAbsent(absolute, DataDirectoryLock::lock);
    }

    private static FileLock lock(Path directory) {
        Path lockFile = directory.resolve(LOCK_FILE);
        FileChannel channel = null;
        try {
            Files.createDirectories(directory);
            channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock != null) {
                return lock;
            }
        } catch (OverlappingFileLockException e) {
            // Another part of this process locked the file without this class.
        } catch (IOException e) {
            closeQuietly(channel);
            throw new IllegalStateException("Unable to lock the data directory '" + directory + "' through '"
                    + lockFile + "': " + e.getMessage() + ". Check that the server's user may write there.", e);
        }
        closeQuietly(channel);
        throw new DataDirectoryInUseException(directory);
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel == null) {
            return;
        }
        try {
            channel.close();
        } catch (IOException e) {
            // The lock was not taken, so nothing depends on this channel.
        }
    }
}
