namespace MetaRL.Cli.Commands.Bench;

/// <summary>
/// Where <see cref="TransformerBench"/>'s training step spends its time: each kind of op timed on its own (forward
/// and backward, median of several runs on one thread) at the shapes the step uses, times the number of times the
/// step uses it, and the rest of the step (residual adds, reshapes, slicing, the graph walk, allocation) as
/// <c>other</c> = the full step minus those parts; and where the KV-cached online step's microseconds go
/// (<see cref="MeasureAct"/>).
/// </summary>
internal static class TransformerProfile
{
    public static SortedDictionary<string, double> Measure(int samples)
    {
        using var oneThread = new TransformerBench.OneThread();
        const int n = TransformerBench.Batch * TransformerBench.Context, d = TransformerBench.ModelDim, layers = TransformerBench.Layers;
        var rng = new Rng(3);
        double Linear(int rows, int inF, int outF)
        {
            var x = Tensor.RandN([rows, inF], rng).RequireGrad();
            var w = Tensor.RandN([outF, inF], rng).RequireGrad();
            var b = Tensor.RandN([outF], rng).RequireGrad();
            var g = Tensor.RandN([rows, outF], rng);
            return Time(samples, () => Ops.Linear(x, w, b).Backward(g), x, w, b);
        }
        double matmuls = (layers * ((4 * Linear(n, d, d)) + Linear(n, d, TransformerBench.MlpWidth) + Linear(n, TransformerBench.MlpWidth, d)))
            + Linear(n, TransformerBench.TokenDim, d) + Linear(n, d, TransformerBench.Outputs);

        int[] seq = [TransformerBench.Batch, TransformerBench.Context, d];
        var q = Tensor.RandN(seq, rng).RequireGrad();
        var k = Tensor.RandN(seq, rng).RequireGrad();
        var v = Tensor.RandN(seq, rng).RequireGrad();
        var go = Tensor.RandN(seq, rng);
        double attention = layers * Time(samples, () => Ops.CausalAttention(q, k, v, TransformerBench.Heads).Backward(go), q, k, v);

        var xs = Tensor.RandN(seq, rng).RequireGrad();
        var gain = Tensor.Ones([d]).RequireGrad();
        var shift = Tensor.Zeros([d]).RequireGrad();
        double layerNorm = ((2 * layers) + 1) * Time(samples, () => Ops.LayerNorm(xs, gain, shift).Backward(go), xs, gain, shift);

        var h = Tensor.RandN([n, TransformerBench.MlpWidth], rng).RequireGrad();
        var gh = Tensor.RandN([n, TransformerBench.MlpWidth], rng);
        double gelu = layers * Time(samples, () => Ops.Gelu(h).Backward(gh), h);

        var stepper = new TransformerBench.TrainStepper(seed: 1);
        stepper.Run();
        var model = stepper.Model;
        var opt = AdamW.Create(model.Parameters(), learningRate: 1e-9);
        double adamw = Time(samples, opt.Step);

        double total = Time(samples, stepper.Run);
        var parts = new SortedDictionary<string, double>(StringComparer.Ordinal)
        {
            ["matmul (Linear layers, fwd+bwd)"] = matmuls,
            ["attention (fused, fwd+bwd)"] = attention,
            ["layer_norm (fwd+bwd)"] = layerNorm,
            ["gelu (fwd+bwd)"] = gelu,
            ["adamw"] = adamw,
        };
        parts["other"] = total - parts.Values.Sum();
        parts["total"] = total;
        foreach (var key in parts.Keys.ToArray()) { parts[key] = Math.Round(parts[key], 2); }
        return parts;
    }

    /// <summary>
    /// The online step at context 500 in parts (thread-CPU microseconds over <paramref name="samples"/> runs, the median
    /// and, less disturbed on a loaded machine, the minimum):
    /// <c>step_at_500</c>, the step the bench times (recomputing position 499 of a full window); <c>step_at_1</c>, the
    /// same model at position 0, where attention has one key, so it is the matrix–vector products (the projections, the
    /// MLP, the embedding and head: 4·(4·128² + 2·128·512) ≈ 0.79 M multiply-adds over 3.1 MB of weights), the layer
    /// norms and the GELU; <c>attention_over_499_keys</c>, their difference (scores against the cached keys, softmax, the
    /// mix of cached values: 2 × 4 layers × 500 × 128 multiply-adds over 2 MB of keys and values); and the bytes the
    /// step allocates (0: the path runs on spans in the cache's own buffers, no autograd tape).
    /// </summary>
    public static SortedDictionary<string, double> MeasureAct(int samples)
    {
        using var oneThread = new TransformerBench.OneThread();
        const int context = TransformerBench.ActContext, w = TransformerBench.TokenDim;
        var rng = new Rng(2);
        var model = new Gpt(TransformerBench.Options(context), rng);
        var tokens = Tensor.RandN([context, w], rng).ToFloatArray();
        var output = new float[TransformerBench.Outputs];
        var full = model.CreateCache();
        var first = model.CreateCache();
        full.Sync(tokens, output);
        // Sync with an unchanged window recomputes its last position only; a one-token window is position 0 again.
        var (atEnd, atEndMin) = TimeUs(samples, () => full.Sync(tokens, output));
        var (atStart, atStartMin) = TimeUs(samples, () => first.Sync(tokens.AsSpan(0, w), output));
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10; i++) { full.Sync(tokens, output); }
        double bytes = (GC.GetAllocatedBytesForCurrentThread() - before) / 10.0;
        return new SortedDictionary<string, double>(StringComparer.Ordinal)
        {
            ["act_step_at_500_us"] = Math.Round(atEnd, 1),
            ["act_step_at_1_us (gemv, norms, gelu)"] = Math.Round(atStart, 1),
            ["act_attention_over_499_keys_us"] = Math.Round(atEnd - atStart, 1),
            ["act_step_at_500_us_min"] = Math.Round(atEndMin, 1),
            ["act_step_at_1_us_min"] = Math.Round(atStartMin, 1),
            ["act_attention_over_499_keys_us_min"] = Math.Round(atEndMin - atStartMin, 1),
            ["act_allocated_bytes_per_step"] = bytes,
        };
    }

    private static (double Median, double Min) TimeUs(int samples, Action run)
    {
        var us = new double[samples];
        for (int s = -1; s < samples; s++)
        {
            double t0 = Clock();
            run();
            if (s >= 0) { us[s] = (Clock() - t0) * 1e6; }
        }
        return (SgemmBench.Median(us), us.Min());
    }

    /// <summary>Median milliseconds of <paramref name="run"/> after one warm-up, each run in a <see cref="TensorArena"/> step,
    /// clearing the leaves' gradients before each run; the thread's CPU time where it can be read (this machine is shared, and a part measured while descheduled
    /// would swamp the others), wall-clock time elsewhere.</summary>
    private static double Time(int samples, Action run, params Tensor[] leaves)
    {
        var ms = new double[samples];
        for (int s = -1; s < samples; s++)
        {
            foreach (var leaf in leaves) { leaf.Grad = null; }
            double t0 = Clock();
            using (TensorArena.Step()) { run(); } // as the full step runs (its buffers reused from the warm-up on)
            if (s >= 0) { ms[s] = (Clock() - t0) * 1e3; }
        }
        return SgemmBench.Median(ms);
    }

    private static double Clock() => ThreadCpuClock.IsAvailable ? ThreadCpuClock.Seconds() : Stopwatch.GetTimestamp() / (double)Stopwatch.Frequency;
}
