package org.atarisaliency.pipelines;

/**
 * One OpenMP thread for the native ops the calling thread runs (OpenMP keeps the count per thread):
 * the summation order of the native kernels, and so the last bits of every output, must not
 * depend on $OMP_NUM_THREADS or on how many jobs run at once.
 */
public final class NativeThreads {
    private NativeThreads() {
    }

    /** Pins the calling thread's native ops to one OpenMP thread. */
    public static void pinToOne() {
        org.nd4j.linalg.factory.Nd4j.getExecutioner();
        org.nd4j.nativeblas.NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(1);
    }
}
