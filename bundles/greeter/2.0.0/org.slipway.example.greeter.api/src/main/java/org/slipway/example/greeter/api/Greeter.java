package org.slipway.example.greeter.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Greets people and remembers how many times each name was greeted.
 * <p>
 * Implementations are thread-safe. The counts live as long as the implementation does.
 * <p>
 * 2.0: {@code greet(String)} is gone; the caller now chooses the salutation. Callers of 1.x break.
 */
@ProviderType
public interface Greeter {

    /**
     * Greets {@code name} with {@code salutation} and counts the greeting.
     *
     * @param salutation how to greet, for example {@code "Hello"}; not {@code null}, not blank
     * @param name       who to greet; not {@code null}, not blank
     * @return the greeting, with the updated count
     * @throws IllegalArgumentException if {@code salutation} or {@code name} is blank
     */
    Greeting greet(String salutation, String name);

    /**
     * @return how many greetings were given in all, to any name; 0 when none
     */
    long total();
}
