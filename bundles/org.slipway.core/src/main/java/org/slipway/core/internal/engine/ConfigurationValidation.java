package org.slipway.core.internal.engine;

import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.slipway.api.Problem;

/**
 * The semantic-version check of configuration: every configuration a change leaves behind that the metatype of a
 * bundle it installs or updates designates must be one the new code can read, as the code receives it (the stored
 * values after the change, the environment's overlay over them, the process environment over both). Each attribute the configuration
 * holds must have the definition's type (a string must convert to it, as Declarative Services converts), at most
 * its cardinality of values, and one of its options when it lists some; a required attribute with no default must
 * be there. Keys the metatype does not define are left alone (Metatype does not forbid them), and so is a value that
 * Config Admin's interpolation plugin expands when it delivers the configuration ({@code $[env:...]},
 * {@code $[secret:...]}). Values of secret-looking keys and of {@code Password} attributes are masked.
 */
public final class ConfigurationValidation {

    private ConfigurationValidation() {
    }

    /**
     * @param designations the target bundles' metatype with the configurations designated now
     * @param sides        the release configurations the change merges
     * @param writes       what the change writes just before the features service's deployment
     * @return a refusing problem for each attribute the new code cannot read, naming configuration, key, value
     *         and what the metatype expects; empty when every configuration fits
     */
    public static List<Problem> check(List<Designation> designations, List<ConfigurationSides> sides,
            List<ConfigurationWrite> writes) {
        Map<String, ConfigurationWrite> written = new LinkedHashMap<>();
        writes.forEach(w -> written.put(w.name(), w));
        List<Problem> problems = new ArrayList<>();
        for (Designation designation : designations) {
            Set<String> names = new LinkedHashSet<>(designation.now().keySet());
            sides.stream().map(ConfigurationSides::name).filter(designation.schema()::designates).forEach(names::add);
            for (String name : names) {
                ConfigurationSides side = sides.stream().filter(s -> s.name().equals(name)).findFirst().orElse(null);
                Map<String, Object> after = after(designation.now().get(name), side, written.get(name));
                if (after != null) {
                    check(designation.schema(), name, delivered(designation, name, after), problems);
                }
            }
        }
        return problems;
    }

    /**
     * @return each release configuration the change merges, by name, to its values after the change (the merge's
     *         writes, or what the features service creates, replaces or appends); absent when there is none
     */
    public static Map<String, Map<String, Object>> after(List<ConfigurationSides> sides,
            List<ConfigurationWrite> writes) {
        Map<String, Map<String, Object>> after = new LinkedHashMap<>();
        for (ConfigurationSides side : sides) {
            Map<String, Object> values = after(null, side, writes.stream().filter(w -> w.name().equals(side.name()))
                    .findFirst().orElse(null));
            if (values != null) {
                after.put(side.name(), values);
            }
        }
        return after;
    }

    /** The configuration's values after the change, or {@code null} when there is none. */
    private static Map<String, Object> after(Map<String, Object> now, ConfigurationSides side, ConfigurationWrite write) {
        Map<String, Object> current = now != null ? now
                : side == null || side.ours() == null ? null : new LinkedHashMap<>(side.ours());
        if (write != null) {
            if (write.delete()) {
                return null;
            }
            Map<String, Object> after = new LinkedHashMap<>(current == null ? Map.of() : current);
            after.putAll(write.set());
            write.remove().forEach(after::remove);
            return after;
        }
        if (side == null || side.theirs() == null) {
            return current;
        }
        if (current == null || side.mode() == ConfigurationSides.Mode.OVERRIDE) {
            return new LinkedHashMap<>(side.theirs()); // created by the features service, or replaced
        }
        Map<String, Object> after = new LinkedHashMap<>(current);
        if (side.mode() == ConfigurationSides.Mode.APPEND) {
            side.theirs().forEach(after::putIfAbsent);
        }
        return after;
    }

    /** What a configuration's code receives: the overlay over the stored values, the process over both. */
    private static Map<String, Delivered> delivered(Designation designation, String name, Map<String, Object> after) {
        Map<String, Delivered> delivered = new LinkedHashMap<>();
        after.forEach((key, value) -> delivered.put(key, new Delivered(value, "")));
        designation.overlay().getOrDefault(name, Map.of())
                .forEach((key, value) -> delivered.put(key, new Delivered(value, " (from the environment's overlay)")));
        designation.process().getOrDefault(name, Map.of()).forEach((key, value) -> {
            if (delivered.containsKey(key)) {
                delivered.put(key, new Delivered(value, " (from the process environment)"));
            }
        });
        return delivered;
    }

    /** A delivered value, and where it comes from when not from the stored configuration (a phrase, or empty). */
    private record Delivered(Object value, String from) {
    }

    private static void check(ConfigurationSchema schema, String name, Map<String, Delivered> values,
            List<Problem> problems) {
        for (ConfigurationSchema.Attribute attribute : schema.attributes()) {
            Delivered delivered = values.get(attribute.id());
            Object value = delivered == null ? null : delivered.value();
            String expects = "which the metatype of " + schema.bundle() + " defines as " + expected(attribute);
            if (value == null) {
                if (attribute.required() && !attribute.hasDefault()) {
                    problems.add(Problem.error("Configuration " + name + " has no key " + attribute.id() + ", "
                            + expects + ", required and without a default; set it before the change"));
                }
                continue;
            }
            wrong(attribute, value).ifPresent(why -> problems.add(Problem.error("Configuration " + name + ", key "
                    + attribute.id() + ": the value " + shown(attribute, value) + delivered.from() + " " + why + ", "
                    + expects
                    + "; the new code cannot read it: change the value before the change")));
        }
    }

    /** @return why {@code value} does not fit {@code attribute}, if it does not */
    static Optional<String> wrong(ConfigurationSchema.Attribute attribute, Object value) {
        List<Object> elements = elements(value);
        int most = attribute.cardinality() == 0 ? 1 : Math.abs(attribute.cardinality());
        if (elements.size() > most) {
            return Optional.of("holds " + elements.size() + " values");
        }
        for (Object element : elements) {
            if (element instanceof String text && text.contains("$[")) {
                continue; // expanded by Config Admin's interpolation plugin when delivered: checked as a reference
            }
            Optional<Object> converted = convert(attribute.type(), element);
            if (converted.isEmpty()) {
                return Optional.of("is not " + article(attribute.type()));
            }
            if (!attribute.options().isEmpty() && attribute.options().stream()
                    .noneMatch(option -> convert(attribute.type(), option).equals(converted))) {
                return Optional.of("is not one of the options " + (attribute.secret() ? "(masked)"
                        : attribute.options()));
            }
        }
        return Optional.empty();
    }

    /** The value as Declarative Services would convert it to the Metatype type, if it can. */
    private static Optional<Object> convert(String type, Object value) {
        String text = String.valueOf(value).trim();
        try {
            return Optional.of(switch (type) {
                case "Integer" -> integral(value, text, Integer.MIN_VALUE, Integer.MAX_VALUE);
                case "Long" -> integral(value, text, Long.MIN_VALUE, Long.MAX_VALUE);
                case "Short" -> integral(value, text, Short.MIN_VALUE, Short.MAX_VALUE);
                case "Byte" -> integral(value, text, Byte.MIN_VALUE, Byte.MAX_VALUE);
                case "BigInteger" -> new BigInteger(text);
                case "Double", "Float", "BigDecimal" -> value instanceof Number number
                        ? new BigDecimal(number.toString()).stripTrailingZeros()
                        : new BigDecimal(text).stripTrailingZeros();
                case "Boolean" -> bool(value, text);
                case "Character", "Char" -> character(value, text);
                default -> String.valueOf(value); // String, Password, and types Metatype does not define
            });
        } catch (NumberFormatException | ArithmeticException e) {
            return Optional.empty();
        }
    }

    private static Long integral(Object value, String text, long min, long max) {
        if (value instanceof Boolean || value instanceof Character) {
            throw new NumberFormatException(text);
        }
        BigDecimal exact = new BigDecimal(text);
        long parsed = exact.longValueExact(); // a fraction or out of long's range throws ArithmeticException
        if (parsed < min || parsed > max) {
            throw new NumberFormatException(text);
        }
        return parsed;
    }

    private static Boolean bool(Object value, String text) {
        if (value instanceof Boolean b) {
            return b;
        }
        if (value instanceof String && (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false"))) {
            return Boolean.valueOf(text);
        }
        throw new NumberFormatException(text);
    }

    private static Character character(Object value, String text) {
        if (value instanceof Character c) {
            return c;
        }
        if (value instanceof String s && s.length() == 1) {
            return s.charAt(0);
        }
        throw new NumberFormatException(text);
    }

    /** @return an array's or collection's elements, or the value alone */
    static List<Object> elements(Object value) {
        List<Object> elements = new ArrayList<>();
        if (value.getClass().isArray()) {
            for (int i = 0; i < Array.getLength(value); i++) {
                elements.add(Array.get(value, i));
            }
        } else if (value instanceof Collection<?> collection) {
            elements.addAll(collection);
        } else {
            elements.add(value);
        }
        return elements;
    }

    private static String expected(ConfigurationSchema.Attribute attribute) {
        int cardinality = Math.abs(attribute.cardinality());
        String count = cardinality == 0 ? "one value" : cardinality == Integer.MAX_VALUE ? "any number of values"
                : "at most " + cardinality + " values";
        return attribute.type() + " (" + count + (attribute.options().isEmpty() || attribute.secret() ? ""
                : ", one of " + attribute.options()) + ")";
    }

    private static String shown(ConfigurationSchema.Attribute attribute, Object value) {
        String text = value.getClass().isArray() || value instanceof Collection<?> ? elements(value).toString()
                : String.valueOf(value);
        String masked = attribute.secret() ? ConfigurationMerge.MASK : ConfigurationMerge.mask(attribute.id(), text);
        return "\"" + (masked.length() > 80 ? masked.substring(0, 80) + "..." : masked) + "\"";
    }

    private static String article(String type) {
        return ("AEIOU".indexOf(type.charAt(0)) >= 0 ? "an " : "a ") + type;
    }
}
