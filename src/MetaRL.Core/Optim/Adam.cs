namespace MetaRL.Optim;

/// <summary>
/// Adam (Kingma and Ba, 2015, "Adam: A Method for Stochastic Optimization"), and with
/// <see cref="AdamOptions.Decoupled"/> AdamW (Loshchilov and Hutter, 2019, "Decoupled Weight Decay
/// Regularization"). Float32 parameters keep float32 moments; the update follows PyTorch's formula
/// <c>θ ← θ − (η / (1 − β1^t))·m / (√v / √(1 − β2^t) + ε)</c>, vectorised with <see cref="Vector{T}"/>.
/// </summary>
public sealed class Adam : Optimizer
{
    private readonly Tensor[] _m, _v;
    private long _step;

    public Adam(IEnumerable<Tensor> parameters, AdamOptions? options = null)
        : base(parameters, (options ?? new AdamOptions()).LearningRate)
    {
        Options = options ?? new AdamOptions();
        Options.Validate();
        _m = Parameters.Select(p => Tensor.Zeros(p.Shape, p.DType)).ToArray();
        _v = Parameters.Select(p => Tensor.Zeros(p.Shape, p.DType)).ToArray();
    }

    public AdamOptions Options { get; }

    /// <summary>Number of steps taken.</summary>
    public long StepCount => _step;

    /// <inheritdoc />
    public override void Step()
    {
        _step++;
        double b1 = Options.Beta1, b2 = Options.Beta2;
        double bc1 = 1 - Math.Pow(b1, _step), bc2 = 1 - Math.Pow(b2, _step);
        double stepSize = LearningRate / bc1;
        double sqrtBc2 = Math.Sqrt(bc2);
        for (int i = 0; i < Parameters.Count; i++)
        {
            var p = Parameters[i];
            if (p.Grad is null) { continue; }
            if (p.DType == DType.Float32)
            {
                Update(p.F32, p.Grad.F32, _m[i].F32, _v[i].F32, (float)b1, (float)b2, (float)stepSize, (float)sqrtBc2);
            }
            else
            {
                Update(p.F64, p.Grad.F64, _m[i].F64, _v[i].F64, b1, b2, stepSize, sqrtBc2);
            }
        }
    }

    private void Update<T>(Span<T> p, ReadOnlySpan<T> g, Span<T> m, Span<T> v, T b1, T b2, T stepSize, T sqrtBc2)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        T lr = T.CreateChecked(LearningRate), wd = T.CreateChecked(Options.WeightDecay), eps = T.CreateChecked(Options.Epsilon);
        T a1 = T.One - b1, a2 = T.One - b2;
        // Coupled (L2) decay adds λθ to the gradient; decoupled decay (AdamW) shrinks θ before the step.
        bool addDecay = Options.WeightDecay != 0 && !Options.Decoupled;
        if (Options.WeightDecay != 0 && Options.Decoupled) { TensorPrimitives.Multiply(p, T.One - lr * wd, p); }
        int j = 0;
        if (Vector.IsHardwareAccelerated && p.Length >= Vector<T>.Count)
        {
            var vb1 = new Vector<T>(b1);
            var vb2 = new Vector<T>(b2);
            var va1 = new Vector<T>(a1);
            var va2 = new Vector<T>(a2);
            var vwd = new Vector<T>(wd);
            var vstep = new Vector<T>(stepSize);
            var vbc2 = new Vector<T>(sqrtBc2);
            var veps = new Vector<T>(eps);
            var pv = MemoryMarshal.Cast<T, Vector<T>>(p);
            var gv = MemoryMarshal.Cast<T, Vector<T>>(g);
            var mv = MemoryMarshal.Cast<T, Vector<T>>(m);
            var vv = MemoryMarshal.Cast<T, Vector<T>>(v);
            for (int k = 0; k < pv.Length; k++)
            {
                var gk = addDecay ? gv[k] + vwd * pv[k] : gv[k];
                var mk = mv[k] = vb1 * mv[k] + va1 * gk;
                var vk = vv[k] = vb2 * vv[k] + va2 * gk * gk;
                pv[k] -= vstep * (mk / (Vector.SquareRoot(vk) / vbc2 + veps));
            }
            j = pv.Length * Vector<T>.Count;
        }
        // Same operations in the same order as the vector loop, so results do not depend on the vector width.
        for (; j < p.Length; j++)
        {
            T gj = addDecay ? g[j] + wd * p[j] : g[j];
            T mj = m[j] = b1 * m[j] + a1 * gj;
            T vj = v[j] = b2 * v[j] + a2 * gj * gj;
            p[j] -= stepSize * (mj / (T.Sqrt(vj) / sqrtBc2 + eps));
        }
    }

    /// <inheritdoc />
    public override Dictionary<string, Tensor> StateDict()
    {
        var state = new Dictionary<string, Tensor> { ["step"] = Tensor.FromArray(new[] { _step }, 1) };
        for (int i = 0; i < Parameters.Count; i++)
        {
            state[$"exp_avg.{i}"] = _m[i].Clone();
            state[$"exp_avg_sq.{i}"] = _v[i].Clone();
        }
        return state;
    }

    /// <inheritdoc />
    public override void LoadStateDict(IReadOnlyDictionary<string, Tensor> state)
    {
        if (!state.TryGetValue("step", out var step) || step.Numel != 1) { throw new KeyNotFoundException("Adam state lacks 'step'."); }
        for (int i = 0; i < Parameters.Count; i++)
        {
            _m[i].CopyFrom(Require(state, $"exp_avg.{i}", _m[i]));
            _v[i].CopyFrom(Require(state, $"exp_avg_sq.{i}", _v[i]));
        }
        _step = (long)step[0];
    }
}
