package org.attune.probe.http.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.attune.api.Metrics;
import org.attune.api.Sample;
import org.attune.api.probe.Probe;
import org.attune.probe.http.HttpProbeSettings;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One HTTP probe per factory configuration ({@code etc/org.attune.probe.http-<tier>.cfg}). Activation only
 * validates and starts the probe's own reading thread; a bad configuration is logged naming every bad value and
 * registers no probe.
 */
@Component(name = HttpProbeComponent.PID, configurationPid = HttpProbeComponent.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, service = Probe.class,
        property = {Probe.NAME + "=" + HttpRequestRateProbe.NAME, Probe.METRIC + "=" + Metrics.REQUEST_RATE,
                Probe.METRIC + "=" + HttpRequestRateProbe.MEMBER_REQUEST_RATE})
@Designate(ocd = HttpProbeConfiguration.class, factory = true)
public final class HttpProbeComponent implements Probe {

    /** Factory PID of the probe configurations. */
    public static final String PID = "org.attune.probe.http";

    private static final Logger LOG = LoggerFactory.getLogger(HttpProbeComponent.class);

    private final HttpRequestRateProbe probe;

    @Activate
    public HttpProbeComponent(HttpProbeConfiguration config) {
        HttpProbeSettings settings;
        try {
            settings = settings(config);
        } catch (IllegalArgumentException e) {
            LOG.error("{}; no HTTP probe for this configuration", e.getMessage());
            throw e;
        }
        this.probe = new HttpRequestRateProbe(settings).start();
        LOG.info("HTTP probe for tier {} active: {} every {} ms", settings.tier(), probe.autoUrl(),
                settings.period().toMillis());
    }

    /** @throws IllegalArgumentException naming every bad value */
    static HttpProbeSettings settings(HttpProbeConfiguration c) {
        String raw = c.statusUrl() == null ? "" : c.statusUrl().trim();
        URI uri;
        try {
            uri = new URI(raw);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("invalid configuration org.attune.probe.http: statusUrl '" + raw
                    + "' is not a URI: " + e.getReason());
        }
        return new HttpProbeSettings(c.tier() == null ? null : c.tier().trim(), uri,
                Duration.ofMillis(c.periodMillis()), Duration.ofMillis(c.timeoutMillis()),
                Duration.ofMillis(c.windowMillis()));
    }

    @Override
    public String name() {
        return probe.name();
    }

    @Override
    public List<Sample> sample(Instant now) {
        return probe.sample(now);
    }

    @Deactivate
    void deactivate() {
        probe.close();
    }
}
