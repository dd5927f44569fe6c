package dev.datalake.cluster.images;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A lock per image tag shared by every process of this machine's user: a locked file in the
 * temporary folder. Two JVMs that need the same image then build it once, the second waiting and
 * finding it, instead of both building and leaving a dangling multi-GB image.
 */
final class BuildLock implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BuildLock.class);

    private final FileChannel channel;
    private final FileLock lock;

    private BuildLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** The lock file of {@code tag}. */
    static Path file(String tag) {
        return Path.of(System.getProperty("java.io.tmpdir"), "datalake-cluster-builds",
                tag.replaceAll("[^A-Za-z0-9._-]", "_") + ".lock");
    }

    /**
     * Waits until no other process holds the lock of {@code tag}, then holds it. Where the lock file
     * cannot be made (a read-only temporary folder), builds go on unlocked, as before.
     */
    static BuildLock acquire(String tag) {
        Path file = file(tag);
        FileChannel channel = null;
        try {
            Files.createDirectories(file.getParent());
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                LOG.info("another process is building {}; waiting for it", tag);
                lock = channel.lock();
            }
            return new BuildLock(channel, lock);
        } catch (java.nio.channels.ClosedByInterruptException e) {
            closeQuietly(channel);
            throw new IllegalStateException("interrupted while waiting for another process to build " + tag, e);
        } catch (IOException e) {
            closeQuietly(channel);
            LOG.warn("could not lock {} ({}); building {} without the lock", file, e.getMessage(), tag);
            return new BuildLock(null, null);
        }
    }

    @Override
    public void close() {
        try {
            if (lock != null) {
                lock.release();
            }
        } catch (IOException e) {
            LOG.debug("could not release the build lock: {}", e.getMessage());
        }
        closeQuietly(channel);
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                LOG.debug("could not close the build lock: {}", e.getMessage());
            }
        }
    }
}
