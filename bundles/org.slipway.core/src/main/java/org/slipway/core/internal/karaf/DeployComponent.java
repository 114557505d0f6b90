package org.slipway.core.internal.karaf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Hashtable;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.karaf.features.FeaturesService;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slipway.api.DeployService;
import org.slipway.core.internal.archive.ArchiveInspector;
import org.slipway.core.internal.archive.ArchiveLimits;
import org.slipway.core.internal.archive.Sealing;
import org.slipway.core.internal.archive.SignaturePolicy;
import org.slipway.core.internal.deploy.DeployFolder;
import org.slipway.core.internal.deploy.Deployer;
import org.slipway.core.internal.engine.ChangeEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Offers the {@link DeployService} (release archives through the release engine) and watches the deploy
 * folder. Configured by {@value #PID}; a new configuration restarts it.
 */
@Component(configurationPid = DeployComponent.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL,
        immediate = true, service = {})
@Designate(ocd = DeployConfig.class)
public final class DeployComponent {

    static final String PID = "org.slipway.deploy";

    private static final Logger LOG = LoggerFactory.getLogger(DeployComponent.class);

    private final ServiceRegistration<DeployService> registration;
    private final ScheduledExecutorService scanner;
    /** The last scan's problem, touched by the scanning thread only. */
    private String lastProblem;

    @Activate
    public DeployComponent(BundleContext context, DeployConfig config, @Reference FeaturesService features,
            @Reference(target = "(slipway.engine=true)") ChangeEngine engine) throws IOException {
        Path etc = Path.of(property(context, "karaf.etc", "etc"));
        Path system = Path.of(property(context, "karaf.home", "."), property(context, "karaf.default.repository",
                "system"));
        SignaturePolicy signatures = new SignaturePolicy(config.requireSignatures(),
                trusted(etc.resolve(config.trustedCertificates())));
        ArchiveInspector inspector = new ArchiveInspector(new ArchiveLimits(config.maxArchiveSize(),
                config.maxEntries(), config.maxExpandedSize()), signatures, Sealing.of(config.requireSealed()),
                KarafRepositories::schema,
                new RepositoryKinds(features).distribution(Set.of(config.offeredFeatures().trim().split("\\s*,\\s*"))));
        Deployer deployer = new Deployer(engine, inspector, new KarafRepositories(features, system),
                Path.of(property(context, "karaf.data", "data"), "slipway", "incoming"), config.maxArchiveSize());
        // The engine recovered before it offered the ChangeEngine this component waits for; now the deploy
        // around such a change, if one was interrupted.
        deployer.recoverInterrupted().ifPresent(done -> LOG.warn("{}", done));
        registration = context.registerService(DeployService.class, deployer, new Hashtable<>());
        scanner = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "slipway-deploy-folder"));
        if (!config.deployFolder().isBlank()) {
            Path base = Path.of(property(context, "karaf.base", "."));
            DeployFolder folder = new DeployFolder(base.resolve(config.deployFolder()), base,
                    new FolderHandler(deployer, Duration.ofSeconds(config.verifyTimeout())));
            scanner.scheduleWithFixedDelay(() -> scan(folder), config.pollMillis(), config.pollMillis(),
                    TimeUnit.MILLISECONDS);
            LOG.info("Watching {} for release archives every {} ms", folder.folder(), config.pollMillis());
        }
    }

    @Deactivate
    public void deactivate() throws InterruptedException {
        scanner.shutdownNow();
        scanner.awaitTermination(30, TimeUnit.SECONDS);
        registration.unregister();
    }

    /** Logs a scan's problem once, not at every poll while it lasts, and says when it is gone. */
    private void scan(DeployFolder folder) {
        String problem = null;
        try {
            folder.scan();
        } catch (IOException | RuntimeException e) {
            problem = String.valueOf(e.getMessage());
            if (!problem.equals(lastProblem)) {
                LOG.error("Cannot scan the deploy folder {}: {}", folder.folder(), problem, e);
            }
        }
        if (problem == null && lastProblem != null) {
            LOG.info("The deploy folder {} is scanned again", folder.folder());
        }
        lastProblem = problem;
    }

    private static Set<X509Certificate> trusted(Path folder) {
        if (!Files.isDirectory(folder)) {
            return Set.of();
        }
        try {
            return SignaturePolicy.loadCertificates(folder);
        } catch (IOException | CertificateException e) {
            throw new IllegalArgumentException("Cannot read the trusted certificates in " + folder + ": "
                    + e.getMessage(), e);
        }
    }

    private static String property(BundleContext context, String name, String fallback) {
        String value = context.getProperty(name);
        return value == null ? fallback : value;
    }
}
