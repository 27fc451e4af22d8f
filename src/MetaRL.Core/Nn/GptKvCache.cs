namespace MetaRL.Nn;

/// <summary>
/// Per-layer key and value caches of one <see cref="Gpt"/> episode, for acting online one token at a time:
/// <see cref="Append"/> computes only the new position (matrix–vector products, attention over the cached keys and
/// values) and stores its keys and values, so a step costs O(position) rather than a forward over the whole prefix.
/// Per layer, keys are kept transposed as [head][head_dim][position] (the scores are then a weighted sum of rows,
/// vectorised along positions) and values as [head][position][head_dim]. When the cache
/// is full (<see cref="GptOptions.Context"/> positions), the next append starts a new window holding the most recent
/// ⌊context/2⌋ tokens, re-encoded from position 0 as training saw them, then the new token.
/// </summary>
public sealed class GptKvCache
{
    private readonly Gpt _model;
    private readonly float[][] _keys, _values;
    private readonly float[] _tokens;
    private readonly float[] _x, _a, _q, _k, _v, _att, _y, _hidden, _scores, _xhat;
    private int _length, _tokenCount;

    internal GptKvCache(Gpt model)
    {
        var o = model.Options;
        if (model.Wte.Weight.DType != DType.Float32) { throw new NotSupportedException("The KV cache runs float32 models only."); }
        _model = model;
        int perLayer = o.Context * o.ModelDim;
        _keys = Enumerable.Range(0, o.Layers).Select(_ => new float[perLayer]).ToArray();
        _values = Enumerable.Range(0, o.Layers).Select(_ => new float[perLayer]).ToArray();
        _tokens = new float[o.Context * o.TokenDim];
        (_x, _a, _q, _k, _v, _att, _y, _xhat) = (new float[o.ModelDim], new float[o.ModelDim], new float[o.ModelDim], new float[o.ModelDim], new float[o.ModelDim], new float[o.ModelDim], new float[o.ModelDim], new float[o.ModelDim]);
        _hidden = new float[o.MlpWidth];
        _scores = new float[o.Context];
    }

    /// <summary>Positions cached so far (the position the next token takes).</summary>
    public int Length => _length;

    /// <summary>Forgets every cached position (a new episode).</summary>
    public void Reset()
    {
        _length = 0;
        _tokenCount = 0;
    }

    /// <summary>Appends <paramref name="token"/> and writes the model's outputs at its position into <paramref name="output"/>.</summary>
    public void Append(Gpt model, ReadOnlySpan<float> token, Span<float> output)
    {
        if (!ReferenceEquals(model, _model)) { throw new ArgumentException("This KV cache belongs to another model."); }
        var o = _model.Options;
        if (token.Length != o.TokenDim) { throw new ArgumentException($"A GPT token has {o.TokenDim} features, got {token.Length}."); }
        if (output.Length != o.OutputDim) { throw new ArgumentException($"The GPT output needs {o.OutputDim} slots, got {output.Length}."); }
        if (_length == o.Context) { Slide(); }
        token.CopyTo(_tokens.AsSpan(_tokenCount++ * o.TokenDim, o.TokenDim));
        Encode(token);
        Finish(output);
    }

    /// <summary>Restarts the window with the most recent ⌊context/2⌋ tokens, re-encoded from position 0.</summary>
    private void Slide()
    {
        var o = _model.Options;
        int keep = o.Context / 2;
        _tokens.AsSpan((_tokenCount - keep) * o.TokenDim, keep * o.TokenDim).CopyTo(_tokens);
        _length = 0;
        _tokenCount = keep;
        for (int t = 0; t < keep; t++) { Encode(_tokens.AsSpan(t * o.TokenDim, o.TokenDim)); }
    }

    /// <summary>Runs the new position through every block, leaving the residual stream in _x and caching its keys and values.</summary>
    private void Encode(ReadOnlySpan<float> token)
    {
        var o = _model.Options;
        int d = o.ModelDim, heads = o.Heads, hd = d / heads, t = _length;
        Linear(_model.Wte, token, _x);
        if (_model.Wpe is not null) { TensorPrimitives.Add(_x, _model.Wpe.F32.Slice(t * d, d), _x); }
        float scale = 1f / MathF.Sqrt(hd);
        for (int l = 0; l < o.Layers; l++)
        {
            var block = _model.Blocks[l];
            Norm(block.Ln1, _x, _a);
            Linear(block.Attn.QProj, _a, _q);
            Linear(block.Attn.KProj, _a, _k);
            Linear(block.Attn.VProj, _a, _v);
            var keys = _keys[l];
            var values = _values[l];
            for (int h = 0; h < heads; h++)
            {
                int headBase = h * o.Context * hd;
                for (int c = 0; c < hd; c++) { keys[headBase + (c * o.Context) + t] = _k[(h * hd) + c]; }
                _v.AsSpan(h * hd, hd).CopyTo(values.AsSpan(headBase + (t * hd), hd));
                var scores = _scores.AsSpan(0, t + 1);
                // Keys are stored transposed, so the scores are a q-weighted sum of key rows along positions
                // (vectorised over positions, no horizontal sums).
                Gemv.WeightedRows(keys.AsSpan(headBase, o.Context * hd), o.Context, _q.AsSpan(h * hd, hd), scores);
                float max = TensorPrimitives.Max(scores);
                Kernels.CausalAttention.ExpAffine(scores, scale, -scale * max);
                TensorPrimitives.Multiply(scores, 1f / TensorPrimitives.Sum(scores), scores);
                Gemv.WeightedRows(values.AsSpan(headBase, (t + 1) * hd), scores, _att.AsSpan(h * hd, hd));
            }
            Linear(block.Attn.OutProj, _att, _y);
            TensorPrimitives.Add(_x, _y, _x);
            Norm(block.Ln2, _x, _a);
            Linear(block.MlpIn, _a, _hidden);
            Activate(block.MlpActivation, _hidden);
            Linear(block.MlpOut, _hidden, _y);
            TensorPrimitives.Add(_x, _y, _x);
        }
        _length++;
    }

    private void Finish(Span<float> output)
    {
        Norm(_model.LnF, _x, _a);
        Linear(_model.Head, _a, output);
    }

    private static void Linear(Linear layer, ReadOnlySpan<float> x, Span<float> y) =>
        Gemv.Rows(layer.Weight.F32, x, layer.Bias is null ? default : layer.Bias.F32, y);

    private void Norm(LayerNorm norm, ReadOnlySpan<float> x, Span<float> y)
    {
        x.CopyTo(y);
        if (norm.Weight is null || norm.Bias is null)
        {
            var ones = new float[x.Length];
            ones.AsSpan().Fill(1f);
            RowLayerNorm.Forward<float>(y, ones, new float[x.Length], _xhat, norm.Eps);
            return;
        }
        RowLayerNorm.Forward<float>(y, norm.Weight.F32, norm.Bias.F32, _xhat, norm.Eps);
    }

    private static void Activate(Activation activation, Span<float> h)
    {
        switch (activation)
        {
            case Activation.Gelu: Kernels.Gelu.Forward(h, h); break;
            case Activation.Relu: TensorPrimitives.Max(h, 0f, h); break;
            case Activation.Tanh: TensorPrimitives.Tanh(h, h); break;
            case Activation.Sigmoid: TensorPrimitives.Sigmoid(h, h); break;
            default: break;
        }
    }
}
