package org.slipway.example.greeter.api;

import static java.util.Objects.requireNonNull;

/**
 * One greeting, as answered by a {@link Greeter}.
 *
 * @param text    the greeting itself, for example {@code "Hello, Ada!"}
 * @param name    the name that was greeted
 * @param count   how many times this name has been greeted, this greeting included (at least 1)
 * @param release the version of the release whose implementation answered
 */
public record Greeting(String text, String name, long count, String release) {

    public Greeting {
        requireNonNull(text, "text");
        requireNonNull(name, "name");
        requireNonNull(release, "release");
        if (count < 1) {
            throw new IllegalArgumentException("count must be at least 1, was " + count);
        }
    }
}
