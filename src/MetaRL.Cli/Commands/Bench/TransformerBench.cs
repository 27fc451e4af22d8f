namespace MetaRL.Cli.Commands.Bench;

/// <summary>
/// The figures of <c>metarl bench transformer</c> (issue 25's speed target), on one thread: one training step of a
/// <see cref="Gpt"/> (n_layer 4, n_head 4, d_model 128, d_ff 512, context 256, batch 8; tokens of
/// <see cref="TokenDim"/> features, <see cref="Outputs"/> outputs, cross-entropy at every position; forward,
/// backward and an AdamW step), and one online step with a KV cache at context 500 of the same model
/// (<see cref="Gpt.Step(ReadOnlySpan{float})"/> appending the 500th token). bench/transformer/torch_bench.py times the
/// identical model in PyTorch.
/// </summary>
internal static class TransformerBench
{
    public const int Layers = 4, Heads = 4, ModelDim = 128, MlpWidth = 512, Context = 256, Batch = 8;
    public const int TokenDim = 16, Outputs = 8, ActContext = 500;

    /// <summary>The benchmark model's options with the given context.</summary>
    public static GptOptions Options(int context) => new()
    {
        TokenDim = TokenDim, OutputDim = Outputs, Layers = Layers, Heads = Heads, ModelDim = ModelDim, MlpWidth = MlpWidth, Context = context,
    };

    /// <summary>Median wall-clock milliseconds of a training step over <paramref name="samples"/> steps after a warm-up,
    /// with the per-step samples and the last loss (which must be finite).</summary>
    public static TrainFigures TrainStep(int warmup, int samples)
    {
        using var oneThread = new OneThread();
        var step = new TrainStepper(seed: 1);
        for (int i = 0; i < warmup; i++) { step.Run(); }
        var ms = new double[samples];
        var cpuMs = new double[samples];
        for (int s = 0; s < samples; s++)
        {
            double c0 = ThreadCpuClock.Seconds();
            long t0 = Stopwatch.GetTimestamp();
            step.Run();
            ms[s] = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
            cpuMs[s] = (ThreadCpuClock.Seconds() - c0) * 1e3;
        }
        if (!double.IsFinite(step.LastLoss)) { throw new InvalidOperationException("The transformer training step produced a non-finite loss."); }
        return new TrainFigures(SgemmBench.Median(ms), ms, SgemmBench.Median(cpuMs), step.LastLoss, step.Model.ParameterCount);
    }

    /// <summary>Training-step figures: the median wall-clock milliseconds and the samples, the median of the thread's
    /// CPU milliseconds (NaN where unavailable; it leaves out time the thread spent descheduled on a shared machine),
    /// the last loss and the model's parameter count.</summary>
    public sealed record TrainFigures(double Median, double[] Samples, double CpuMedian, double Loss, int Parameters);

    /// <summary>Median wall-clock and thread-CPU microseconds of the KV-cached step that appends token number <see cref="ActContext"/>
    /// (the first 499 are appended untimed before each sample).</summary>
    public static (double Wall, double Cpu) ActStep(int samples)
    {
        using var oneThread = new OneThread();
        var rng = new Rng(2);
        var model = new Gpt(Options(ActContext), rng);
        model.Eval();
        var tokens = Tensor.RandN([ActContext, TokenDim], rng).ToFloatArray();
        var cache = model.CreateCache();
        var output = new float[Outputs];
        var us = new double[samples];
        var cpuUs = new double[samples];
        for (int s = -1; s < samples; s++)
        {
            cache.Reset();
            for (int t = 0; t < ActContext - 1; t++) { model.Step(cache, tokens.AsSpan(t * TokenDim, TokenDim), output); }
            double c0 = ThreadCpuClock.Seconds();
            long t0 = Stopwatch.GetTimestamp();
            model.Step(cache, tokens.AsSpan((ActContext - 1) * TokenDim, TokenDim), output);
            double elapsed = Stopwatch.GetElapsedTime(t0).TotalMicroseconds;
            double cpu = (ThreadCpuClock.Seconds() - c0) * 1e6;
            if (s >= 0) { us[s] = elapsed; cpuUs[s] = cpu; }
        }
        if (!float.IsFinite(output[0])) { throw new InvalidOperationException("The KV-cached step produced a non-finite output."); }
        return (SgemmBench.Median(us), SgemmBench.Median(cpuUs));
    }

    /// <summary>One training step of the benchmark model, reusable across samples.</summary>
    internal sealed class TrainStepper
    {
        private readonly Adam _opt;
        private readonly Tensor _tokens, _targets;

        public TrainStepper(int seed)
        {
            var rng = new Rng(seed);
            Model = new Gpt(Options(Context), rng);
            _opt = AdamW.Create(Model.Parameters(), learningRate: 3e-4);
            Tokens = _tokens = Tensor.RandN([Batch, Context, TokenDim], rng);
            var targets = new int[Batch * Context];
            for (int i = 0; i < targets.Length; i++) { targets[i] = rng.NextInt(Outputs); }
            _targets = Tensor.FromArray(targets, Batch * Context, 1);
        }

        public Gpt Model { get; }

        public Tensor Tokens { get; }

        public double LastLoss { get; private set; }

        /// <summary>One step, in a <see cref="TensorArena"/> step as the pretrainer takes it.</summary>
        public void Run()
        {
            using var step = TensorArena.Step();
            _opt.ZeroGrad();
            var logits = Ops.Reshape(Model.Forward(_tokens), Batch * Context, Outputs);
            var loss = Ops.Neg(Ops.Mean(Ops.Gather(Ops.LogSoftmax(logits, -1), 1, _targets)));
            loss.Backward();
            _opt.Step();
            LastLoss = loss.Item();
        }
    }

    /// <summary>Pins the engine's kernels to one thread for a measurement (<see cref="MatMul.MaxThreads"/>, which the
    /// GEMMs and the fused attention read), restoring the previous setting afterwards.</summary>
    internal readonly struct OneThread : IDisposable
    {
        private readonly int _saved;

        public OneThread()
        {
            _saved = MatMul.MaxThreads;
            MatMul.MaxThreads = 1;
        }

        public void Dispose() => MatMul.MaxThreads = _saved;
    }
}
