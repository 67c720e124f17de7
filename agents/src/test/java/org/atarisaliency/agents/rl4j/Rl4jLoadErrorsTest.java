package org.atarisaliency.agents.rl4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.atarisaliency.agents.Agents;
import org.atarisaliency.agents.Policy;
import org.atarisaliency.agents.checkpoint.CheckpointException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** (d) Damaged DL4J model zips give one-line CheckpointExceptions naming the file, never a stack trace. */
class Rl4jLoadErrorsTest {

    @TempDir
    static Path tmp;

    static Path good;
    static byte[] goodBytes;

    @BeforeAll
    static void save() throws IOException {
        good = Rl4jNets.save(Rl4jNets.dqn(4, 84, 6, 11), tmp.resolve("good.zip"));
        goodBytes = Files.readAllBytes(good);
    }

    static String message(Path f) {
        CheckpointException e = assertThrows(CheckpointException.class, () -> Agents.loadPolicy(f, 6));
        String m = e.getMessage();
        Rl4jPolicyTest.assertOneLine(m, f);
        assertTrue(m.startsWith(f.toString() + ": "), m);
        return m;
    }

    static Path write(String name, byte[] bytes) throws IOException {
        Path f = tmp.resolve(name);
        Files.write(f, bytes);
        return f;
    }

    @Test
    void goodZipLoads() throws Exception {
        assertTrue(Dl4jModelZip.sniff(good));
        try (Policy p = Agents.loadPolicy(good, 6)) {
            assertInstanceOf(Rl4jPolicy.class, p);
        }
    }

    @Test
    void truncatedZips() throws Exception {
        for (int len : new int[] {goodBytes.length / 2, goodBytes.length - 30, 200}) {
            Path f = write("truncated-" + len + ".zip", Arrays.copyOf(goodBytes, len));
            assertTrue(Dl4jModelZip.sniff(f), "a damaged DL4J zip is still recognised by its first entry");
            String m = message(f);
            assertTrue(m.contains("damaged zip archive") || m.contains("truncated"), m);
        }
    }

    @Test
    void corruptedBytesInsideTheZip() throws Exception {
        byte[] b = goodBytes.clone();
        for (int i = b.length / 3; i < b.length / 3 + 64; i++) {
            b[i] ^= 0x5a;
        }
        message(write("flipped.zip", b));
    }

    @Test
    void coefficientsWithHugeLengthAreRefusedBeforeAllocating() throws Exception {
        ByteArrayOutputStream bo = new ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(bo);
        d.writeUTF("MIXED_DATA_TYPES");
        d.writeLong(2);
        d.writeUTF("LONG");
        d.writeLong(2);
        d.writeLong(1L << 40);
        d.writeUTF("MIXED_DATA_TYPES");
        d.writeLong(1L << 40);
        d.writeUTF("FLOAT");
        d.writeFloat(1f);
        d.flush();
        Map<String, byte[]> m = Rl4jNets.entries(good);
        m.put(Dl4jModelZip.COEFFICIENTS, bo.toByteArray());
        String msg = message(Rl4jNets.writeZip(tmp.resolve("huge.zip"), m));
        assertTrue(msg.contains("holds 1099511627776 parameters but the network in configuration.json has"), msg);
    }

    @Test
    void truncatedCoefficients() throws Exception {
        Map<String, byte[]> m = Rl4jNets.entries(good);
        byte[] c = m.get(Dl4jModelZip.COEFFICIENTS);
        m.put(Dl4jModelZip.COEFFICIENTS, Arrays.copyOf(c, c.length - 1000));
        String msg = message(Rl4jNets.writeZip(tmp.resolve("short-coef.zip"), m));
        assertTrue(msg.contains("coefficients.bin is truncated"), msg);
        m.put(Dl4jModelZip.COEFFICIENTS, "garbage".getBytes(StandardCharsets.US_ASCII));
        msg = message(Rl4jNets.writeZip(tmp.resolve("garbage-coef.zip"), m));
        assertTrue(msg.contains("coefficients.bin"), msg);
    }

    @Test
    void coefficientsOfAnotherNetwork() throws Exception {
        Path other = Rl4jNets.save(Rl4jNets.dqn(4, 84, 4, 12), tmp.resolve("other.zip"));
        Map<String, byte[]> m = Rl4jNets.entries(good);
        m.put(Dl4jModelZip.COEFFICIENTS, Rl4jNets.entries(other).get(Dl4jModelZip.COEFFICIENTS));
        String msg = message(Rl4jNets.writeZip(tmp.resolve("mixed.zip"), m));
        assertTrue(msg.contains("parameters but the network in configuration.json has"), msg);
    }

    @Test
    void badConfigurations() throws Exception {
        String msg = message(Rl4jNets.editConfiguration(good, tmp.resolve("notjson.zip"), j -> j.substring(0, j.length() / 2)));
        assertTrue(msg.contains("configuration.json is not valid JSON"), msg);
        msg = message(Rl4jNets.editConfiguration(good, tmp.resolve("other-json.zip"), j -> "{\"hello\": 1}"));
        assertTrue(msg.contains("not a DL4J network configuration"), msg);
        msg = message(Rl4jNets.editConfiguration(good, tmp.resolve("unknown-layer.zip"),
                j -> j.replace("org.deeplearning4j.nn.conf.layers.DenseLayer", "org.example.NoSuchLayer")));
        assertTrue(msg.contains("cannot read the network configuration"), msg);
    }

    @Test
    void missingCoefficients() throws Exception {
        Map<String, byte[]> m = Rl4jNets.entries(good);
        m.remove(Dl4jModelZip.COEFFICIENTS);
        Path f = Rl4jNets.writeZip(tmp.resolve("noparams.zip"), m);
        // without coefficients.bin it is not sniffed as DL4J: the PyTorch reader answers, in one line
        assertFalse(Dl4jModelZip.sniff(f));
        CheckpointException e = assertThrows(CheckpointException.class, () -> Agents.loadPolicy(f, 6));
        Rl4jPolicyTest.assertOneLine(e.getMessage(), f);
        // and the DL4J reader itself says what is missing
        e = assertThrows(CheckpointException.class, () -> Dl4jModelZip.read(f));
        assertEquals(f + ": DL4J model zip without coefficients.bin (saved without parameters?); re-save the"
                + " trained network with ModelSerializer.writeModel", e.getMessage());
    }

    @Test
    void nonZipFilesStillGoToThePyTorchReader() throws Exception {
        Path f = write("x.pt", new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1});
        assertFalse(Dl4jModelZip.sniff(f));
        CheckpointException e = assertThrows(CheckpointException.class, () -> Agents.loadPolicy(f, 6));
        assertTrue(e.getMessage().contains("not a PyTorch checkpoint"), e.getMessage());
        Path missing = tmp.resolve("missing.zip");
        e = assertThrows(CheckpointException.class, () -> Agents.loadPolicy(missing, 6));
        Rl4jPolicyTest.assertOneLine(e.getMessage(), missing);
    }
}
