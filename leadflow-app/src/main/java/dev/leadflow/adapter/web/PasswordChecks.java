package dev.leadflow.adapter.web;

import dev.leadflow.app.port.Users;
import java.time.InstantSource;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Checks passwords on small pools of their own: a check costs a PBKDF2 hash (about a third of a
 * second of one core), so a flood of logins may take at most a pool's threads and queue a few
 * more; beyond that a login is refused at once ({@link Outcome.Busy}), and ingestion and the API
 * keep the rest of the machine. Checks for browsers not seen before are also bounded in rate
 * ({@link LoginLimits}): a flood from many addresses then takes a sixth of a core, not a whole one. Logins from a browser that signed in
 * before ({@link KnownDevices}) have a lane of their own, one thread without a rate bound, so that
 * a flood from strangers does not keep the real users out. Thread-safe.
 */
final class PasswordChecks {

    /** Checks one user name and password: the user, when the password is theirs. */
    interface Authenticator {
        Optional<Users.User> authenticate(String username, char[] password);
    }

    /** What a check found. */
    sealed interface Outcome {
        record Valid(Users.User user) implements Outcome {}

        record Wrong() implements Outcome {}

        /** Too many checks under way: try again in a second. */
        record Busy() implements Outcome {}
    }

    private final Authenticator authenticator;
    private final InstantSource clock;
    private final LoginLimits limits;
    private final ThreadPoolExecutor pool;
    private final ThreadPoolExecutor knownPool;
    private double strangerTokens;
    private long refilledAt;

    /** A pool of half the cores (at least one), with twice as many checks waiting; one thread for known devices. */
    PasswordChecks(Authenticator authenticator, InstantSource clock, LoginLimits limits) {
        this(
                authenticator,
                clock,
                limits,
                Math.max(1, Runtime.getRuntime().availableProcessors() / 2),
                2 * Math.max(1, Runtime.getRuntime().availableProcessors() / 2));
    }

    PasswordChecks(Authenticator authenticator, InstantSource clock, LoginLimits limits, int threads, int waiting) {
        this.authenticator = authenticator;
        this.clock = clock;
        this.limits = limits;
        this.strangerTokens = limits.strangerBurst();
        this.refilledAt = clock.millis();
        this.pool = pool("password-check-", threads, waiting);
        this.knownPool = pool("password-check-known-", 1, waiting);
    }

    private static ThreadPoolExecutor pool(String name, int threads, int waiting) {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(
                threads,
                threads,
                30,
                TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(waiting),
                Thread.ofPlatform().daemon().name(name, 0).factory(),
                new ThreadPoolExecutor.AbortPolicy());
        pool.allowCoreThreadTimeOut(true); // idle, it holds no thread
        return pool;
    }

    /** Checks on the known devices' lane when {@code knownDevice}, else on the shared pool. */
    Outcome check(String username, char[] password, boolean knownDevice) {
        if (!knownDevice && !strangerToken()) {
            return new Outcome.Busy();
        }
        Future<Optional<Users.User>> checked;
        try {
            checked = (knownDevice ? knownPool : pool).submit(() -> authenticator.authenticate(username, password));
        } catch (RejectedExecutionException e) {
            return new Outcome.Busy();
        }
        try {
            return checked.get().<Outcome>map(Outcome.Valid::new).orElseGet(Outcome.Wrong::new);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            checked.cancel(true);
            return new Outcome.Busy();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }

    /** Takes one of the strangers' tokens, refilled at the limits' rate; false when none is left. */
    private synchronized boolean strangerToken() {
        long now = clock.millis();
        strangerTokens = Math.min(
                limits.strangerBurst(),
                strangerTokens + Math.max(0, now - refilledAt) * limits.strangersPerSecond() / 1000.0);
        refilledAt = now;
        if (strangerTokens < 1) {
            return false;
        }
        strangerTokens--;
        return true;
    }

    /** How many checks wait for a thread. */
    int queued() {
        return pool.getQueue().size();
    }
}
