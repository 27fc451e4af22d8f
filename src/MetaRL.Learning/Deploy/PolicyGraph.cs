using MetaRL.Serialization.Onnx;

namespace MetaRL.Learning.Deploy;

/// <summary>
/// The engine's layers written as ONNX nodes, each with the engine's arithmetic in float32: a <see cref="Linear"/> as
/// <c>Gemm</c> (x·Wᵀ + b, W kept in PyTorch's [out, in] layout with <c>transB</c>), activations as their operators,
/// observation normalisation as <c>Sub</c>/<c>Div</c>/<c>Clip</c>, and one step of a <see cref="Gru"/> as the ONNX
/// <c>GRU</c> operator with <c>linear_before_reset</c> (PyTorch's, and the engine's, n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn))),
/// its gates reordered from the engine's r, z, n to ONNX's z, r, h.
/// </summary>
internal static class PolicyGraph
{
    /// <summary>x·Wᵀ + b for x [batch, in]; weights stored under <paramref name="name"/>.weight/.bias.</summary>
    public static string Linear(OnnxGraph g, string x, Linear layer, string name)
    {
        if (layer.Adapter is not null) { throw new ConfigException($"{name} carries an unmerged low-rank adapter; merge it before exporting"); }
        string w = g.Constant($"{name}.weight", layer.Weight.F32, layer.OutFeatures, layer.InFeatures);
        string[] inputs = layer.Bias is { } b ? [x, w, g.Constant($"{name}.bias", b.F32, layer.OutFeatures)] : [x, w];
        return g.Node("Gemm", inputs, OnnxAttribute.Of("transB", 1L));
    }

    /// <summary>An activation applied elementwise.</summary>
    public static string Activate(OnnxGraph g, string x, Activation activation) => activation switch
    {
        Activation.Tanh => g.Node("Tanh", [x]),
        Activation.Relu => g.Node("Relu", [x]),
        Activation.Sigmoid => g.Node("Sigmoid", [x]),
        Activation.Identity => x,
        Activation.Gelu => Gelu(g, x),
        _ => throw new ConfigException($"the {activation} activation has no ONNX export yet"),
    };

    /// <summary>The exact GELU, ½·x·(1 + erf(x/√2)) (opset 20's <c>Gelu</c> composed from opset-9 operators).</summary>
    private static string Gelu(OnnxGraph g, string x)
    {
        var erf = g.Node("Erf", [g.Node("Mul", [x, g.Constant(g.Fresh("inv_sqrt2"), [(float)(1 / Math.Sqrt(2))])])]);
        var onePlus = g.Node("Add", [erf, g.Constant(g.Fresh("one"), [1f])]);
        return g.Node("Mul", [g.Node("Mul", [x, onePlus]), g.Constant(g.Fresh("half"), [0.5f])]);
    }

    /// <summary>An <see cref="Mlp"/> (Linear and activation layers, PyTorch's child names) under <paramref name="name"/>.</summary>
    public static string Sequential(OnnxGraph g, string x, Sequential mlp, string name)
    {
        for (int i = 0; i < mlp.Layers.Count; i++)
        {
            x = mlp.Layers[i] switch
            {
                Linear linear => Linear(g, x, linear, $"{name}.{i}"),
                ActivationLayer a => Activate(g, x, a.Activation),
                var other => throw new ConfigException($"{name}.{i} is a {other.GetType().Name}, which has no ONNX export yet"),
            };
        }
        return x;
    }

    /// <summary>The activation between an MLP's layers (tanh when it has none).</summary>
    public static Activation ActivationOf(Sequential mlp) => mlp.Layers.OfType<ActivationLayer>().FirstOrDefault()?.Activation ?? Activation.Tanh;

    /// <summary>The layer sizes of an MLP: input, hidden…, output.</summary>
    public static int[] Sizes(Sequential mlp)
    {
        var linears = mlp.Layers.OfType<Linear>().ToArray();
        return [linears[0].InFeatures, .. linears.Select(l => l.OutFeatures)];
    }

    /// <summary>clip((x − mean) / √(var + ε), −clip, clip) with the statistics frozen as float32 constants.</summary>
    public static string Normalize(OnnxGraph g, string x, ObservationNormalizer normalizer)
    {
        int n = normalizer.Mean.Count;
        var mean = normalizer.Mean.Select(m => (float)m).ToArray();
        var std = normalizer.Variance.Select(v => (float)Math.Sqrt(v + ObservationNormalizer.Epsilon)).ToArray();
        var centred = g.Node("Sub", [x, g.Constant("obs_norm.mean", mean, n)]);
        var scaled = g.Node("Div", [centred, g.Constant("obs_norm.std", std, n)]);
        return g.Node("Clip", [scaled, g.Constant("obs_norm.clip_low", [(float)-normalizer.Clip]), g.Constant("obs_norm.clip_high", [(float)normalizer.Clip])]);
    }

    /// <summary>[batch, n] → [batch] (a value head's single column).</summary>
    public static string DropLastAxis(OnnxGraph g, string x, string output) =>
        g.Node("Squeeze", [x, Axes(g, 1)], [output])[0];

    /// <summary>The state-independent log std [n] broadcast to the mean's shape [batch, n].</summary>
    public static string BroadcastLike(OnnxGraph g, string logStd, string like, string output) =>
        g.Node("Expand", [logStd, g.Node("Shape", [like])], [output])[0];

    /// <summary>Columns [start, start + count) of x [batch, n].</summary>
    public static string Columns(OnnxGraph g, string x, int start, int count) =>
        g.Node("Slice", [x, g.Int64s(g.Fresh("starts"), start), g.Int64s(g.Fresh("ends"), start + count), Axes(g, 1)]);

    /// <summary>One GRU step: h′ [batch, hidden] from x [batch, input] and h [batch, hidden].</summary>
    public static string GruStep(OnnxGraph g, string x, string h, Gru gru, string name, string? output = null)
    {
        int hidden = gru.HiddenSize;
        string w = g.Constant($"{name}.W", ZrnOrder(gru.WeightIh.F32), 1, 3 * hidden, gru.InputSize);
        string r = g.Constant($"{name}.R", ZrnOrder(gru.WeightHh.F32), 1, 3 * hidden, hidden);
        string b = "";
        if (gru.BiasIh is { } bih && gru.BiasHh is { } bhh)
        {
            b = g.Constant($"{name}.B", [.. ZrnOrder(bih.F32), .. ZrnOrder(bhh.F32)], 1, 6 * hidden);
        }
        else if (gru.BiasIh is not null || gru.BiasHh is not null)
        {
            throw new ConfigException($"{name} has one bias of two; ONNX's GRU takes both or neither");
        }
        string axis0 = Axes(g, 0);
        var sequence = g.Node("Unsqueeze", [x, axis0]);
        var initial = g.Node("Unsqueeze", [h, axis0]);
        var last = g.Node("GRU", [sequence, w, r, b, "", initial], ["", g.Fresh("gru_last")],
            OnnxAttribute.Of("hidden_size", (long)hidden), OnnxAttribute.Of("linear_before_reset", 1L))[1];
        return output is null ? g.Node("Squeeze", [last, axis0]) : g.Node("Squeeze", [last, axis0], [output])[0];
    }

    private static string Axes(OnnxGraph g, long axis) => g.Int64s(g.Fresh("axes"), axis);

    /// <summary>Gate blocks of [3·hidden, …] reordered from the engine's (r, z, n) to ONNX's (z, r, h).</summary>
    private static float[] ZrnOrder(ReadOnlySpan<float> rzn)
    {
        int block = rzn.Length / 3;
        var zrn = new float[rzn.Length];
        rzn.Slice(block, block).CopyTo(zrn);
        rzn[..block].CopyTo(zrn.AsSpan(block));
        rzn.Slice(2 * block, block).CopyTo(zrn.AsSpan(2 * block));
        return zrn;
    }
}
