package org.slipway.core.internal.karaf;

import static org.junit.Assert.assertEquals;

import java.util.Map;

import org.junit.Test;
import org.slipway.api.ConfigurationChange.Action;

/** What a feature's {@code <config>} does to a configuration, as Karaf 4.4.10's FeatureConfigInstaller does it. */
public class ConfigurationPlanTest {

    private static final Map<String, String> CAMEL_ACL = Map.of("*", "*");

    @Test
    public void aConfigurationThatIsNotThereIsCreated() {
        assertEquals(Action.CREATE, ConfigurationPlan.action(null, false, false, CAMEL_ACL));
        assertEquals(Action.CREATE, ConfigurationPlan.action(null, true, false, CAMEL_ACL));
    }

    @Test
    public void anExistingConfigurationIsLeftAloneWithoutOverrideOrAppendWhateverItHolds() {
        assertEquals(Action.KEEP, ConfigurationPlan.action(Map.of("*", "*"), false, false, CAMEL_ACL));
        assertEquals(Action.KEEP, ConfigurationPlan.action(Map.of("list*", "viewer"), false, false, CAMEL_ACL));
    }

    @Test
    public void anOverrideWithTheSameValuesIsNoChangeAndWithOthersAnUpdate() {
        assertEquals(Action.KEEP, ConfigurationPlan.action(Map.of("*", "*"), true, false, CAMEL_ACL));
        assertEquals(Action.UPDATE, ConfigurationPlan.action(Map.of("*", "viewer"), true, false, CAMEL_ACL));
        assertEquals("a key the override drops", Action.UPDATE,
                ConfigurationPlan.action(Map.of("*", "*", "list*", "viewer"), true, false, CAMEL_ACL));
    }

    @Test
    public void anAppendWithNoKeyMissingIsNoChange() {
        assertEquals(Action.KEEP, ConfigurationPlan.action(Map.of("*", "viewer"), false, true, CAMEL_ACL));
        assertEquals(Action.UPDATE, ConfigurationPlan.action(Map.of("list*", "viewer"), false, true, CAMEL_ACL));
    }
}
