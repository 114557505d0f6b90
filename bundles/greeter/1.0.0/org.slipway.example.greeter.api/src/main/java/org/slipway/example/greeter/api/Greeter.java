package org.slipway.example.greeter.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Greets people and remembers how many times each name was greeted.
 * <p>
 * Implementations are thread-safe. The counts live as long as the implementation does.
 */
@ProviderType
public interface Greeter {

    /**
     * Greets {@code name} and counts the greeting.
     *
     * @param name who to greet; not {@code null}, not blank
     * @return the greeting, with the updated count
     * @throws IllegalArgumentException if {@code name} is blank
     */
    Greeting greet(String name);
}
