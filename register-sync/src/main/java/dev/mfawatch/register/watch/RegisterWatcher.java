package dev.mfawatch.register.watch;

import dev.mfawatch.model.AccessDenied;
import dev.mfawatch.model.Reasons;
import dev.mfawatch.register.RegisterSync;
import dev.mfawatch.register.SyncResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the topics in step with the register file: re-syncs when the file (or the inventory)
 * changes, when an entry reaches its expiry (so it is published as EXPIRED at that moment, give or
 * take one poll), and on a fixed schedule so notices that only time brings are announced. Polling
 * the modification time every few seconds is enough for a file people edit by hand, and, unlike a
 * WatchService, also works on network mounts and with editors that replace the file.
 */
public final class RegisterWatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RegisterWatcher.class);

    private final RegisterSync sync;
    private final Path register;
    private final Path principals;
    private final Clock clock;
    private final Duration poll;
    private final Duration resync;
    private final Consumer<SyncResult> onResult;
    private final CountDownLatch stop = new CountDownLatch(1);
    private String fingerprint;
    private Instant nextResync = Instant.MIN;
    private volatile boolean lastSyncOk;
    private volatile boolean running = true;

    public RegisterWatcher(RegisterSync sync, Path register, Path principals, Clock clock, Duration poll,
                           Duration resync, Consumer<SyncResult> onResult) {
        this.sync = sync;
        this.register = register;
        this.principals = principals;
        this.clock = clock;
        this.poll = poll;
        this.resync = resync;
        this.onResult = onResult;
    }

    /** Polls until {@link #close()}. */
    public void run() throws InterruptedException {
        while (running) {
            checkOnce();
            if (stop.await(poll.toMillis(), TimeUnit.MILLISECONDS)) {
                break;
            }
        }
    }

    /** One poll: syncs if the files changed, an expiry was reached or the schedule says so. Returns whether it synced. */
    public boolean checkOnce() {
        Instant now = clock.instant();
        String current = fingerprint(register) + "|" + (principals == null ? "" : fingerprint(principals));
        boolean changed = !Objects.equals(current, fingerprint);
        boolean transition = sync.nextTransition().map(t -> !now.isBefore(t)).orElse(false);
        if (!changed && !transition && now.isBefore(nextResync) && lastSyncOk) {
            return false;
        }
        try {
            SyncResult result = sync.syncOnce(register, principals, false);
            fingerprint = current;
            nextResync = now.plus(resync);
            lastSyncOk = true;
            onResult.accept(result);
        } catch (RuntimeException e) {
            if (AccessDenied.fatal(e)) {
                // A missing ACL or a failed login does not heal by retrying: stop and say why.
                throw e;
            }
            // Kafka unreachable or slow: stay up, report not ready, try again at the next poll.
            lastSyncOk = false;
            LOG.warn("register sync failed, retrying: {}", Reasons.of(e));
        }
        return true;
    }

    private static String fingerprint(Path file) {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return a.lastModifiedTime().toMillis() + ":" + a.size();
        } catch (IOException e) {
            return "missing";
        }
    }

    /** Ready while the latest sync reached Kafka. */
    public boolean ready() {
        return lastSyncOk;
    }

    public boolean healthy() {
        return running;
    }

    @Override
    public void close() {
        running = false;
        stop.countDown();
    }
}
