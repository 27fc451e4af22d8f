namespace MetaRL.Serialization.Onnx;

/// <summary>
/// The rules of onnx.checker that an exported policy must pass, checked on the model before it is written: an operator
/// set the exporter knows, with every node's operator defined in it; every graph input and output named, typed and
/// shaped (each axis a positive size or a named symbol); every value name defined once (inputs, initializers, node
/// outputs); no dangling name (each node input is a graph input, an initializer or an earlier node's output, so the nodes
/// are in topological order); every graph output produced by a node; initializer data of the size its dims say.
/// </summary>
public static class OnnxChecker
{
    /// <summary>The operators the exporter writes, with the operator set that introduced them (or their current form).</summary>
    private static readonly Dictionary<string, int> Operators = new(StringComparer.Ordinal)
    {
        ["Add"] = 1, ["Sub"] = 1, ["Mul"] = 1, ["Div"] = 1, ["MatMul"] = 1, ["Gemm"] = 1, ["Tanh"] = 1, ["Relu"] = 1, ["Sigmoid"] = 1,
        ["Exp"] = 1, ["Erf"] = 9, ["Clip"] = 11, ["Concat"] = 4, ["Expand"] = 8, ["Shape"] = 1, ["Reshape"] = 5, ["Identity"] = 1,
        ["Unsqueeze"] = 13, ["Squeeze"] = 13, ["Slice"] = 10, ["GRU"] = 7, ["Gather"] = 1, ["Softmax"] = 13, ["LayerNormalization"] = 17,
        ["Transpose"] = 1,
    };

    /// <summary>Every rule <paramref name="model"/> breaks, one line each (empty when it passes).</summary>
    public static IReadOnlyList<string> Problems(OnnxModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var problems = new List<string>();
        if (model.Opset is < OnnxModel.MinOpset or > OnnxModel.MaxOpset)
        {
            problems.Add($"opset {model.Opset} is outside {OnnxModel.MinOpset}–{OnnxModel.MaxOpset}");
        }
        var graph = model.Graph;
        if (string.IsNullOrEmpty(graph.Name)) { problems.Add("the graph has no name"); }
        if (graph.Inputs.Count == 0) { problems.Add("the graph has no input"); }
        if (graph.Outputs.Count == 0) { problems.Add("the graph has no output"); }
        var defined = new HashSet<string>(StringComparer.Ordinal);
        void Define(string name, string what)
        {
            if (string.IsNullOrEmpty(name)) { problems.Add($"{what} has no name"); }
            else if (!defined.Add(name)) { problems.Add($"'{name}' is defined twice (again as {what})"); }
        }
        foreach (var input in graph.Inputs)
        {
            CheckTyped(input, "input", problems);
            Define(input.Name, $"input '{input.Name}'");
        }
        foreach (var t in graph.Initializers)
        {
            Define(t.Name, $"initializer '{t.Name}'");
            long size = 1;
            foreach (long d in t.Dims)
            {
                if (d < 0) { problems.Add($"initializer '{t.Name}' has a negative dim {d}"); }
                size *= d;
            }
            if (size != t.Count) { problems.Add($"initializer '{t.Name}' holds {t.Count} values, its dims [{string.Join(", ", t.Dims)}] say {size}"); }
        }
        foreach (var node in graph.Nodes)
        {
            if (!Operators.TryGetValue(node.OpType, out int since)) { problems.Add($"node '{node.Name}': unknown operator {node.OpType}"); }
            else if (since > model.Opset) { problems.Add($"node '{node.Name}': {node.OpType} needs opset {since} or later, the model imports {model.Opset}"); }
            foreach (var input in node.Inputs)
            {
                // An empty name stands for an optional input left out.
                if (input.Length > 0 && !defined.Contains(input)) { problems.Add($"node '{node.Name}' ({node.OpType}) reads '{input}', which no input, initializer or earlier node defines"); }
            }
            // An empty output name stands for an optional output not wanted; at least one must be named.
            if (!node.Outputs.Any(o => o.Length > 0)) { problems.Add($"node '{node.Name}' has no output"); }
            foreach (var output in node.Outputs.Where(o => o.Length > 0)) { Define(output, $"output of node '{node.Name}'"); }
            var attributes = new HashSet<string>(StringComparer.Ordinal);
            foreach (var a in node.Attributes)
            {
                if (string.IsNullOrEmpty(a.Name) || !attributes.Add(a.Name)) { problems.Add($"node '{node.Name}' has an unnamed or repeated attribute '{a.Name}'"); }
                int set = (a.Int is null ? 0 : 1) + (a.Float is null ? 0 : 1) + (a.Ints is null ? 0 : 1) + (a.Text is null ? 0 : 1);
                if (set != 1) { problems.Add($"node '{node.Name}' attribute '{a.Name}' holds {set} values, not one"); }
            }
        }
        var produced = graph.Nodes.SelectMany(n => n.Outputs).ToHashSet(StringComparer.Ordinal);
        var outputs = new HashSet<string>(StringComparer.Ordinal);
        foreach (var output in graph.Outputs)
        {
            CheckTyped(output, "output", problems);
            if (!produced.Contains(output.Name)) { problems.Add($"output '{output.Name}' is produced by no node"); }
            if (!outputs.Add(output.Name)) { problems.Add($"output '{output.Name}' is listed twice"); }
        }
        return problems;
    }

    /// <summary>Throws <see cref="OnnxCheckException"/> listing every problem of <paramref name="model"/>.</summary>
    public static void Check(OnnxModel model)
    {
        var problems = Problems(model);
        if (problems.Count > 0) { throw new OnnxCheckException($"the ONNX model breaks the checker's rules: {string.Join("; ", problems)}"); }
    }

    private static void CheckTyped(OnnxValue value, string role, List<string> problems)
    {
        if (!Enum.IsDefined(value.Type)) { problems.Add($"{role} '{value.Name}' has no element type"); }
        if (value.Shape.Count == 0) { problems.Add($"{role} '{value.Name}' has no shape"); }
        foreach (var d in value.Shape)
        {
            if (d.Param is null ? d.Value <= 0 : d.Param.Length == 0) { problems.Add($"{role} '{value.Name}' has an axis of size {d} (neither a positive size nor a named symbol)"); }
        }
    }
}

/// <summary>An ONNX model that breaks <see cref="OnnxChecker"/>'s rules: an exporter bug, never the user's input.</summary>
public sealed class OnnxCheckException : Exception
{
    public OnnxCheckException(string message) : base(message) { }

    public OnnxCheckException() { }

    public OnnxCheckException(string message, Exception inner) : base(message, inner) { }
}
