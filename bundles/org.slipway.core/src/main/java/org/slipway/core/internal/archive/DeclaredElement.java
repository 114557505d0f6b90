package org.slipway.core.internal.archive;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One element of a features XML as written, before the inspector's checks: a {@code <repository>} or
 * {@code <resource-repository>} of the {@code <features>}, or a child of a {@code <feature>} (those of its
 * {@code <conditional>}s included, with the conditions they depend on).
 *
 * @param name       the element's local name: {@code bundle}, {@code config}, {@code configfile}, {@code feature},
 *                   {@code library}, {@code repository}...
 * @param attributes its attributes as written (no XSD defaults), in the parser's order
 * @param text       its text content, untrimmed
 * @param conditions the {@code <condition>}s of the {@code <conditional>} it is in, empty outside one
 */
public record DeclaredElement(String name, Map<String, String> attributes, String text, List<String> conditions) {

    /** Longest attribute value or text shown in {@link #asWritten()}. */
    static final int SHOWN = 160;

    public DeclaredElement {
        requireNonNull(name, "name");
        attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
        requireNonNull(text, "text");
        conditions = List.copyOf(conditions);
    }

    /** @return the attribute's value as written, empty when absent */
    public String attribute(String attribute) {
        return attributes.getOrDefault(attribute, "");
    }

    /** @return whether the attribute is {@code true} (as {@code xs:boolean} reads it) */
    public boolean flag(String attribute) {
        String value = attribute(attribute).strip();
        return value.equals("true") || value.equals("1");
    }

    /** @return the opening tag, values bounded and control characters escaped: {@code <config name="x">} */
    public String openingTag() {
        StringBuilder tag = new StringBuilder("<").append(name);
        attributes.forEach((attribute, value) -> tag.append(' ').append(attribute).append("=\"")
                .append(EntryNames.bounded(value, SHOWN).replace("\"", "&quot;")).append('"'));
        return tag.append('>').toString();
    }

    /** @return the element with its trimmed text, bounded: {@code <feature prerequisite="true">kar</feature>} */
    public String asWritten() {
        return openingTag() + EntryNames.bounded(text.strip(), SHOWN) + "</" + name + ">";
    }
}
