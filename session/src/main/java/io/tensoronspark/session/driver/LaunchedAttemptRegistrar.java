package io.tensoronspark.session.driver;

import io.tensoronspark.tps.TpsServer;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskStart;
import org.apache.spark.scheduler.TaskInfo;
import scala.collection.JavaConverters;

/**
 * Tells the TPS every task attempt Spark launches for the training jobs, so that only those may
 * claim a partition ({@link TpsServer#registerLaunchedAttempt}; the TPS itself knows nothing of
 * Spark). Jobs are recognised by their job group (one per epoch); their stages' task starts
 * register (attempt id, partition). Spark calls it on its listener bus thread, asynchronously to
 * the launch: the TPS lets an identified pull wait briefly for its registration. Add it with {@code
 * SparkContext.addSparkListener} for as long as the server runs, then remove it. Thread-safe.
 */
public final class LaunchedAttemptRegistrar extends SparkListener {

  private static final String JOB_GROUP_PROPERTY = "spark.jobGroup.id";

  private final TpsServer server;
  private final String jobGroup;
  private final Set<Integer> trainingStages = ConcurrentHashMap.newKeySet();

  /** Registers the attempts of the jobs of group {@code jobGroup}. */
  public LaunchedAttemptRegistrar(TpsServer server, String jobGroup) {
    this.server = server;
    this.jobGroup = jobGroup;
  }

  @Override
  public void onJobStart(SparkListenerJobStart jobStart) {
    String group =
        jobStart.properties() == null
            ? null
            : jobStart.properties().getProperty(JOB_GROUP_PROPERTY);
    if (jobGroup.equals(group)) {
      for (Object stage : JavaConverters.seqAsJavaList(jobStart.stageIds())) {
        trainingStages.add((Integer) stage);
      }
    }
  }

  @Override
  public void onTaskStart(SparkListenerTaskStart taskStart) {
    if (trainingStages.contains(taskStart.stageId())) {
      TaskInfo info = taskStart.taskInfo();
      server.registerLaunchedAttempt(info.partitionId(), info.taskId());
    }
  }
}
