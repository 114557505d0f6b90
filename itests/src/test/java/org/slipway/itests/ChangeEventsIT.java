package org.slipway.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.EnumSet;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.inject.Inject;

import org.apache.karaf.features.FeaturesService;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.slipway.api.ChangeListener;
import org.slipway.api.ChangeStep;
import org.slipway.api.ReleaseService;
import org.slipway.api.UpgradeRequest;

/**
 * Monitoring follows a change: its steps posted on the real EventAdmin under {@code org/slipway/change/<STEP>}
 * with the documented properties, and told to {@link ChangeListener} services, in order.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ChangeEventsIT extends SlipwayTestSupport {

    @Inject
    protected ReleaseService releases;

    private final List<Event> events = new CopyOnWriteArrayList<>();
    private final List<ChangeStep> steps = new CopyOnWriteArrayList<>();
    private ServiceRegistration<EventHandler> handler;
    private ServiceRegistration<ChangeListener> listener;

    @Before
    public void follow() throws Exception {
        features.installFeatures(java.util.Set.of("greeter/1.0.0"), EnumSet.of(FeaturesService.Option.Upgrade));
        waitForGreeter("1.0.0");
        handler = context.registerService(EventHandler.class, events::add,
                new Hashtable<>(Map.of(EventConstants.EVENT_TOPIC, ChangeStep.TOPIC_PREFIX + "*")));
        listener = context.registerService(ChangeListener.class, steps::add, null);
    }

    @After
    public void unfollow() {
        handler.unregister();
        listener.unregister();
    }

    @Test
    public void everyStepOfAnUpgradeIsPostedOnEventAdminAndToldToListeners() throws Exception {
        releases.upgrade(UpgradeRequest.of("greeter", "1.1.0"));

        List<String> expected = List.of("CHECKING", "RESOLVING", "CHECKING", "HOLDING", "SNAPSHOT", "APPLYING",
                "VERIFYING", "RESTORING", "COMMITTING", "COMMITTED");
        assertEquals(expected, steps.stream().map(ChangeStep::step).toList());
        waitFor("EventAdmin delivers every step", java.time.Duration.ofSeconds(10),
                () -> events.size() >= expected.size());
        assertEquals(expected.stream().map(s -> ChangeStep.TOPIC_PREFIX + s).toList(),
                events.stream().map(Event::getTopic).toList());
        Event last = events.get(events.size() - 1);
        assertEquals("UPGRADE", last.getProperty("action"));
        assertEquals("greeter", last.getProperty("feature"));
        assertEquals("1.0.0", last.getProperty("from"));
        assertEquals("1.1.0", last.getProperty("to"));
        assertEquals(Boolean.TRUE, last.getProperty("last"));
        assertTrue(last.getProperty("elapsed.ms") instanceof Long);
        String phases = (String) last.getProperty("phases");
        assertTrue(phases, phases.matches("CHECKING=\\d+,RESOLVING=\\d+,HOLDING=\\d+,SNAPSHOT=\\d+,APPLYING=\\d+,"
                + "VERIFYING=\\d+,RESTORING=\\d+,COMMITTING=\\d+"));
    }

    @Test
    public void aRefusalPostsCheckingThenRefused() throws Exception {
        try {
            releases.upgrade(UpgradeRequest.of("greeter", "2.0.0"));
        } catch (org.slipway.api.UpgradeRefusedException expected) {
            // as it must be
        }

        assertEquals(List.of("CHECKING", "RESOLVING", "CHECKING", "REFUSED"), steps.stream().map(ChangeStep::step).toList());
        waitFor("EventAdmin delivers every step", java.time.Duration.ofSeconds(10), () -> events.size() >= 4);
        assertEquals(ChangeStep.TOPIC_PREFIX + "REFUSED", events.get(3).getTopic());
    }
}
