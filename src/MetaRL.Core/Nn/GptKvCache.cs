namespace MetaRL.Nn;

/// <summary>
/// Per-layer key and value caches of one <see cref="Gpt"/> sequence, for acting online: the cache remembers the tokens
/// it has encoded and their keys and values, and computes only positions it has not seen. <see cref="Sync"/> takes the
/// whole input the model should read (a window of tokens from position 0) and keeps the longest prefix it already holds
/// (same tokens at the same positions), so an appended step costs one position and a changed window (a slid one, whose
/// learned positions all moved, or a new query in front) is re-encoded exactly; the outputs equal the last row of
/// <see cref="Gpt.Forward(Tensor)"/> over that input to float rounding. <see cref="Push"/> appends one token and, when the
/// cache is full, restarts the window with the newest ⌊context/2⌋ tokens (the benchmark's online step).
/// One position is matrix–vector products and attention over the cached keys (span kernels, no autograd, no
/// allocation); several positions from position 0 run as GEMMs and the fused causal attention, as the full forward does.
/// Per layer, keys are kept transposed as [head][head_dim][position] (the scores are then a weighted sum of rows,
/// vectorised along positions) and values as [head][position][head_dim]. The parameters are read as they are at each
/// call (LoRA adapters included); float32 models only, no dropout.
/// </summary>
public sealed class GptKvCache
{
    private readonly float[][] _keys, _values;
    private readonly float[] _tokens;
    private readonly float[] _scores, _xhat, _ones, _zeros;
    private float[] _x = [], _a = [], _q = [], _k = [], _v = [], _att = [], _y = [], _hidden = [], _lse = [], _attScratch = [], _low = [];
    private int _rows, _length;

    internal GptKvCache(Gpt model)
    {
        var o = model.Options;
        if (model.Wte.Weight.DType != DType.Float32) { throw new NotSupportedException("The KV cache runs float32 models only."); }
        Model = model;
        int perLayer = o.Context * o.ModelDim;
        _keys = new float[o.Layers][];
        _values = new float[o.Layers][];
        for (int l = 0; l < o.Layers; l++) { (_keys[l], _values[l]) = (new float[perLayer], new float[perLayer]); }
        _tokens = new float[o.Context * o.TokenDim];
        _scores = new float[o.Context];
        _xhat = new float[o.ModelDim];
        _ones = new float[o.ModelDim];
        _ones.AsSpan().Fill(1f);
        _zeros = new float[o.ModelDim];
        EnsureRows(1);
    }

    /// <summary>The model this cache belongs to.</summary>
    public Gpt Model { get; }

    /// <summary>Positions cached so far (the position the next token takes).</summary>
    public int Length => _length;

    /// <summary>The tokens of the cached positions, [<see cref="Length"/>, token_dim] row-major.</summary>
    public ReadOnlySpan<float> Tokens => _tokens.AsSpan(0, _length * Model.Options.TokenDim);

    /// <summary>Forgets every cached position (a new episode).</summary>
    public void Reset() => _length = 0;

    /// <summary>Appends the tokens <paramref name="tokens"/> ([P, token_dim] row-major, P ≥ 1, <see cref="Length"/> + P ≤
    /// context) at positions <see cref="Length"/>… and writes the model's outputs at the last of them.</summary>
    public void Append(ReadOnlySpan<float> tokens, Span<float> output)
    {
        var o = Model.Options;
        if (tokens.Length == 0 || tokens.Length % o.TokenDim != 0) { throw new ArgumentException($"Tokens of {o.TokenDim} features expected, got {tokens.Length} values."); }
        if (output.Length != o.OutputDim) { throw new ArgumentException($"The GPT output needs {o.OutputDim} slots, got {output.Length}."); }
        int count = tokens.Length / o.TokenDim;
        if (_length + count > o.Context) { throw new ArgumentException($"{count} more positions overflow the cache: {_length} of {o.Context} are used."); }
        Encode(tokens, count, output);
    }

    /// <summary>
    /// Makes the cache hold exactly <paramref name="sequence"/> ([T, token_dim], 1 ≤ T ≤ context, position 0 first) and
    /// writes the model's outputs at its last position: the longest prefix already cached is kept, the rest encoded.
    /// Returns the positions computed (1 for an appended step; T for a window that changed at its start).
    /// </summary>
    public int Sync(ReadOnlySpan<float> sequence, Span<float> output)
    {
        var o = Model.Options;
        int w = o.TokenDim;
        if (sequence.Length == 0 || sequence.Length % w != 0) { throw new ArgumentException($"Tokens of {w} features expected, got {sequence.Length} values."); }
        int steps = sequence.Length / w;
        if (steps > o.Context) { throw new ArgumentException($"GPT sequence length {steps} must lie in [1, {o.Context}] (the context)."); }
        int shared = Math.Min(_length, steps);
        // Bitwise comparison: a position is reused only for the very token it encoded.
        var fresh = MemoryMarshal.Cast<float, int>(sequence);
        var held = MemoryMarshal.Cast<float, int>(_tokens.AsSpan());
        int same = 0;
        while (same < shared && fresh.Slice(same * w, w).SequenceEqual(held.Slice(same * w, w))) { same++; }
        // The outputs are not kept: an unchanged input recomputes its last position.
        _length = Math.Min(same, steps - 1);
        int computed = steps - _length;
        Append(sequence[(_length * w)..], output);
        return computed;
    }

    /// <summary>Appends one token, first restarting a full window with its newest ⌊context/2⌋ tokens re-encoded from
    /// position 0 (as training saw them), and writes the outputs at its position.</summary>
    public void Push(ReadOnlySpan<float> token, Span<float> output)
    {
        var o = Model.Options;
        if (token.Length != o.TokenDim) { throw new ArgumentException($"A GPT token has {o.TokenDim} features, got {token.Length}."); }
        if (_length == o.Context)
        {
            int keep = o.Context / 2;
            _tokens.AsSpan((_length - keep) * o.TokenDim, keep * o.TokenDim).CopyTo(_tokens);
            _length = 0;
            if (keep > 0) { Encode(_tokens.AsSpan(0, keep * o.TokenDim), keep, output); }
        }
        Append(token, output);
    }

    /// <summary>Runs <paramref name="count"/> new positions through the model, caching their tokens, keys and values,
    /// and writes the outputs of the last one.</summary>
    private void Encode(ReadOnlySpan<float> tokens, int count, Span<float> output)
    {
        var o = Model.Options;
        int d = o.ModelDim, start = _length;
        EnsureRows(count);
        // The tokens may live in _tokens already (a restarted window): copy before writing over them.
        tokens[..(count * o.TokenDim)].CopyTo(_tokens.AsSpan(start * o.TokenDim));
        var x = _x.AsSpan(0, count * d);
        var a = _a.AsSpan(0, count * d);
        var y = _y.AsSpan(0, count * d);
        Linear(Model.Wte, _tokens.AsSpan(start * o.TokenDim, count * o.TokenDim), count, x);
        if (Model.Wpe is not null) { TensorPrimitives.Add(x, Model.Wpe.F32.Slice(start * d, count * d), x); }
        for (int l = 0; l < o.Layers; l++)
        {
            var block = Model.Blocks[l];
            Norm(block.Ln1, x, a, count);
            Linear(block.Attn.QProj, a, count, _q.AsSpan(0, count * d));
            Linear(block.Attn.KProj, a, count, _k.AsSpan(0, count * d));
            Linear(block.Attn.VProj, a, count, _v.AsSpan(0, count * d));
            Attend(l, start, count);
            Linear(block.Attn.OutProj, _att.AsSpan(0, count * d), count, y);
            TensorPrimitives.Add(x, y, x);
            Norm(block.Ln2, x, a, count);
            var hidden = _hidden.AsSpan(0, count * o.MlpWidth);
            Linear(block.MlpIn, a, count, hidden);
            Activate(block.MlpActivation, hidden);
            Linear(block.MlpOut, hidden, count, y);
            TensorPrimitives.Add(x, y, x);
        }
        _length = start + count;
        var last = x.Slice((count - 1) * d, d);
        var normed = a[..d];
        Norm(Model.LnF, last, normed, 1);
        Linear(Model.Head, normed, 1, output);
    }

    /// <summary>Stores the new positions' keys and values and writes their attention outputs into _att.</summary>
    private unsafe void Attend(int layer, int start, int count)
    {
        var o = Model.Options;
        int d = o.ModelDim, heads = o.Heads, hd = d / heads, ctx = o.Context;
        var keys = _keys[layer];
        var values = _values[layer];
        for (int r = 0; r < count; r++)
        {
            int t = start + r;
            for (int h = 0; h < heads; h++)
            {
                int headBase = h * ctx * hd;
                for (int c = 0; c < hd; c++) { keys[headBase + (c * ctx) + t] = _k[(r * d) + (h * hd) + c]; }
                _v.AsSpan((r * d) + (h * hd), hd).CopyTo(values.AsSpan(headBase + (t * hd), hd));
            }
        }
        float scale = 1f / MathF.Sqrt(hd);
        if (start == 0 && count > 1)
        {
            // A window from position 0: the fused causal attention of the full forward, on the new rows themselves.
            fixed (float* pq = _q, pk = _k, pv = _v, po = _att, pl = _lse, ps = _attScratch)
            {
                for (int h = 0; h < heads; h++)
                {
                    Kernels.CausalAttention.Forward(count, hd, d, scale, pq + (h * hd), pk + (h * hd), pv + (h * hd), po + (h * hd), pl, ps);
                }
            }
            return;
        }
        for (int r = 0; r < count; r++)
        {
            int t = start + r;
            var scores = _scores.AsSpan(0, t + 1);
            for (int h = 0; h < heads; h++)
            {
                int headBase = h * ctx * hd;
                // Keys are stored transposed, so the scores are a q-weighted sum of key rows along positions
                // (vectorised over positions, no horizontal sums).
                Gemv.WeightedRows(keys.AsSpan(headBase, ctx * hd), ctx, _q.AsSpan((r * d) + (h * hd), hd), scores);
                float max = TensorPrimitives.Max(scores);
                Kernels.CausalAttention.ExpAffine(scores, scale, -scale * max);
                // The softmax's normalisation is applied to the head's output (head_dim values) rather than to the
                // t + 1 weights.
                var head = _att.AsSpan((r * d) + (h * hd), hd);
                Gemv.WeightedRows(values.AsSpan(headBase, (t + 1) * hd), scores, head);
                TensorPrimitives.Multiply(head, 1f / TensorPrimitives.Sum(scores), head);
            }
        }
    }

    /// <summary>y = x·Wᵀ + b (+ the LoRA term) for <paramref name="rows"/> rows.</summary>
    private void Linear(Linear layer, ReadOnlySpan<float> x, int rows, Span<float> y)
    {
        int inF = layer.InFeatures, outF = layer.OutFeatures;
        var w = layer.Weight.F32;
        var b = layer.Bias is null ? default : layer.Bias.F32;
        if (rows == 1) { Gemv.Rows(w, x[..inF], b, y[..outF]); }
        else
        {
            MatMul.Gemm(false, true, rows, outF, inF, x[..(rows * inF)], w, y[..(rows * outF)]);
            if (!b.IsEmpty)
            {
                for (int r = 0; r < rows; r++) { TensorPrimitives.Add(y.Slice(r * outF, outF), b, y.Slice(r * outF, outF)); }
            }
        }
        if (layer.Adapter is { } lora)
        {
            // (α/r)·x·Aᵀ·Bᵀ: down to rank r, then up, accumulated into y.
            int rank = lora.Rank;
            if (_low.Length < rows * rank) { _low = new float[rows * rank]; }
            var low = _low.AsSpan(0, rows * rank);
            MatMul.Gemm(false, true, rows, rank, inF, x[..(rows * inF)], lora.A.F32, low);
            TensorPrimitives.Multiply(low, (float)lora.Scale, low);
            MatMul.Gemm(false, true, rows, outF, rank, low, lora.B.F32, y[..(rows * outF)], accumulate: true);
        }
    }

    private void Norm(LayerNorm norm, ReadOnlySpan<float> x, Span<float> y, int rows)
    {
        int d = norm.Dim;
        ReadOnlySpan<float> gain = norm.Weight is null ? _ones : norm.Weight.F32;
        ReadOnlySpan<float> shift = norm.Bias is null ? _zeros : norm.Bias.F32;
        for (int r = 0; r < rows; r++)
        {
            var row = y.Slice(r * d, d);
            x.Slice(r * d, d).CopyTo(row);
            RowLayerNorm.Forward<float>(row, gain, shift, _xhat, norm.Eps);
        }
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

    /// <summary>Grows the row scratch to <paramref name="rows"/> positions (allocation only when a longer run than any
    /// before is encoded).</summary>
    private void EnsureRows(int rows)
    {
        if (rows <= _rows) { return; }
        var o = Model.Options;
        int d = o.ModelDim;
        _x = new float[rows * d];
        _a = new float[rows * d];
        _q = new float[rows * d];
        _k = new float[rows * d];
        _v = new float[rows * d];
        _att = new float[rows * d];
        _y = new float[rows * Math.Max(d, o.OutputDim)];
        _hidden = new float[rows * o.MlpWidth];
        _lse = new float[rows];
        _attScratch = new float[Kernels.CausalAttention.ForwardScratch(rows)];
        _rows = rows;
    }
}
