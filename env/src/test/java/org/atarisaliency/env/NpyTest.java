package org.atarisaliency.env;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyTest {

    @TempDir
    Path tmp;

    @Test
    void roundTripsAllTypes() throws IOException {
        byte[] b = {0, 1, (byte) 200, (byte) 255, 7, 8};
        int[] i = {Integer.MIN_VALUE, -1, 0, 1, 42, Integer.MAX_VALUE};
        float[] f = {0f, -0f, 1.5f, Float.NaN, Float.MIN_VALUE, -3.25e7f};
        Npy.writeUint8(tmp.resolve("b.npy"), b, 2, 3);
        Npy.writeInt32(tmp.resolve("i.npy"), i, 6);
        Npy.writeFloat32(tmp.resolve("f.npy"), f, 1, 2, 3);
        Npy.writeFloat32(tmp.resolve("s.npy"), new float[] {2.5f});
        Npy.Array rb = Npy.read(tmp.resolve("b.npy"));
        Npy.Array ri = Npy.read(tmp.resolve("i.npy"));
        Npy.Array rf = Npy.read(tmp.resolve("f.npy"));
        Npy.Array rs = Npy.read(tmp.resolve("s.npy"));
        assertEquals(Npy.DType.UINT8, rb.dtype());
        assertArrayEquals(new int[] {2, 3}, rb.shape());
        assertArrayEquals(b, rb.bytes());
        assertArrayEquals(new int[] {6}, ri.shape());
        assertArrayEquals(i, ri.ints());
        assertArrayEquals(new int[] {1, 2, 3}, rf.shape());
        for (int k = 0; k < f.length; k++) {
            assertEquals(Float.floatToRawIntBits(f[k]), Float.floatToRawIntBits(rf.floats()[k]));
        }
        assertArrayEquals(new int[0], rs.shape());
        assertEquals(2.5f, rs.floats()[0]);
        // header padded to 64 bytes, no temp files left behind
        assertEquals(0, Npy.header(Npy.DType.FLOAT32, new int[] {1, 2, 3}).length % 64);
        try (var s = Files.list(tmp)) {
            assertEquals(4, s.count());
        }
    }

    @Test
    void rejectsShapeMismatchAndWrongType() throws IOException {
        assertThrows(IllegalArgumentException.class, () -> Npy.writeUint8(tmp.resolve("x.npy"), new byte[5], 2, 3));
        Npy.writeInt32(tmp.resolve("i.npy"), new int[] {1}, 1);
        assertThrows(IllegalStateException.class, () -> Npy.read(tmp.resolve("i.npy")).floats());
        Files.write(tmp.resolve("bad.npy"), new byte[] {1, 2, 3});
        assertThrows(IOException.class, () -> Npy.read(tmp.resolve("bad.npy")));
    }

    /** Files written here must open in numpy with the right dtype, shape and values. */
    @Test
    void numpyReadsWhatWeWrite() throws IOException {
        Npy.writeUint8(tmp.resolve("b.npy"), new byte[] {1, 2, 3, (byte) 250, 5, 6}, 3, 2);
        Npy.writeInt32(tmp.resolve("i.npy"), new int[] {-5, 7}, 2, 1);
        Npy.writeFloat32(tmp.resolve("f.npy"), new float[] {0.25f, -1.5f, 3f}, 3);
        String out = PythonFixtures.runCode(
                "import numpy as np\n"
                + "d = sys.argv[1] if len(sys.argv) > 1 else " + pyStr(tmp.toString()) + "\n"
                + "for n in ('b', 'i', 'f'):\n"
                + "    a = np.load(d + '/' + n + '.npy')\n"
                + "    print(n, a.dtype.str, a.shape, a.ravel().tolist())\n");
        assertEquals(String.join("\n",
                "b |u1 (3, 2) [1, 2, 3, 250, 5, 6]",
                "i <i4 (2, 1) [-5, 7]",
                "f <f4 (3,) [0.25, -1.5, 3.0]"), out);
    }

    private static String pyStr(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
