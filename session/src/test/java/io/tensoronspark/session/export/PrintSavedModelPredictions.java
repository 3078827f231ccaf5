package io.tensoronspark.session.export;

import io.tensoronspark.session.testmodel.TinyClassifier;
import java.util.List;
import java.util.Map;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

/**
 * Run in a fresh JVM by {@link SavedModelExportTest}: loads a SavedModel with nothing but TF Java's
 * {@link SavedModelBundle} and prints the serving signature's probabilities for the test rows, one
 * float per line as its IEEE bits in hex (so the comparison is exact).
 */
public final class PrintSavedModelPredictions {

  private PrintSavedModelPredictions() {}

  public static void main(String[] args) {
    String dir = args[0];
    List<Object[]> rows = TinyClassifier.rows(Integer.parseInt(args[1]), Long.parseLong(args[2]));
    float[] flat = new float[rows.size() * TinyClassifier.FEATURES];
    for (int i = 0; i < rows.size(); i++) {
      System.arraycopy(
          (float[]) rows.get(i)[0], 0, flat, i * TinyClassifier.FEATURES, TinyClassifier.FEATURES);
    }
    try (SavedModelBundle bundle = SavedModelBundle.load(dir, "serve");
        TFloat32 x =
            TFloat32.tensorOf(
                Shape.of(rows.size(), TinyClassifier.FEATURES), DataBuffers.of(flat, true, false));
        Result result = bundle.function("serving_default").call(Map.<String, Tensor>of("x", x))) {
      TFloat32 p = (TFloat32) result.get("probabilities").orElseThrow();
      float[] out = new float[(int) p.shape().size()];
      p.copyTo(DataBuffers.of(out, false, false));
      StringBuilder sb = new StringBuilder();
      for (float f : out) {
        sb.append(Integer.toHexString(Float.floatToRawIntBits(f))).append('\n');
      }
      System.out.print(sb);
      System.out.println("END " + out.length);
    }
  }
}
