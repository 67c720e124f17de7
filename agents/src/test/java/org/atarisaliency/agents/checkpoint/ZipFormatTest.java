package org.atarisaliency.agents.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Zip format (PyTorch >= 1.6). The zip files are written at test time by torch_ckpt_tool.py, which
 * lays them out as torch.save does (numpy and pickle only; torch is not needed).
 */
class ZipFormatTest {

    @TempDir
    Path tmp;

    @ParameterizedTest(name = "{0} model.{1} {2}")
    @CsvSource(delimiter = '|', value = {
        "pong-v4|80|",
        "breakout-v4|40|--protocol 4 --prefix model_40 --byteorder big --wrap model_state_dict",
        "spaceinvaders-v4|80|--protocol 3 --wrap state_dict",
    })
    void zipCopyOfLegacyFileGivesIdenticalTensors(String game, int step, String options) throws Exception {
        Path legacy = TestSupport.babyA3c(game, step);
        Path zip = tmp.resolve("converted.pt");
        List<String> args = new ArrayList<>(List.of("to-zip", legacy.toString(), zip.toString()));
        if (options != null) {
            args.addAll(List.of(options.split(" ")));
        }
        TestSupport.python(args.toArray(String[]::new));
        byte[] head = Files.readAllBytes(zip);
        assertEquals('P', head[0]);
        StateDict fromLegacy = TorchCheckpoint.read(legacy);
        StateDict fromZip = TorchCheckpoint.read(zip);
        assertEquals(new ArrayList<>(fromLegacy.names()), new ArrayList<>(fromZip.names()));
        assertEquals(fromLegacy.asMap(), fromZip.asMap());
    }

    /** Dtypes, strides, offsets, shared storages, views, parameters, protocols 2-4, byte order, wrappers. */
    @Test
    void syntheticCheckpointsMatchNumpy() throws Exception {
        TestSupport.python("synthetic", tmp.toString());
        List<String> expected = Files.readAllLines(tmp.resolve("expected.txt"));
        for (String file : List.of("legacy.pt", "legacy_wrapped_p4.pt", "zip_p2.pt", "zip_p4_big.pt",
                "zip_p3_model.pt")) {
            StateDict sd = TorchCheckpoint.read(tmp.resolve(file));
            List<String> names = new ArrayList<>();
            for (String line : expected) {
                String[] f = line.split("\t", -1);
                names.add(f[0]);
                TensorData t = sd.get(f[0]);
                String what = file + " " + f[0];
                assertEquals(f[1], t.dtype(), what);
                assertArrayEquals(TestSupport.shape(f[2]), t.shape(), what);
                assertArrayEquals(TestSupport.floatsFromBits(f[3]), t.values(), what);
            }
            assertEquals(names, new ArrayList<>(sd.names()), file);
        }
    }
}
