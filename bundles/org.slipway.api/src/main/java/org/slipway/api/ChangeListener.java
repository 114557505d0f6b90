package org.slipway.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Follows changes as they run: register as an OSGi service (whiteboard) and every {@link ChangeStep} of every
 * change is told, on the thread that runs the change. Keep it quick and never throw; what it throws is logged
 * and ignored. Monitoring that follows EventAdmin gets the same steps there.
 *
 * @since 1.3
 */
@ConsumerType
public interface ChangeListener {

    void changed(ChangeStep step);
}
