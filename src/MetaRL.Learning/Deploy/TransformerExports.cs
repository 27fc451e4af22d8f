using MetaRL.Learning.Decision;
using MetaRL.Serialization.Onnx;

namespace MetaRL.Learning.Deploy;

/// <summary>
/// An in-context decision model (DPT, AD): its GPT over a sequence of tokens (<see cref="TokenLayout"/>: the query token
/// first, then the context's transitions) to action logits at every position; the action for the query given the first
/// j transitions is position j's. Input <c>tokens</c> [batch, steps, features] with 1 ≤ steps ≤ the model's context;
/// output <c>logits</c> [batch, steps, actions]. Attention is written as ONNX operators (heads split by
/// <c>Reshape</c>/<c>Transpose</c>, q·kᵀ/√d plus a causal mask of −∞ above the diagonal, <c>Softmax</c>, ·v), layer norms as
/// <c>LayerNormalization</c>, which needs operator set 17 or newer.
/// </summary>
public sealed class DecisionTransformerExport(string algo, string env, DecisionTransformer model, Space actionSpace)
    : ExportedPolicy(algo, env, model, new Box(model.Gpt.Options.TokenDim, float.NegativeInfinity, float.PositiveInfinity), actionSpace)
{
    /// <summary>The input's name.</summary>
    public const string Tokens = "tokens";

    /// <summary>The operator set that brought <c>LayerNormalization</c>.</summary>
    public const int RequiredOpset = 17;

    /// <inheritdoc />
    public override string Kind => "decision_transformer";

    /// <inheritdoc />
    public override OnnxGraph Graph()
    {
        var gpt = model.Gpt;
        var o = gpt.Options;
        var g = new OnnxGraph($"{Algo}_{Kind}");
        var steps = OnnxDim.Symbol("steps");
        string tokens = g.Input(Tokens, [OnnxDim.Batch, steps, o.TokenDim], $"the query token then the context's transitions (at most {o.Context}), as TokenLayout writes them");
        var x = Linear3(g, tokens, gpt.Wte, "embed");
        var count = g.Node("Gather", [g.Node("Shape", [tokens]), g.Int64s(g.Fresh("axis"), 1)]);
        if (gpt.Wpe is { } wpe)
        {
            string table = g.Constant("wpe", wpe.F32, o.Context, o.ModelDim);
            x = g.Node("Add", [x, g.Node("Slice", [table, g.Int64s(g.Fresh("starts"), 0), count, g.Int64s(g.Fresh("axes"), 0)])]);
        }
        var mask = CausalMask(g, o.Context, count);
        for (int i = 0; i < gpt.Blocks.Count; i++)
        {
            var block = gpt.Blocks[i];
            string name = $"backbone.h.{i}";
            x = g.Node("Add", [x, Attention(g, LayerNorm(g, x, block.Ln1, $"{name}.ln1"), block.Attn, mask, $"{name}.attn")]);
            var hidden = PolicyGraph.Activate(g, Linear3(g, LayerNorm(g, x, block.Ln2, $"{name}.ln2"), block.MlpIn, $"{name}.mlp.0"), block.MlpActivation);
            x = g.Node("Add", [x, Linear3(g, hidden, block.MlpOut, $"{name}.mlp.2")]);
        }
        var logits = Linear3(g, LayerNorm(g, x, gpt.LnF, "backbone.ln_f"), gpt.Head, "head");
        g.Node("Identity", [logits], [Logits]);
        g.Output(Logits, [OnnxDim.Batch, steps, o.OutputDim], "unnormalised log-probabilities of the actions at every position (the last one's is the query's action given the whole context)");
        return g;
    }

    /// <inheritdoc />
    public override Dictionary<string, float[]> Forward(IReadOnlyDictionary<string, float[]> inputs, int batch)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        int features = model.Gpt.Options.TokenDim;
        var data = inputs[Tokens];
        using var _ = Autograd.Autograd.NoGrad();
        var logits = model.Forward(Tensor.FromArray((float[])data.Clone(), batch, data.Length / (batch * features), features));
        return new Dictionary<string, float[]> { [Logits] = logits.F32.ToArray() };
    }

    /// <inheritdoc />
    public override Dictionary<string, object?> Architecture()
    {
        var o = model.Gpt.Options;
        return new()
        {
            ["token_features"] = o.TokenDim, ["context"] = o.Context, ["model_dim"] = o.ModelDim, ["layers"] = o.Layers, ["heads"] = o.Heads,
            ["mlp_width"] = o.MlpWidth, ["activation"] = o.Activation.ToString().ToLowerInvariant(),
            ["positional"] = model.Gpt.Wpe is null ? "none" : "learned", ["outputs"] = o.OutputDim,
            ["token_layout"] = new Dictionary<string, object?>
            {
                ["observation_slot"] = model.Layout.ObservationSlot, ["action_slot"] = model.Layout.ActionSlot,
                ["order"] = "query flag, observation, action one-hot, reward, next observation (then the family one-hot and query step in a generalist)",
            },
        };
    }

    /// <summary>x·Wᵀ + b for x [batch, steps, in] (<c>Gemm</c> takes matrices only).</summary>
    private static string Linear3(OnnxGraph g, string x, Linear layer, string name)
    {
        if (layer.Adapter is not null) { throw new ConfigException($"{name} carries an unmerged low-rank adapter; merge it before exporting"); }
        var transposed = new float[layer.InFeatures * layer.OutFeatures];
        var w = layer.Weight.F32;
        for (int r = 0; r < layer.OutFeatures; r++)
        {
            for (int c = 0; c < layer.InFeatures; c++) { transposed[c * layer.OutFeatures + r] = w[r * layer.InFeatures + c]; }
        }
        var y = g.Node("MatMul", [x, g.Constant($"{name}.weight_t", transposed, layer.InFeatures, layer.OutFeatures)]);
        return layer.Bias is { } b ? g.Node("Add", [y, g.Constant($"{name}.bias", b.F32, layer.OutFeatures)]) : y;
    }

    private static string LayerNorm(OnnxGraph g, string x, Nn.LayerNorm norm, string name)
    {
        int d = norm.Weight?.Numel ?? norm.Bias?.Numel ?? throw new ConfigException($"{name}: a layer norm without gain or bias has no ONNX export yet");
        string scale = g.Constant($"{name}.weight", norm.Weight is { } w ? w.F32 : Enumerable.Repeat(1f, d).ToArray(), d);
        string bias = g.Constant($"{name}.bias", norm.Bias is { } b ? b.F32 : new float[d], d);
        return g.Node("LayerNormalization", [x, scale, bias], OnnxAttribute.Of("axis", -1L), OnnxAttribute.Of("epsilon", (float)norm.Eps));
    }

    /// <summary>[steps, steps]: 0 on and below the diagonal, −∞ above, cut from a [context, context] constant.</summary>
    private static string CausalMask(OnnxGraph g, int context, string steps)
    {
        var mask = new float[context * context];
        for (int r = 0; r < context; r++)
        {
            for (int c = r + 1; c < context; c++) { mask[r * context + c] = float.NegativeInfinity; }
        }
        string full = g.Constant("causal_mask", mask, context, context);
        var ends = g.Node("Concat", [steps, steps], OnnxAttribute.Of("axis", 0L));
        return g.Node("Slice", [full, g.Int64s(g.Fresh("starts"), 0, 0), ends, g.Int64s(g.Fresh("axes"), 0, 1)]);
    }

    private static string Attention(OnnxGraph g, string x, CausalSelfAttention attn, string mask, string name)
    {
        string split = g.Int64s(g.Fresh("heads_shape"), 0, 0, attn.Heads, attn.HeadDim);
        string Heads(Linear proj, string projName, long[] perm) =>
            g.Node("Transpose", [g.Node("Reshape", [Linear3(g, x, proj, $"{name}.{projName}"), split])], OnnxAttribute.Of("perm", perm));
        var q = Heads(attn.QProj, "q_proj", [0, 2, 1, 3]);
        var kT = Heads(attn.KProj, "k_proj", [0, 2, 3, 1]);
        var v = Heads(attn.VProj, "v_proj", [0, 2, 1, 3]);
        var scores = g.Node("Mul", [g.Node("MatMul", [q, kT]), g.Constant(g.Fresh("scale"), [(float)(1 / Math.Sqrt(attn.HeadDim))])]);
        var weights = g.Node("Softmax", [g.Node("Add", [scores, mask])], OnnxAttribute.Of("axis", -1L));
        var joined = g.Node("Reshape", [g.Node("Transpose", [g.Node("MatMul", [weights, v])], OnnxAttribute.Of("perm", new long[] { 0, 2, 1, 3 })),
            g.Int64s(g.Fresh("joined_shape"), 0, 0, attn.ModelDim)]);
        return Linear3(g, joined, attn.OutProj, $"{name}.out_proj");
    }
}
