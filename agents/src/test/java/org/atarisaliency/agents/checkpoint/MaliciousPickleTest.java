package org.atarisaliency.agents.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hostile pickles are refused, naming the opcode or global, and never run anything. */
class MaliciousPickleTest {

    @TempDir
    Path tmp;

    private Path marker() {
        return tmp.resolve("pwned");
    }

    private String touch() {
        return "touch " + marker();
    }

    @AfterEach
    void nothingRan() {
        assertFalse(Files.exists(marker()), "a command from the pickle was executed");
    }

    private CheckpointException refused(byte[] content, String... expectedInMessage) throws IOException {
        Path f = tmp.resolve("evil.pt");
        Files.write(f, content);
        CheckpointException e = assertThrows(CheckpointException.class, () -> TorchCheckpoint.read(f));
        TestSupport.assertGoodMessage(e, f.toString());
        for (String s : expectedInMessage) {
            assertTrue(e.getMessage().contains(s), "expected '" + s + "' in: " + e.getMessage());
        }
        return e;
    }

    /** The payload as the object pickle of an otherwise valid legacy file. */
    private static byte[] inLegacyFile(byte[] objectPickle) {
        return PickleBytes.legacyFile(objectPickle, new String[0], new float[0][]);
    }

    @Test
    void osSystemAsWholeFile() throws Exception {
        byte[] p = PickleBytes.proto2().global("os", "system").str(touch()).op(0x85).reduce().stop().bytes();
        refused(p, "'os.system'", "not allowed");
    }

    @Test
    void osSystemInsideLegacyCheckpoint() throws Exception {
        byte[] p = PickleBytes.proto2().global("os", "system").str(touch()).op(0x85).reduce().stop().bytes();
        refused(inLegacyFile(p), "'os.system'", "state_dict");
    }

    @Test
    void posixSystemInsideStateDict() throws Exception {
        // a state dict whose second value is a call to posix.system
        byte[] p = PickleBytes.stateDict(new String[] {"w", "x"}, new PickleBytes[] {
            new PickleBytes().tensor("k", 2, 0, new int[] {2}, new int[] {1}),
            new PickleBytes().global("posix", "system").str(touch()).op(0x85).reduce()});
        refused(PickleBytes.legacyFile(p, new String[] {"k"}, new float[][] {{1, 2}}), "'posix.system'");
    }

    @Test
    void builtinsEvalViaStackGlobal() throws Exception {
        byte[] p = new PickleBytes().op(0x80, 4).op(0x8c, 8).raw("builtins".getBytes()).op(0x8c, 4)
                .raw("eval".getBytes()).op(0x93).str("__import__('os').system('" + touch() + "')").op(0x85)
                .reduce().stop().bytes();
        refused(inLegacyFile(p), "'builtins.eval'");
    }

    @Test
    void python2Apply() throws Exception {
        byte[] p = PickleBytes.proto2().global("__builtin__", "apply").global("os", "system").str(touch())
                .op(0x85).op(0x85).reduce().stop().bytes();
        refused(inLegacyFile(p), "'__builtin__.apply'");
    }

    @Test
    void wholeModelGetsStateDictHint() throws Exception {
        byte[] p = PickleBytes.proto2().global("torch.nn.modules.linear", "Linear").op(')').reduce().stop().bytes();
        refused(inLegacyFile(p), "'torch.nn.modules.linear.Linear'", "model.state_dict()");
    }

    @Test
    void disallowedOpcodesAreNamed() throws Exception {
        refused(inLegacyFile(PickleBytes.proto2().global("collections", "OrderedDict").op(')').op(0x81).stop()
                .bytes()), "NEWOBJ (0x81)");
        refused(inLegacyFile(PickleBytes.proto2().mark().op('i').raw("os\nsystem\n".getBytes()).stop().bytes()),
                "INST (0x69)");
        refused(inLegacyFile(PickleBytes.proto2().op('I').raw("1\n".getBytes()).stop().bytes()), "INT (0x49)");
        refused(inLegacyFile(PickleBytes.proto2().op(0x82, 1).stop().bytes()), "EXT");
    }

    @Test
    void unknownOpcodeIsNamed() throws Exception {
        refused(inLegacyFile(PickleBytes.proto2().op(0xff).stop().bytes()), "unknown pickle opcode 0xff");
        refused(PickleBytes.proto2().op(0xf0).stop().bytes(), "unknown pickle opcode 0xf0");
    }

    @Test
    void callingStorageClassOrOtherValuesIsRefused() throws Exception {
        refused(inLegacyFile(PickleBytes.proto2().global("torch", "FloatStorage").op(')').reduce().stop().bytes()),
                "storage constructor");
        refused(inLegacyFile(PickleBytes.proto2().str("os").op(')').reduce().stop().bytes()), "not callable");
    }

    @Test
    void unsupportedStorageTypeIsNamed() throws Exception {
        byte[] p = PickleBytes.proto2().mark().str("storage").global("torch", "ComplexFloatStorage").str("k")
                .str("cpu").integer(1).op('N').tuple().op('Q').stop().bytes();
        refused(inLegacyFile(p), "'torch.ComplexFloatStorage' is not supported", ".float()");
    }

    @Test
    void moduleSourcePersistentIdIsRefused() throws Exception {
        byte[] p = PickleBytes.proto2().mark().str("module").str("class Net: pass").op('N').tuple().op('Q').stop()
                .bytes();
        refused(inLegacyFile(p), "whole nn.Module");
    }

    @Test
    void osSystemInZipCheckpoint() throws Exception {
        Path f = tmp.resolve("evil.zip.pt");
        try (OutputStream os = Files.newOutputStream(f); ZipOutputStream z = new ZipOutputStream(os)) {
            z.putNextEntry(new ZipEntry("archive/data.pkl"));
            z.write(PickleBytes.proto2().global("os", "system").str(touch()).op(0x85).reduce().stop().bytes());
            z.closeEntry();
            z.putNextEntry(new ZipEntry("archive/version"));
            z.write("3\n".getBytes());
            z.closeEntry();
        }
        CheckpointException e = assertThrows(CheckpointException.class, () -> TorchCheckpoint.read(f));
        TestSupport.assertGoodMessage(e, f.toString());
        assertTrue(e.getMessage().contains("'os.system'") && e.getMessage().contains("archive/data.pkl"),
                e.getMessage());
    }

    /** The hand-built files above are valid apart from the payload: this one, without payload, loads. */
    @Test
    void handBuiltLegacyFileWithoutPayloadLoads() throws Exception {
        byte[] p = PickleBytes.stateDict(new String[] {"w", "b"}, new PickleBytes[] {
            new PickleBytes().tensor("k1", 6, 0, new int[] {3, 2}, new int[] {1, 3}),
            new PickleBytes().tensor("k2", 6, 4, new int[] {2}, new int[] {1})});
        Path f = tmp.resolve("ok.pt");
        Files.write(f, PickleBytes.legacyFile(p, new String[] {"k1", "k2"},
                new float[][] {{1, 2, 3, 4, 5, 6}, {0, 0, 0, 0, 7, 8}}));
        StateDict sd = TorchCheckpoint.read(f);
        assertArrayEquals(new float[] {1, 4, 2, 5, 3, 6}, sd.get("w").values()); // transposed view
        assertArrayEquals(new float[] {7, 8}, sd.get("b").values()); // storage offset 4
    }
}
