namespace MetaRL.Optim;

/// <summary>
/// Stochastic gradient descent with optional momentum (Sutskever et al., 2013), Nesterov momentum
/// (Nesterov, 1983) and L2 weight decay, following PyTorch's update exactly:
/// <code>
/// g ← ∇θ + λ·θ
/// b ← g (first step) or μ·b + (1 − τ)·g
/// g ← g + μ·b (Nesterov) or b
/// θ ← θ − η·g
/// </code>
/// Float32 parameters keep a float32 momentum buffer. Gradients are read, never modified.
/// </summary>
public sealed class Sgd : Optimizer
{
    private readonly Tensor?[] _buffers;
    private long _step;

    public Sgd(IEnumerable<Tensor> parameters, SgdOptions? options = null)
        : base(parameters, (options ?? new SgdOptions()).LearningRate)
    {
        Options = options ?? new SgdOptions();
        Options.Validate();
        _buffers = new Tensor?[Parameters.Count];
    }

    public SgdOptions Options { get; }

    /// <summary>Number of steps taken.</summary>
    public long StepCount => _step;

    /// <inheritdoc />
    public override void Step()
    {
        _step++;
        for (int i = 0; i < Parameters.Count; i++)
        {
            var p = Parameters[i];
            if (p.Grad is null) { continue; }
            bool fresh = false;
            if (Options.Momentum != 0 && _buffers[i] is null)
            {
                _buffers[i] = Tensor.Zeros(p.Shape, p.DType);
                fresh = true;
            }
            var buffer = _buffers[i];
            if (p.DType == DType.Float32)
            {
                Update(p.F32, p.Grad.F32, buffer is null ? default : buffer.F32, fresh);
            }
            else
            {
                Update(p.F64, p.Grad.F64, buffer is null ? default : buffer.F64, fresh);
            }
        }
    }

    private void Update<T>(Span<T> p, ReadOnlySpan<T> gradient, Span<T> buffer, bool fresh)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T lr = T.CreateChecked(LearningRate), wd = T.CreateChecked(Options.WeightDecay);
        T mu = T.CreateChecked(Options.Momentum), keep = T.One - T.CreateChecked(Options.Dampening);
        bool decay = Options.WeightDecay != 0, momentum = Options.Momentum != 0, nesterov = Options.Nesterov;
        if (!decay && !momentum)
        {
            // θ ← θ − η·g, vectorised.
            TensorPrimitives.MultiplyAdd(gradient, -lr, p, p);
            return;
        }
        int j = 0;
        if (Vector.IsHardwareAccelerated && p.Length >= Vector<T>.Count)
        {
            Vector<T> vlr = new(lr), vwd = new(wd), vmu = new(mu), vkeep = new(keep);
            var pv = MemoryMarshal.Cast<T, Vector<T>>(p);
            var gv = MemoryMarshal.Cast<T, Vector<T>>(gradient);
            var bv = momentum ? MemoryMarshal.Cast<T, Vector<T>>(buffer) : default;
            for (int k = 0; k < pv.Length; k++)
            {
                var g = decay ? gv[k] + vwd * pv[k] : gv[k];
                if (momentum)
                {
                    var b = bv[k] = fresh ? g : vmu * bv[k] + vkeep * g;
                    g = nesterov ? g + vmu * b : b;
                }
                pv[k] -= vlr * g;
            }
            j = pv.Length * Vector<T>.Count;
        }
        // Same operations in the same order as the vector loop.
        for (; j < p.Length; j++)
        {
            T g = decay ? gradient[j] + wd * p[j] : gradient[j];
            if (momentum)
            {
                T b = buffer[j] = fresh ? g : mu * buffer[j] + keep * g;
                g = nesterov ? g + mu * b : b;
            }
            p[j] -= lr * g;
        }
    }

    /// <inheritdoc />
    /// <remarks>Holds <c>step</c> and one <c>momentum_buffer.{i}</c> for each parameter whose buffer exists
    /// (PyTorch creates a buffer at a parameter's first step with a gradient).</remarks>
    public override Dictionary<string, Tensor> StateDict()
    {
        var state = new Dictionary<string, Tensor> { ["step"] = Tensor.FromArray(new[] { _step }, 1) };
        for (int i = 0; i < Parameters.Count; i++)
        {
            if (_buffers[i] is { } b) { state[$"momentum_buffer.{i}"] = b.Clone(); }
        }
        return state;
    }

    /// <inheritdoc />
    public override void LoadStateDict(IReadOnlyDictionary<string, Tensor> state)
    {
        if (!state.TryGetValue("step", out var step) || step.Numel != 1) { throw new KeyNotFoundException("SGD state lacks 'step'."); }
        var buffers = new Tensor?[Parameters.Count];
        for (int i = 0; i < Parameters.Count; i++)
        {
            string key = $"momentum_buffer.{i}";
            if (!state.ContainsKey(key)) { continue; }
            var like = Tensor.Zeros(Parameters[i].Shape, Parameters[i].DType);
            var source = Require(state, key, like);
            like.CopyFrom(source.DType == like.DType ? source : source.To(like.DType));
            buffers[i] = like;
        }
        buffers.CopyTo(_buffers, 0);
        _step = (long)step[0];
    }
}
