using System.Globalization;

namespace MetaRL.Serialization.Onnx;

/// <summary>One axis of a graph input's or output's shape: a fixed size, or a named symbolic size (<c>batch</c>).</summary>
public readonly record struct OnnxDim(long Value, string? Param)
{
    /// <summary>A fixed size.</summary>
    public static OnnxDim Fixed(long value) => new(value, null);

    /// <summary>A symbolic size, the same wherever the same name stands.</summary>
    public static OnnxDim Symbol(string name) => new(0, name);

    /// <summary>The symbolic batch axis every exported policy takes.</summary>
    public static OnnxDim Batch { get; } = Symbol("batch");

    public static implicit operator OnnxDim(long value) => Fixed(value);

    public override string ToString() => Param ?? Value.ToString(CultureInfo.InvariantCulture);
}

/// <summary>The ONNX tensor element types the exporter writes (TensorProto.DataType numbers).</summary>
public enum OnnxType
{
    Float = 1,
    Int64 = 7,
}

/// <summary>A graph input or output: name, element type and shape (<c>ValueInfoProto</c>).</summary>
public sealed record OnnxValue(string Name, OnnxType Type, IReadOnlyList<OnnxDim> Shape, string Doc);

/// <summary>A constant of the graph (<c>TensorProto</c> initializer): float32 or int64 data, row-major.</summary>
public sealed record OnnxTensor(string Name, IReadOnlyList<long> Dims, float[]? Floats, long[]? Longs)
{
    public OnnxType Type => Floats is null ? OnnxType.Int64 : OnnxType.Float;

    /// <summary>Number of values the data holds.</summary>
    public long Count => Floats?.LongLength ?? Longs?.LongLength ?? 0;
}

/// <summary>An operator attribute (<c>AttributeProto</c>): an int, a float, a list of ints or a string.</summary>
public sealed record OnnxAttribute(string Name, long? Int = null, float? Float = null, long[]? Ints = null, string? Text = null)
{
    public static OnnxAttribute Of(string name, long value) => new(name, Int: value);

    public static OnnxAttribute Of(string name, float value) => new(name, Float: value);

    public static OnnxAttribute Of(string name, long[] values) => new(name, Ints: values);

    public static OnnxAttribute Of(string name, string value) => new(name, Text: value);
}

/// <summary>One operator application (<c>NodeProto</c>) of the default ONNX domain.</summary>
public sealed record OnnxNode(string OpType, IReadOnlyList<string> Inputs, IReadOnlyList<string> Outputs, IReadOnlyList<OnnxAttribute> Attributes, string Name);

/// <summary>
/// A computation graph being written (<c>GraphProto</c>): typed inputs, constant initializers, nodes in topological
/// order (each reads only graph inputs, initializers and earlier nodes' outputs) and typed outputs. Node outputs get fresh
/// names from <see cref="Node(string, string[], OnnxAttribute[])"/> unless one is given; <see cref="OnnxChecker"/> checks the result.
/// </summary>
public sealed class OnnxGraph(string name)
{
    private readonly List<OnnxValue> _inputs = [];
    private readonly List<OnnxValue> _outputs = [];
    private readonly List<OnnxTensor> _initializers = [];
    private readonly List<OnnxNode> _nodes = [];
    private int _next;

    public string Name { get; } = name;

    public IReadOnlyList<OnnxValue> Inputs => _inputs;

    public IReadOnlyList<OnnxValue> Outputs => _outputs;

    public IReadOnlyList<OnnxTensor> Initializers => _initializers;

    public IReadOnlyList<OnnxNode> Nodes => _nodes;

    /// <summary>Declares a float32 graph input; returns its name.</summary>
    public string Input(string name, IReadOnlyList<OnnxDim> shape, string doc = "")
    {
        _inputs.Add(new OnnxValue(name, OnnxType.Float, shape, doc));
        return name;
    }

    /// <summary>Declares a float32 graph output, produced by a node of that name.</summary>
    public void Output(string name, IReadOnlyList<OnnxDim> shape, string doc = "") => _outputs.Add(new OnnxValue(name, OnnxType.Float, shape, doc));

    /// <summary>A float32 constant of shape <paramref name="dims"/> (a copy of <paramref name="data"/>); returns its name.</summary>
    public string Constant(string name, ReadOnlySpan<float> data, params long[] dims)
    {
        _initializers.Add(new OnnxTensor(name, dims, data.ToArray(), null));
        return name;
    }

    /// <summary>An int64 vector constant (axes, shapes); returns its name.</summary>
    public string Int64s(string name, params long[] values)
    {
        _initializers.Add(new OnnxTensor(name, [values.Length], null, values));
        return name;
    }

    /// <summary>Adds a node with one fresh output; returns the output's name.</summary>
    public string Node(string opType, string[] inputs, params OnnxAttribute[] attributes) =>
        Node(opType, inputs, [Fresh(opType)], attributes)[0];

    /// <summary>Adds a node writing <paramref name="outputs"/> (graph output names, or fresh ones from <see cref="Fresh"/>).</summary>
    public IReadOnlyList<string> Node(string opType, string[] inputs, string[] outputs, params OnnxAttribute[] attributes)
    {
        _nodes.Add(new OnnxNode(opType, inputs, outputs, attributes, $"{opType}_{_nodes.Count}"));
        return outputs;
    }

    /// <summary>A name no value of the graph has yet.</summary>
    public string Fresh(string stem) => $"{stem.ToLowerInvariant()}_{_next++}";
}
