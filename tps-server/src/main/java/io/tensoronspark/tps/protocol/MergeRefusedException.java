package io.tensoronspark.tps.protocol;

/**
 * A push the TPS refused at merge time, with nothing of it committed: the combiner threw (the
 * cause), or the merged value of an element would have been NaN or infinite. The push's client gets
 * a 500 {@code combiner-failed} or a 422 {@code non-finite-merge} answer carrying {@link
 * #getMessage()}, which names the combiner, the parameter and the element or the combiner's
 * exception. The server keeps the latest one for the driver ({@code TpsServer.lastMergeRefusal()}),
 * which runs in the same JVM and can attach the combiner's own exception to the training failure.
 * Immutable.
 */
public final class MergeRefusedException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String combiner;
  private final String parameter;
  private final long index;
  private final float value;

  /**
   * A refusal of combiner {@code combiner} merging parameter {@code parameter}.
   *
   * @param index the element's index in the parameter, or the shard's first index when the combiner
   *     threw
   * @param value the non-finite value produced (ignored when {@code cause} is given)
   * @param cause what the combiner threw, or null when it produced a non-finite value
   */
  public MergeRefusedException(
      String combiner, String parameter, long index, float value, RuntimeException cause) {
    super(message(combiner, parameter, index, value, cause), cause);
    this.combiner = combiner;
    this.parameter = parameter;
    this.index = index;
    this.value = cause == null ? value : Float.NaN;
  }

  private static String message(
      String combiner, String parameter, long index, float value, RuntimeException cause) {
    String what =
        cause == null
            ? "would make parameter '" + parameter + "' " + value + " at index " + index
            : "failed merging parameter '"
                + parameter
                + "' (shard at index "
                + index
                + "): "
                + cause.getClass().getSimpleName()
                + ": "
                + cause.getMessage();
    return "combiner " + combiner + " " + what + "; push refused, nothing merged";
  }

  /** Whether the combiner threw (the cause), rather than producing a non-finite value. */
  public boolean combinerThrew() {
    return getCause() != null;
  }

  /** The combiner's name. */
  public String combiner() {
    return combiner;
  }

  /** The parameter's name. */
  public String parameter() {
    return parameter;
  }

  /** The element's index in the parameter (the shard's first index when the combiner threw). */
  public long index() {
    return index;
  }

  /** The non-finite value the merge would have stored (NaN when the combiner threw). */
  public float value() {
    return value;
  }
}
