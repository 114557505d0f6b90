package org.slipway.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.AfterClass;
import org.junit.Assume;
import org.junit.BeforeClass;
import org.junit.Test;
import org.slipway.itests.SlipwayProcess.Run;

/**
 * An instance whose {@code data/} is a small file system of its own (a 128 MB tmpfs the test mounts, as root) that
 * a ballast file fills: before a change (refused: the minimum free space), completely (refused: the journal cannot
 * be written), and during the change (a rollback with the reserve, or a refusal, depending on where the disk ran
 * out), and with data/slipway bind-mounted read-only (refused). Each time the running release keeps serving, and once the space is freed the instance starts again and
 * takes the next change.
 */
public class DiskFullIT {

    private static SlipwayProcess slipway;
    private static Path data;
    private static boolean mounted;

    @BeforeClass
    public static void smallDataDisk() throws Exception {
        Assume.assumeTrue("mounting a tmpfs needs root", "root".equals(System.getProperty("user.name")));
        slipway = SlipwayProcess.unpack(Path.of(System.getProperty("slipway.distribution")),
                Path.of("target", "disk-full"));
        data = Files.createDirectories(slipway.home().resolve("data"));
        slipway.command("mount", "-t", "tmpfs", "-o", "size=128m", "tmpfs", data.toString()).expect(0);
        mounted = true;
        slipway.slipway("start").expect(0);
        slipway.slipway("client", "feature:install greeter/1.0.0").expect(0);
        SlipwayProcess.waitForGreeter("1.0.0");
    }

    @AfterClass
    public static void unmount() throws Exception {
        if (slipway != null) {
            slipway.destroy();
        }
        if (mounted) {
            slipway.command("umount", data.toString()).expect(0);
        }
    }

    @Test
    public void aDiskBelowTheMinimumFreeRefusesTheChangeAndLosesNothing() throws Exception {
        assertEquals("the reserve is kept", 8L << 20, Files.size(data.resolve("slipway/reserve")));
        Path ballast = fillLeaving(10L << 20);
        try {
            Run upgrade = slipway.slipway("upgrade", "greeter", "1.1.0");
            assertEquals(upgrade.toString(), 4, upgrade.exit());
            assertTrue(upgrade.toString(), (upgrade.out() + upgrade.err()).matches("(?s).*data/slipway has [0-9.]+ MB "
                    + "free on .*; a change needs at least 32.0 MB .*free some space and try again.*"));
            SlipwayProcess.waitForGreeter("1.0.0");
        } finally {
            Files.delete(ballast);
        }
        afterSpaceIsFreed("1.0.0");
    }

    @Test
    public void aDiskThatFillsDuringTheChangeEndsInARollbackOrARefusalAndTheInstanceStartsAfterwards()
            throws Exception {
        Path ballast = data.resolve("ballast");
        AtomicBoolean filled = new AtomicBoolean();
        Thread filler = new Thread(() -> {
            try {
                for (int i = 0; i < 4000 && !Files.exists(data.resolve("slipway/current")); i++) {
                    Thread.sleep(1);
                }
                fill(ballast, Files.getFileStore(data).getUsableSpace());
                filled.set(true);
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        filler.start();
        Run upgrade;
        try {
            upgrade = slipway.slipway("upgrade", "greeter", "1.1.0");
            filler.join();
        } finally {
            Files.deleteIfExists(ballast);
        }
        String told = upgrade.out() + upgrade.err();
        System.out.println("Disk filled during the change: exit " + upgrade.exit() + "\n" + told);
        assertTrue("the disk was filled during the change: " + upgrade, filled.get());
        // Where the disk ran out decides: Karaf writing the new bundles (rolled back, the reserve released), the
        // journal (refused or rolled back). A change that finished its writes first commits.
        if (upgrade.exit() == 0) {
            SlipwayProcess.waitForGreeter("1.1.0");
            slipway.slipway("rollback", "greeter").expect(0);
        } else {
            assertTrue(upgrade.toString(), upgrade.exit() == 4 || upgrade.exit() == 5 || upgrade.exit() == 6);
            assertTrue("the disk is named: " + upgrade, told.contains("No space left on device"));
        }
        afterSpaceIsFreed("1.0.0");
    }

    @Test
    public void aFullDiskRefusesAtTheJournalBeforeAnythingChanges() throws Exception {
        // A minimum of 0 lets the change reach its journal, which cannot be written.
        Path config = slipway.home().resolve("etc/config.properties");
        String original = Files.readString(config);
        slipway.slipway("stop").expect(0);
        Files.writeString(config, original + "\nslipway.minFreeMegabytes = 0\n");
        Path ballast = data.resolve("ballast");
        try {
            slipway.slipway("start").expect(0);
            SlipwayProcess.waitForGreeter("1.0.0");
            fill(ballast, Files.getFileStore(data).getUsableSpace());
            Run upgrade = slipway.slipway("upgrade", "greeter", "1.1.0");
            assertEquals(upgrade.toString(), 4, upgrade.exit());
            assertTrue(upgrade.toString(), (upgrade.out() + upgrade.err()).contains("Cannot write the Slipway journal at "));
            assertTrue(upgrade.toString(), (upgrade.out() + upgrade.err()).contains("No space left on device"));
            SlipwayProcess.waitForGreeter("1.0.0");
        } finally {
            Files.deleteIfExists(ballast);
            Files.writeString(config, original);
        }
        slipway.slipway("stop").expect(0);
        afterSpaceIsFreed("1.0.0");
    }

    @Test
    public void aReadOnlyDataDiskRefusesTheChangeNamingIt() throws Exception {
        // The running JVM keeps files open for writing, so the kernel will not turn the whole file system
        // read-only; a read-only bind mount of data/slipway over itself is what Slipway then sees.
        Path slipwayData = data.resolve("slipway");
        slipway.command("mount", "--bind", slipwayData.toString(), slipwayData.toString()).expect(0);
        Run upgrade;
        try {
            slipway.command("mount", "-o", "remount,bind,ro", slipwayData.toString()).expect(0);
            upgrade = slipway.slipway("upgrade", "greeter", "1.1.0");
            SlipwayProcess.waitForGreeter("1.0.0");
        } finally {
            slipway.command("umount", slipwayData.toString()).expect(0);
        }
        assertEquals(upgrade.toString(), 4, upgrade.exit());
        // Named up front when the JDK sees the mount as read-only, else by the journal's first write.
        assertTrue(upgrade.toString(), (upgrade.out() + upgrade.err()).toLowerCase().contains("read-only file system"));
        assertTrue(upgrade.toString(), (upgrade.out() + upgrade.err()).contains("nothing was changed"));
        afterSpaceIsFreed("1.0.0");
    }

    /** Restarts the instance (with the space freed): the release serves and the next change commits, then goes back. */
    private static void afterSpaceIsFreed(String release) throws Exception {
        slipway.slipway("stop").expect(0);
        slipway.slipway("start").expect(0);
        SlipwayProcess.waitForGreeter(release);
        slipway.slipway("upgrade", "greeter", "1.1.0").expect(0);
        SlipwayProcess.waitForGreeter("1.1.0");
        slipway.slipway("rollback", "greeter").expect(0);
        SlipwayProcess.waitForGreeter(release);
    }

    private static Path fillLeaving(long free) throws IOException {
        Path ballast = data.resolve("ballast");
        fill(ballast, Files.getFileStore(data).getUsableSpace() - free);
        return ballast;
    }

    /** Writes real blocks (tmpfs has no fallocate guarantee), up to {@code bytes} or until the disk is full. */
    private static void fill(Path file, long bytes) throws IOException {
        byte[] block = new byte[1 << 20];
        try (RandomAccessFile out = new RandomAccessFile(file.toFile(), "rw")) {
            out.seek(out.length());
            for (long written = 0; written < bytes; written += block.length) {
                out.write(block, 0, (int) Math.min(block.length, bytes - written));
            }
        } catch (IOException full) {
            if (!String.valueOf(full.getMessage()).contains("No space left on device")) {
                throw full;
            }
        }
    }
}
