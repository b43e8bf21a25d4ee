package org.attune.orchestrator.internal.guests;

import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.attune.api.orchestrator.GuestLifecycle;
import org.attune.api.orchestrator.GuestRequest;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A guest declared as {@code etc/org.attune.guest-NAME.cfg}: created (on a background thread: activation never
 * blocks) when the configuration appears and the guest does not exist yet; destroyed, keeping its data, when the
 * configuration is deleted. Stopping Karaf or the bundle leaves the guest alone.
 */
@Component(name = GuestDefinitionComponent.PID, configurationPid = GuestDefinitionComponent.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, service = {}, immediate = true)
@Designate(ocd = GuestDefinitionConfiguration.class, factory = true)
public class GuestDefinitionComponent {

    static final String PID = "org.attune.guest";

    private static final Logger LOG = LoggerFactory.getLogger(GuestDefinitionComponent.class);
    /** One thread for every declared guest: creates and destroys run one at a time, off the DS thread. */
    static final ExecutorService WORKER = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "attune-guest-definitions");
        t.setDaemon(true);
        return t;
    });

    private final GuestLifecycle lifecycle;
    private final GuestRequest request;

    @Activate
    public GuestDefinitionComponent(GuestDefinitionConfiguration c, @Reference GuestLifecycle lifecycle) {
        this.lifecycle = lifecycle;
        this.request = new GuestRequest(c.name(), c.host(), c.vcpus(), c.memory(), c.mac(), c.address(), c.tier(),
                Map.of());
        WORKER.execute(this::create);
    }

    private void create() {
        try {
            lifecycle.create(request);
        } catch (IllegalArgumentException e) {
            if (e.getMessage() != null && e.getMessage().contains("already exists")) {
                LOG.info("guest {} from configuration: {}", request.name(), e.getMessage());
            } else {
                LOG.error("guest {} from configuration refused: {}", request.name(), e.getMessage());
            }
        } catch (Exception e) {
            LOG.error("guest {} from configuration could not be created: {}", request.name(), e.getMessage());
        }
    }

    /** ComponentConstants.DEACTIVATION_REASON_CONFIGURATION_DELETED (osgi.core's component API is not on the path). */
    private static final int CONFIGURATION_DELETED = 4;

    @Deactivate
    void deactivate(int reason) {
        if (reason != CONFIGURATION_DELETED) {
            return;
        }
        WORKER.execute(() -> {
            try {
                lifecycle.destroy(request.name(), false);
            } catch (Exception e) {
                LOG.error("guest {}: removing it after its configuration was deleted failed: {}", request.name(),
                        e.getMessage());
            }
        });
    }
}
