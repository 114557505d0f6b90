package org.slipway.core.internal.karaf;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.slipway.api.LiveState;
import org.slipway.api.StateSnapshot;
import org.slipway.core.internal.engine.StateUnavailableException;
import org.slipway.core.internal.state.PlainJson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link LiveState} services of the framework: every one's snapshot taken before a change, each handed to
 * the service under the same key after it. A snapshot is journal text: a JSON object with the taker's bundle,
 * version, service id and framework, and the state. Each call into application code runs on a thread of its
 * own and is abandoned (interrupted) after the timeout.
 */
final class LiveStates {

    private static final Logger LOG = LoggerFactory.getLogger(LiveStates.class);

    /** The largest snapshot one component may give, as JSON text: 16 Mi characters. */
    static final int MAX_STATE_CHARS = 16 * 1024 * 1024;

    private final BundleContext context;

    LiveStates(BundleContext context) {
        this.context = context;
    }

    /**
     * @return per key, the snapshot as journal text
     * @throws StateUnavailableException naming every component that failed, gave something other than plain
     *         data, gave more than {@link #MAX_STATE_CHARS}, or did not return within {@code timeout} (its
     *         conversion to text included: a map's iteration is application code too), or two that claim one
     *         key; it carries the states that could be taken
     */
    Map<String, String> snapshot(Duration timeout) {
        Map<String, String> snapshots = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        Map<String, ServiceReference<LiveState>> seen = new LinkedHashMap<>();
        for (ServiceReference<LiveState> ref : references()) {
            String key = key(ref);
            ServiceReference<LiveState> other = seen.putIfAbsent(key, ref);
            if (other != null) {
                failures.add(describe(other) + " and " + describe(ref) + " both offer state \"" + key
                        + "\" (service property " + LiveState.KEY + ")");
                continue;
            }
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("bundle", ref.getBundle().getSymbolicName());
            entry.put("version", ref.getBundle().getVersion().toString());
            entry.put("service", ref.getProperty(Constants.SERVICE_ID));
            entry.put("framework", context.getProperty(Constants.FRAMEWORK_UUID));
            try {
                String text = call(ref, key, "snapshot", s -> journalText(ref, key, s.snapshot(), entry), timeout);
                if (text != null) { // null: unregistered meanwhile, nothing of it to carry
                    snapshots.put(key, text);
                }
            } catch (IllegalStateException e) {
                failures.add(e.getMessage());
            }
        }
        if (!failures.isEmpty()) {
            throw new StateUnavailableException(String.join("; ", failures), snapshots);
        }
        return snapshots;
    }

    /** Runs on the state's own thread, within its time limit: the conversion iterates the application's map. */
    private static String journalText(ServiceReference<LiveState> ref, String key, Map<String, Object> state,
            Map<String, Object> entry) {
        if (state == null) {
            throw new IllegalStateException(describe(ref) + " gave no snapshot (null) of state \"" + key + "\"");
        }
        String text;
        try {
            text = PlainJson.write(state, key, MAX_STATE_CHARS);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(describe(ref) + " gave a snapshot of state \"" + key
                    + "\" that is not plain data or too large: " + e.getMessage(), e);
        }
        entry.put("state", PlainJson.read(text));
        return PlainJson.write(entry);
    }

    /** @return what went wrong, each naming the component and the state */
    List<String> restore(Map<String, String> snapshots, Duration timeout) throws InterruptedException {
        if (snapshots.isEmpty()) {
            return List.of();
        }
        List<String> problems = new ArrayList<>();
        Map<String, ServiceReference<LiveState>> now = new LinkedHashMap<>();
        references().forEach(ref -> now.putIfAbsent(key(ref), ref));
        for (Map.Entry<String, String> snapshot : snapshots.entrySet()) {
            String key = snapshot.getKey();
            Map<String, Object> entry = PlainJson.readObject(snapshot.getValue());
            ServiceReference<LiveState> ref = now.get(key);
            if (ref == null) {
                LOG.warn("No component offers state \"{}\" after the change: the state {} {} took is dropped", key,
                        entry.get("bundle"), entry.get("version"));
                continue;
            }
            if (keptRunning(ref, entry)) {
                continue;
            }
            @SuppressWarnings("unchecked")
            StateSnapshot handed = new StateSnapshot(key, (String) entry.get("bundle"), (String) entry.get("version"),
                    (Map<String, Object>) entry.get("state"));
            try {
                call(ref, key, "restore", s -> {
                    s.restore(handed);
                    return Map.of();
                }, timeout);
            } catch (IllegalStateException e) {
                problems.add(e.getMessage());
            }
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
        return problems;
    }

    /** @return whether {@code ref} is the very service that gave {@code entry}: it never stopped */
    private boolean keptRunning(ServiceReference<LiveState> ref, Map<String, Object> entry) {
        Object service = entry.get("service");
        return service instanceof Number n && n.longValue() == (Long) ref.getProperty(Constants.SERVICE_ID)
                && context.getProperty(Constants.FRAMEWORK_UUID).equals(entry.get("framework"));
    }

    private interface StateCall<T> {
        T call(LiveState state) throws Exception;
    }

    /**
     * @return what {@code call} returned, or {@code null} when the service went away
     * @throws IllegalStateException when it threw or did not return within {@code timeout}
     */
    private <T> T call(ServiceReference<LiveState> ref, String key, String what, StateCall<T> call,
            Duration timeout) {
        LiveState state = context.getService(ref);
        if (state == null) {
            return null;
        }
        Callable<T> task = () -> call.call(state);
        FutureTask<T> future = new FutureTask<>(task);
        Thread thread = new Thread(future, "slipway-state-" + what + "-" + key);
        thread.setDaemon(true);
        thread.start();
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            thread.interrupt();
            throw new IllegalStateException(describe(ref) + " did not return from " + what + "() of state \"" + key
                    + "\" within " + timeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw new IllegalStateException(describe(ref) + " failed in " + what + "() of state \"" + key + "\": "
                    + cause.getClass().getName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage()),
                    cause);
        } catch (InterruptedException e) {
            thread.interrupt();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted during " + what + "() of state \"" + key + "\"", e);
        } finally {
            context.ungetService(ref);
        }
    }

    private List<ServiceReference<LiveState>> references() {
        try {
            return new ArrayList<>(context.getServiceReferences(LiveState.class, null));
        } catch (InvalidSyntaxException e) {
            throw new AssertionError(e);
        }
    }

    /** @return the state's key: the service property, else the DS component name, else the bundle's name */
    static String key(ServiceReference<?> ref) {
        for (String property : new String[] { LiveState.KEY, "component.name" }) {
            Object value = ref.getProperty(property);
            if (value instanceof String s && !s.isBlank()) {
                return s.trim();
            }
        }
        return ref.getBundle().getSymbolicName();
    }

    private static String describe(ServiceReference<?> ref) {
        Object component = ref.getProperty("component.name");
        return "Bundle " + ref.getBundle().getSymbolicName() + " " + ref.getBundle().getVersion() + " ["
                + ref.getBundle().getBundleId() + "]" + (component == null ? "" : " component " + component);
    }
}
