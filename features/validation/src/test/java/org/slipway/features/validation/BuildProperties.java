package org.slipway.features.validation;

/** The system properties surefire's {@code systemPropertyVariables} give these tests. */
final class BuildProperties {

    private BuildProperties() {
    }

    static String required(String key) {
        String value = System.getProperty(key);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("System property " + key
                    + " is not set: run through Maven (surefire's systemPropertyVariables set it)");
        }
        return value;
    }
}
