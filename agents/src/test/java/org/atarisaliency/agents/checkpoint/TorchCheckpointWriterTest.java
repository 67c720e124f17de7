package org.atarisaliency.agents.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.atarisaliency.agents.PolicyOutput;
import org.atarisaliency.agents.RecurrentState;
import org.atarisaliency.agents.nets.ActorCriticPolicy;
import org.atarisaliency.agents.nets.ActorCriticWeights;
import org.atarisaliency.agents.nets.RecurrentCell;
import org.atarisaliency.agents.nets.TestNetworks;
import org.atarisaliency.env.AtariEnv;
import org.atarisaliency.env.FramePreprocessor;
import org.atarisaliency.env.GameIds;
import org.atarisaliency.env.GameSpec;
import org.atarisaliency.env.RomLocator;
import org.atarisaliency.env.TestRoms;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Files written by {@link TorchCheckpointWriter}, read back by our reader (torch.load: {@link TorchLoadTest}). */
class TorchCheckpointWriterTest {

    @TempDir
    Path tmp;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"pong-v4", "breakout-v4", "spaceinvaders-v4"})
    void realAgentRoundTripsBitwise(String game) throws Exception {
        Path original = TestSupport.babyA3c(game, 80);
        Path written = tmp.resolve(game + ".pt");
        TorchCheckpointWriter.write(written, ActorCriticWeights.read(original).toStateDict());
        StateDict before = TorchCheckpoint.read(original);
        StateDict after = TorchCheckpoint.read(written);
        assertEquals(new ArrayList<>(before.names()), new ArrayList<>(after.names()));
        for (String name : before.names()) {
            TensorData a = before.get(name), b = after.get(name);
            assertEquals("float32", b.dtype(), name);
            assertArrayEquals(a.shape(), b.shape(), name);
            assertBitwise(a.values(), b.values(), name);
        }
        assertArrayEquals(Files.readAllBytes(written), rewrite(written), "the bytes depend only on the tensors");
    }

    @Test
    void writtenAgentPlaysExactlyLikeTheOriginal() throws Exception {
        Path original = TestSupport.babyA3c("pong-v4", 80);
        Path written = tmp.resolve("pong.pt");
        TorchCheckpointWriter.write(written, ActorCriticWeights.read(original).toStateDict());
        RomLocator loc = TestRoms.locator();
        GameSpec spec = GameIds.resolve("Pong-v4", loc.availableRoms());
        try (AtariEnv env = AtariEnv.open(spec, loc.find(spec.rom()), 5, 0);
             ActorCriticPolicy a = ActorCriticPolicy.load(original, 6); ActorCriticPolicy b = ActorCriticPolicy.load(written, 6)) {
            assertEquals(a.describe(), b.describe());
            RecurrentState sa = a.initialState(1), sb = b.initialState(1);
            float[] obs = new float[80 * 80];
            for (int t = 0; t < 60; t++) {
                FramePreprocessor.A3C.apply(env.frame(), obs, 0);
                PolicyOutput oa = a.forward(obs, sa), ob = b.forward(obs, sb);
                assertBitwise(oa.logits(), ob.logits(), "logits at step " + t);
                assertBitwise(oa.values(), ob.values(), "value at step " + t);
                assertBitwise(oa.next().part("h"), ob.next().part("h"), "h at step " + t);
                sa = oa.next();
                sb = ob.next();
                env.step(oa.greedyAction(0));
            }
        }
    }

    @Test
    void lstmWeightsRoundTripUnderVisualizeAtariNames() throws Exception {
        ActorCriticWeights w = TestNetworks.randomLstm(4, 3);
        Path file = tmp.resolve("lstm.pt");
        TorchCheckpointWriter.write(file, w.toStateDict());
        StateDict sd = TorchCheckpoint.read(file);
        assertEquals(List.of("conv1.weight", "conv1.bias", "conv2.weight", "conv2.bias", "conv3.weight", "conv3.bias",
                "conv4.weight", "conv4.bias", "lstm.weight_ih", "lstm.weight_hh", "lstm.bias_ih", "lstm.bias_hh",
                "critic_linear.weight", "critic_linear.bias", "actor_linear.weight", "actor_linear.bias"),
                new ArrayList<>(sd.names()));
        assertArrayEquals(new long[] {1024, 800}, sd.get("lstm.weight_ih").shape());
        ActorCriticWeights back = ActorCriticWeights.read(file);
        assertEquals(RecurrentCell.LSTM, back.cell());
        assertEquals(w.toStateDict(), back.toStateDict());
    }

    @Test
    void scalarsBesideTheStateDict() throws Exception {
        Map<String, TensorData> tensors = new LinkedHashMap<>();
        tensors.put("w", TensorData.float32(new float[] {1, -2, 3.5f, Float.MIN_VALUE, -0f, 6}, 2, 3));
        tensors.put("s", TensorData.float32(new float[] {7}));
        tensors.put("e", TensorData.float32(new float[0], 0, 4));
        Map<String, Number> scalars = new LinkedHashMap<>();
        scalars.put("updates", 123);
        scalars.put("mid", 40_000);
        scalars.put("negative", -7);
        scalars.put("frames", 5_000_000_000L);
        scalars.put("min", Long.MIN_VALUE);
        scalars.put("lr", 1e-4);
        scalars.put("gamma", 0.99f);
        Path file = tmp.resolve("train.pt");
        TorchCheckpointWriter.write(file, tensors, scalars);
        StateDict sd = TorchCheckpoint.read(file);
        assertEquals(tensors, sd.asMap());
        Map<?, ?> root = (Map<?, ?>) unpickle(file);
        assertEquals(List.of("state_dict", "updates", "mid", "negative", "frames", "min", "lr", "gamma"),
                new ArrayList<>(root.keySet()));
        assertEquals(123L, root.get("updates"));
        assertEquals(40_000L, root.get("mid"));
        assertEquals(-7L, root.get("negative"));
        assertEquals(5_000_000_000L, root.get("frames"));
        assertEquals(Long.MIN_VALUE, root.get("min"));
        assertEquals(1e-4, root.get("lr"));
        assertEquals((double) 0.99f, root.get("gamma"));
        TensorRef e = (TensorRef) ((Map<?, ?>) root.get("state_dict")).get("e");
        assertArrayEquals(new long[] {4, 1}, e.stride());
    }

    @Test
    void everyEntryIsStoredWithItsDataAlignedTo64Bytes() throws Exception {
        Path file = tmp.resolve("pong.pt");
        TorchCheckpointWriter.write(file, ActorCriticWeights.read(TestSupport.babyA3c("pong-v4", 40)).toStateDict());
        List<String> names = new ArrayList<>();
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        int pos = 0;
        while (b.getInt(pos) == 0x04034b50) { // local file headers, one after the other
            assertEquals(0, b.getShort(pos + 8), "method STORED");
            int size = b.getInt(pos + 18), nameLen = b.getShort(pos + 26), extraLen = b.getShort(pos + 28);
            names.add(new String(b.array(), pos + 30, nameLen, java.nio.charset.StandardCharsets.UTF_8));
            int data = pos + 30 + nameLen + extraLen;
            assertEquals(0, data % 64, names.get(names.size() - 1));
            pos = data + size;
        }
        List<String> expected = new ArrayList<>(List.of("archive/data.pkl", "archive/byteorder"));
        for (int i = 0; i < 16; i++) {
            expected.add("archive/data/" + i);
        }
        expected.add("archive/version");
        assertEquals(expected, names);
        try (ZipFile z = new ZipFile(file.toFile())) {
            assertEquals("3\n", new String(z.getInputStream(z.getEntry("archive/version")).readAllBytes()));
            assertEquals("little", new String(z.getInputStream(z.getEntry("archive/byteorder")).readAllBytes()));
        }
    }

    @Test
    void replacesAnExistingFileAndLeavesNoTemporary() throws Exception {
        Path file = tmp.resolve("out.pt");
        Files.writeString(file, "old");
        TorchCheckpointWriter.write(file, Map.of("x", TensorData.float32(new float[] {1, 2}, 2)));
        assertArrayEquals(new float[] {1, 2}, TorchCheckpoint.read(file).get("x").values());
        try (Stream<Path> s = Files.list(tmp)) {
            assertEquals(List.of(file), s.toList());
        }
    }

    @Test
    void refusesWhatItCannotWrite() throws IOException {
        Path file = tmp.resolve("bad.pt");
        Map<String, TensorData> one = Map.of("x", TensorData.float32(new float[] {1}, 1));
        assertThrows(IllegalArgumentException.class, () -> TorchCheckpointWriter.write(file, Map.of()));
        assertThrows(IllegalArgumentException.class,
                () -> TorchCheckpointWriter.write(file, Map.of("", TensorData.float32(new float[] {1}, 1))));
        assertThrows(IllegalArgumentException.class,
                () -> TorchCheckpointWriter.write(file, one, Map.of("state_dict", 1)));
        assertThrows(IllegalArgumentException.class,
                () -> TorchCheckpointWriter.write(file, one, Map.of("big", BigInteger.TEN)));
        Files.writeString(tmp.resolve("plain"), "a file, not a folder");
        assertThrows(IOException.class, () -> TorchCheckpointWriter.write(tmp.resolve("plain/x.pt"), one));
        try (Stream<Path> s = Files.list(tmp)) {
            assertEquals(List.of(tmp.resolve("plain")), s.toList());
        }
    }

    /** The root object of a written file, through our restricted unpickler. */
    private static Object unpickle(Path file) throws Exception {
        try (ZipFile z = new ZipFile(file.toFile())) {
            byte[] pkl = z.getInputStream(z.getEntry("archive/data.pkl")).readAllBytes();
            return PickleMachine.run("test", "data.pkl", pkl, 0, pkl.length,
                    new TorchHooks(new StorageRegistry(false))).value();
        }
    }

    private byte[] rewrite(Path file) throws Exception {
        Path again = tmp.resolve("again.pt");
        TorchCheckpointWriter.write(again, TorchCheckpoint.read(file).asMap());
        return Files.readAllBytes(again);
    }

    static void assertBitwise(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) {
            if (Float.floatToRawIntBits(expected[i]) != Float.floatToRawIntBits(actual[i])) {
                fail(what + "[" + i + "]: " + expected[i] + " != " + actual[i]);
            }
        }
    }
}
