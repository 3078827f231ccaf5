package io.tensoronspark.session;

/**
 * What happens to optimizer state on the executors: the variables a train op updates that the loss
 * does not read (Adam's m and v slots and beta powers, momentum accumulators). Optimizer state is
 * never synced through the TPS: summing or averaging per-worker moment estimates is not what the
 * optimizer computes (delta-summing Adam's slots cost 20 points of accuracy in the report),
 * and the trained variables are what the workers share.
 */
public enum OptimizerState {
  /**
   * Each executor session keeps its optimizer state across tasks and epochs of one model version: a
   * pooled session's Adam moments carry on into the next partition it trains. A new model version
   * (the graph changed) or an evicted model starts from the initial state.
   */
  KEEP_PER_EXECUTOR,

  /**
   * Every task starts from the optimizer's initial state (zero moments, beta powers at beta), as if
   * the optimizer were new for each partition.
   */
  RESET_PER_TASK
}
