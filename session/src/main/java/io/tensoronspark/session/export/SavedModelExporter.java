package io.tensoronspark.session.export;

import io.tensoronspark.tps.protocol.ParameterSnapshot;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.Scope;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.types.TFloat32;

/**
 * Exports a trained model as a standard SavedModel (tag {@value SavedModelFiles#SERVE_TAG}) to any
 * Hadoop FileSystem URI. The values come from the TPS's merged parameters where the model was
 * trained through it, and from the driver session for every other variable.
 *
 * <p>The export never touches the user's graph or session beyond reading their variables: the graph
 * is copied into a fresh graph, a fresh session is initialized explicitly and only then given the
 * values (TF Java re-runs pending initializers on a fresh session's first run, which would
 * overwrite values assigned earlier), and TF Java's exporter writes a local directory that is then
 * copied with the Hadoop FileSystem API. The fresh graph also gets its own saver each time: TF Java
 * builds the saver once per graph on first save, so a saver made earlier would miss variables added
 * since.
 *
 * <p>TF Java's saver saves only {@code VariableV2} variables ({@code tf.variable}); resource
 * variables ({@code VarHandleOp}) and legacy {@code Variable} ops would be left out of the
 * SavedModel without a word, so a graph holding any is refused.
 *
 * <p>Threading: call from the thread that owns the user's graph and session (no run in progress).
 */
public final class SavedModelExporter {

  private static final Logger LOG = LoggerFactory.getLogger(SavedModelExporter.class);

  /** Where the export's own assign ops live in the exported graph. */
  static final String ASSIGN_SCOPE = "tensoronspark_export";

  private static final String SAVER_SCOPE = "save/";

  private final Configuration hadoopConf;

  public SavedModelExporter(Configuration hadoopConf) {
    this.hadoopConf = hadoopConf;
  }

  /**
   * Exports {@code graph} with the variable values of {@code session}, overridden by {@code merged}
   * (may be null: no TPS values yet), to {@code uri}.
   *
   * @param signatures at least one; the first is usually {@link ModelSignature#DEFAULT_KEY}
   * @throws IllegalArgumentException for unsupported variables, unknown signature tensors, an
   *     existing non-empty target; nothing is written then
   */
  public void export(
      Graph graph,
      Session session,
      ParameterSnapshot merged,
      String uri,
      List<ModelSignature> signatures)
      throws IOException {
    if (signatures.isEmpty()) {
      throw new IllegalArgumentException("a SavedModel needs at least one signature, got none");
    }
    List<String> variables = variableNames(graph);
    for (ModelSignature s : signatures) {
      checkSignature(graph, s);
    }
    java.nio.file.Path local = Files.createTempDirectory("tensoronspark-export-");
    try {
      exportLocally(graph, session, merged, variables, signatures, local);
      SavedModelFiles.upload(local, uri, hadoopConf);
    } finally {
      SavedModelFiles.deleteLocal(local);
    }
    LOG.info("Exported SavedModel to {}: variables {}, signatures {}", uri, variables, signatures);
  }

  private static void exportLocally(
      Graph graph,
      Session session,
      ParameterSnapshot merged,
      List<String> variables,
      List<ModelSignature> signatures,
      java.nio.file.Path local)
      throws IOException {
    GraphDef graphDef = withoutSaver(graph.toGraphDef());
    try (Graph fresh = new Graph();
        VariableValues values = VariableValues.read(session, variables, merged)) {
      fresh.importGraphDef(graphDef);
      try (Session target = new Session(fresh, false)) {
        target.initialize(); // first, so no pending initializer overwrites the values below
        assign(fresh, target, variables, values);
        SavedModelBundle.Exporter exporter =
            SavedModelBundle.exporter(local.toString())
                .withTags(SavedModelFiles.SERVE_TAG)
                .withSession(target);
        for (ModelSignature s : signatures) {
          exporter.withSignature(toTf(fresh, s));
        }
        exporter.export();
      }
    }
  }

  /** The VariableV2 variables of {@code graph}; refuses the kinds TF Java would not save. */
  static List<String> variableNames(Graph graph) {
    List<String> names = new ArrayList<>();
    for (Iterator<GraphOperation> it = graph.operations(); it.hasNext(); ) {
      GraphOperation op = it.next();
      switch (op.type()) {
        case "VariableV2" -> names.add(op.name());
        case "VarHandleOp", "Variable" ->
            throw new IllegalArgumentException(
                "cannot export variable '"
                    + op.name()
                    + "': SavedModel export saves VariableV2 variables (tf.variable) only, got a "
                    + op.type()
                    + (op.type().equals("Variable")
                        ? " (legacy ref variable)"
                        : " (resource variable)")
                    + " that TF Java's saver would silently leave out");
        default -> {}
      }
    }
    return names;
  }

  private static void checkSignature(Graph graph, ModelSignature s) {
    for (Map.Entry<String, String> e : s.inputs().entrySet()) {
      resolve(graph, s, "input", e.getKey(), e.getValue());
    }
    for (Map.Entry<String, String> e : s.outputs().entrySet()) {
      resolve(graph, s, "output", e.getKey(), e.getValue());
    }
  }

  private static org.tensorflow.Output<?> resolve(
      Graph graph, ModelSignature s, String what, String name, String tensor) {
    int colon = tensor.lastIndexOf(':');
    String opName = tensor.substring(0, colon);
    int index = Integer.parseInt(tensor.substring(colon + 1));
    GraphOperation op = graph.operation(opName);
    if (op == null || index >= op.numOutputs()) {
      throw new IllegalArgumentException(
          "signature '"
              + s.key()
              + "' "
              + what
              + " '"
              + name
              + "' names tensor "
              + tensor
              + ", expected an output of an operation of the graph, got "
              + (op == null
                  ? "no such operation"
                  : "an operation with " + op.numOutputs() + " outputs"));
    }
    return op.output(index);
  }

  private static Signature toTf(Graph fresh, ModelSignature s) {
    Signature.Builder b = Signature.builder().key(s.key()).methodName(s.methodName());
    s.inputs().forEach((name, tensor) -> b.input(name, resolve(fresh, s, "input", name, tensor)));
    s.outputs()
        .forEach((name, tensor) -> b.output(name, resolve(fresh, s, "output", name, tensor)));
    return b.build();
  }

  /** Drops an earlier saver ({@code save/...}) so the fresh graph gets one over every variable. */
  private static GraphDef withoutSaver(GraphDef def) {
    GraphDef.Builder b = def.toBuilder().clearNode();
    for (NodeDef node : def.getNodeList()) {
      if (!node.getName().startsWith(SAVER_SCOPE)) {
        b.addNode(node);
      }
    }
    for (NodeDef node : b.getNodeList()) {
      for (String input : node.getInputList()) {
        if (input.replaceFirst("^\\^", "").startsWith(SAVER_SCOPE)) {
          throw new IllegalArgumentException(
              "cannot export: operation '"
                  + node.getName()
                  + "' reads '"
                  + input
                  + "'; the scope 'save/' is reserved for the SavedModel saver");
        }
      }
    }
    return b.build();
  }

  private static void assign(
      Graph fresh, Session target, List<String> variables, VariableValues values) {
    if (variables.isEmpty()) {
      return;
    }
    Scope scope = Ops.create(fresh).scope();
    Session.Runner runner = target.runner();
    for (int i = 0; i < variables.size(); i++) {
      String name = variables.get(i);
      org.tensorflow.Output<?> variable = fresh.operation(name).output(0);
      String valueName = ASSIGN_SCOPE + "/" + name + "/value";
      GraphOperation input =
          fresh
              .opBuilder("Placeholder", valueName, scope)
              .setAttr("dtype", values.get(i).dataType())
              .setAttr("shape", values.get(i).shape())
              .build();
      fresh
          .opBuilder("Assign", ASSIGN_SCOPE + "/" + name + "/assign", scope)
          .addInput(variable)
          .addInput(input.output(0))
          .build();
      runner.feed(valueName, values.get(i)).addTarget(ASSIGN_SCOPE + "/" + name + "/assign");
    }
    runner.run().close();
  }

  /**
   * The values to export, one tensor per variable: the TPS's merged value for trained variables,
   * the driver session's for the others. Owns and closes the driver's result and the tensors it
   * made.
   */
  private static final class VariableValues implements AutoCloseable {
    private final List<Tensor> tensors = new ArrayList<>();
    private final List<Tensor> made = new ArrayList<>();
    private Result driverResult;

    static VariableValues read(Session session, List<String> variables, ParameterSnapshot merged) {
      VariableValues values = new VariableValues();
      if (variables.isEmpty()) {
        return values;
      }
      Map<String, Integer> mergedIndex = new HashMap<>();
      if (merged != null) {
        for (int i = 0; i < merged.parameterCount(); i++) {
          mergedIndex.put(merged.specs().get(i).name(), i);
        }
      }
      Session.Runner runner = session.runner();
      variables.forEach(runner::fetch);
      values.driverResult = runner.run();
      try {
        for (int i = 0; i < variables.size(); i++) {
          Integer m = mergedIndex.get(variables.get(i));
          Tensor driver = values.driverResult.get(i);
          if (m == null) {
            values.tensors.add(driver);
          } else {
            Tensor t =
                TFloat32.tensorOf(driver.shape(), DataBuffers.of(merged.values(m), true, false));
            values.made.add(t);
            values.tensors.add(t);
          }
        }
      } catch (RuntimeException e) {
        values.close();
        throw e;
      }
      return values;
    }

    Tensor get(int i) {
      return tensors.get(i);
    }

    @Override
    public void close() {
      made.forEach(Tensor::close);
      if (driverResult != null) {
        driverResult.close();
      }
    }
  }
}
