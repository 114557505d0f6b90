package org.slipway.core.internal.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

import org.slipway.api.ConfigurationChange;
import org.slipway.api.ConfigurationChange.Action;
import org.slipway.api.ConfigurationChange.Key;
import org.slipway.api.ConfigurationChange.Kind;
import org.slipway.api.ConfigurationChange.Source;
import org.slipway.api.ConfigurationChoice;
import org.slipway.api.Problem;

/**
 * The three-way merge of a release's configuration, key by key: base is the running release's default, theirs
 * the target release's, ours the value now.
 * <ul>
 * <li>A key the operator left at the base value takes the new default, or goes when the target drops it.</li>
 * <li>A key the operator changed keeps the operator's value when the target leaves the default as it was or
 * drops the key, and so does every key of a configuration that was there before although the running release
 * does not declare it (Karaf's rule: it leaves such a configuration alone); its missing keys are added.</li>
 * <li>A key both changed to different values is a conflict: the change is refused, naming configuration, key
 * and the three values, unless {@link ConfigurationChoice#OURS} or {@link ConfigurationChoice#THEIRS}
 * decides it.</li>
 * </ul>
 * A configuration that does not exist is created by the features service with the target's values; one the
 * target declares with {@code override} or {@code append} is written by the features service by its own rule,
 * shown key by key here. A configuration that the target no longer declares is deleted once none of the
 * operator's keys is left. Values of secret-looking keys are masked in everything shown.
 */
public final class ConfigurationMerge {

    /** What a masked value reads as. */
    public static final String MASK = "********";

    private static final Pattern SECRET = Pattern.compile(
            "(?i).*(password|passwd|secret|token|credential|private|apikey|api\\.key|(^|[._-])key$).*");

    /**
     * @param changes   the plan's configurations and files, as the runtime read them, each with the features
     *                  service's own action
     * @param writes    what the change writes just before the features service's deployment
     * @param conflicts the keys both sides changed, as refusing problems; empty unless the choice is
     *                  {@link ConfigurationChoice#MERGE}
     */
    public record Result(List<ConfigurationChange> changes, List<ConfigurationWrite> writes, List<Problem> conflicts) {

        public Result {
            changes = List.copyOf(changes);
            writes = List.copyOf(writes);
            conflicts = List.copyOf(conflicts);
        }
    }

    private ConfigurationMerge() {
    }

    /** @return {@code value}, or {@value #MASK} when {@code key} looks secret (password, secret, token, key...) */
    public static String mask(String key, String value) {
        return value != null && SECRET.matcher(key).matches() ? MASK : value;
    }

    /**
     * @param planned the plan's configuration changes, as the runtime read them
     * @param sides   the three sides of each release configuration the change may merge
     * @param target  the release the change moves to, as {@code feature version}, for the conflicts' messages
     * @return the plan's changes with every merged configuration's action and keys, a change added for each
     *         configuration the target drops, and what to write
     */
    public static Result merge(List<ConfigurationChange> planned, List<ConfigurationSides> sides,
            ConfigurationChoice choice, String target) {
        Map<String, ConfigurationChange> changes = new LinkedHashMap<>();
        List<ConfigurationChange> files = new ArrayList<>();
        for (ConfigurationChange change : planned) {
            if (change.kind() == Kind.CONFIGURATION) {
                changes.put(change.target(), change);
            } else {
                files.add(change);
            }
        }
        List<ConfigurationWrite> writes = new ArrayList<>();
        List<Problem> conflicts = new ArrayList<>();
        for (ConfigurationSides side : sides) {
            if (side.ours() == null && side.theirs() == null) {
                continue;
            }
            Merged merged = side.ours() == null ? new Merged(Action.CREATE, List.of(), null)
                    : merge(side, choice, target, conflicts);
            ConfigurationChange read = changes.get(side.name());
            ConfigurationChange change = read != null ? read.with(merged.action, merged.keys)
                    : new ConfigurationChange(Kind.CONFIGURATION, side.name(), merged.action, Map.of(),
                            side.feature(), merged.keys);
            changes.put(side.name(), change);
            if (merged.write != null) {
                writes.add(merged.write);
            }
        }
        List<ConfigurationChange> all = new ArrayList<>(changes.values());
        all.addAll(files);
        return new Result(all, writes, choice == ConfigurationChoice.MERGE ? conflicts : List.of());
    }

    private record Merged(Action action, List<Key> keys, ConfigurationWrite write) {
    }

    private static Merged merge(ConfigurationSides side, ConfigurationChoice choice, String target,
            List<Problem> conflicts) {
        Map<String, String> ours = side.ours();
        Map<String, String> theirs = side.theirs() == null ? Map.of() : side.theirs();
        Map<String, String> base = side.base() == null ? Map.of() : side.base();
        // merged key by key: a plain <config>, or one the target drops; override and append are Karaf's to write
        boolean merged = side.mode() == ConfigurationSides.Mode.MERGE || side.theirs() == null;
        Set<String> names = new TreeSet<>(ours.keySet());
        names.addAll(theirs.keySet());
        if (merged) {
            names.addAll(base.keySet());
        }
        List<Key> keys = new ArrayList<>();
        Map<String, String> set = new TreeMap<>();
        Set<String> remove = new TreeSet<>();
        for (String name : names) {
            String o = ours.get(name);
            String t = theirs.get(name);
            String b = base.get(name);
            if (Objects.equals(o, t)) {
                continue;
            }
            if (side.mode() == ConfigurationSides.Mode.OVERRIDE && !merged) {
                keys.add(key(name, o, t, Source.RELEASE));
            } else if (side.mode() == ConfigurationSides.Mode.APPEND && !merged) {
                if (o == null) {
                    keys.add(key(name, null, t, Source.RELEASE));
                }
            } else if (Objects.equals(o, b)) {
                keys.add(key(name, o, t, Source.RELEASE));
                take(name, t, set, remove);
            } else if (t == null || Objects.equals(t, b) || side.base() == null) {
                // the operator's value, over a default the release kept or dropped, or over a default of a
                // configuration the running release did not declare (it was there before: Karaf leaves it)
                if (t != null) {
                    keys.add(key(name, o, o, Source.OPERATOR));
                }
            } else if (choice == ConfigurationChoice.THEIRS) {
                keys.add(key(name, o, t, Source.RELEASE));
                take(name, t, set, remove);
            } else {
                keys.add(key(name, o, o, Source.OPERATOR));
                conflicts.add(Problem.error(conflict(side.name(), name, b, t, o, target)));
            }
        }
        boolean changes = keys.stream().anyMatch(k -> k.source() == Source.RELEASE); // masked values may look kept
        if (!merged || !changes) {
            return new Merged(changes ? Action.UPDATE : Action.KEEP, keys, null);
        }
        if (side.theirs() == null && remove.containsAll(ours.keySet()) && set.isEmpty()) {
            return new Merged(Action.DELETE, keys, new ConfigurationWrite(side.name(), Map.of(), Set.of(), true));
        }
        return new Merged(Action.UPDATE, keys, new ConfigurationWrite(side.name(), set, remove, false));
    }

    private static void take(String name, String value, Map<String, String> set, Set<String> remove) {
        if (value == null) {
            remove.add(name);
        } else {
            set.put(name, value);
        }
    }

    private static Key key(String name, String from, String to, Source source) {
        return new Key(name, mask(name, from), mask(name, to), source);
    }

    private static String conflict(String configuration, String key, String base, String theirs, String ours,
            String target) {
        return "Configuration " + configuration + ", key " + key + ": the operator changed it to "
                + shown(key, ours) + ", and " + target + " changes its default from " + shown(key, base) + " to "
                + shown(key, theirs) + "; choose with --config=ours (keep the operator's value) or --config=theirs"
                + " (take the release's)";
    }

    private static String shown(String key, String value) {
        return value == null ? "(absent)" : "\"" + mask(key, value) + "\"";
    }
}
