package org.slipway.core.internal.karaf;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.Test;

/** Karaf 4.4.10's printed dry run, in the shapes of {@code Deployer.logDeployment} and its simulate branch. */
public class DryRunOutputTest {

    private static List<String> lines(String name) throws IOException, URISyntaxException {
        return Files.readAllLines(Path.of(DryRunOutputTest.class.getResource("/karaf/" + name).toURI()));
    }

    @Test
    public void updatesInPlaceAreReadWithTheirNewLocationAndASecondDeploymentIsNotOurs() throws Exception {
        DryRunOutput output = DryRunOutput.parse(lines("greeter-1.0.0-to-1.1.0.txt"));
        String g = "org.slipway.example.greeter";
        assertEquals(Map.of(g + ".api/1.0.0", "mvn:org.slipway.example/" + g + ".api/1.1.0",
                g + ".impl/1.0.0", "mvn:org.slipway.example/" + g + ".impl/1.1.0",
                g + ".web/1.0.0", "mvn:org.slipway.example/" + g + ".web/1.1.0"), output.update());
        assertEquals(List.of(), output.install());
        assertEquals(List.of(), output.uninstall());
        assertEquals("Bundle will be updated", output.refresh().get(g + ".api/1.0.0"));
    }

    @Test
    public void uninstallsInstallsAndRefreshReasonsWithParenthesesAreRead() throws Exception {
        DryRunOutput output = DryRunOutput.parse(lines("reinstall-and-removal.txt"));
        assertEquals(List.of("org.example.shop.api/1.0.0", "org.example.shop.util/1.0.0"), output.uninstall());
        assertEquals(List.of("mvn:org.example/org.example.shop.api/2.0.0",
                "wrap:mvn:org.example/legacy/1.0$Bundle-SymbolicName=legacy&Bundle-Version=1.0"), output.install());
        assertEquals("Wired to org.example.shop.util/1.0.0 (Bundle will be uninstalled)",
                output.refresh().get("org.example.shop.audit/1.0.0"));
        assertEquals("managed bundles are not changes", 2, output.refresh().size());
    }

    @Test
    public void noDeploymentChangeIsAnEmptyDeployment() {
        DryRunOutput output = DryRunOutput.parse(List.of("Adding features: x/[1,1]", "No deployment change."));
        assertEquals(List.of(), output.install());
        assertEquals(Map.of(), output.update());
    }

    @Test
    public void outputWithoutADeploymentBlockIsAnErrorNotAnEmptyPlan() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DryRunOutput.parse(List.of("Adding features: x/[1,1]")));
        assertEquals("The features service printed no deployment for its dry run (1 lines): expected "
                + "\"Changes to perform:\" or \"No deployment change.\"", e.getMessage());
    }
}
