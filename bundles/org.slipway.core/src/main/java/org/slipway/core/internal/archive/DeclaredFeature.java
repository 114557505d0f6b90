package org.slipway.core.internal.archive;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * One {@code <feature>} of a features XML as written, before the inspector's checks.
 *
 * @param name     its {@code name} attribute
 * @param version  its {@code version} attribute, trimmed, {@code 0.0.0} when absent or empty
 * @param element  the {@code <feature>} element itself (its attributes; no text)
 * @param elements its children in document order, those of its {@code <conditional>}s in their place; no
 *                 {@code <conditional>} or {@code <condition>} itself
 */
public record DeclaredFeature(String name, String version, DeclaredElement element, List<DeclaredElement> elements) {

    public DeclaredFeature {
        requireNonNull(name, "name");
        requireNonNull(version, "version");
        requireNonNull(element, "element");
        elements = List.copyOf(elements);
    }

    /** @return name and version for messages, bounded and with control characters escaped */
    public String label() {
        return EntryNames.bounded(name, DeclaredElement.SHOWN) + " " + EntryNames.bounded(version, DeclaredElement.SHOWN);
    }

    @Override
    public String toString() {
        return name + " " + version;
    }
}
