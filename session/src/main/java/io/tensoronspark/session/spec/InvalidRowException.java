package io.tensoronspark.session.spec;

/**
 * A training row that does not match the feeds: raised on the executor before TensorFlow sees the
 * row, naming the partition, the row index within it, the feed, the expected and the actual shape.
 */
public final class InvalidRowException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  /** Creates the exception with a message built from the row's coordinates. */
  public InvalidRowException(
      int partition, long rowIndex, String feedName, String expected, String actual) {
    super(
        "partition "
            + partition
            + ", row "
            + rowIndex
            + ": feed '"
            + feedName
            + "' expects "
            + expected
            + " but got "
            + actual);
  }

  /** Creates the exception for a row that is not an array of one value per feed. */
  public InvalidRowException(int partition, long rowIndex, String message) {
    super("partition " + partition + ", row " + rowIndex + ": " + message);
  }
}
