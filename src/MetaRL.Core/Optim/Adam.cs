namespace MetaRL.Optim;

/// <summary>
/// Adam (Kingma and Ba, 2015, "Adam: A Method for Stochastic Optimization"), and with
/// <see cref="AdamOptions.Decoupled"/> AdamW (Loshchilov and Hutter, 2019, "Decoupled Weight Decay
/// Regularization"). Float32 parameters keep float32 moments; the update follows PyTorch's formula
/// <c>θ ← θ − (η / (1 − β1^t))·m / (√v / √(1 − β2^t) + ε)</c>, each parameter buffer updated in one fused pass
/// (<see cref="AdamStep"/>: decay, both moments and the weight together, the bias corrections hoisted out of the loop).
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
        var o = Options;
        // Bias corrections and every per-step scalar once per step, in each precision that occurs.
        AdamScalars<float> s32 = default;
        AdamScalars<double> s64 = default;
        bool have32 = false, have64 = false;
        for (int i = 0; i < Parameters.Count; i++)
        {
            var p = Parameters[i];
            if (p.Grad is null) { continue; }
            if (p.DType == DType.Float32)
            {
                if (!have32) { s32 = new AdamScalars<float>(o.Beta1, o.Beta2, LearningRate, o.WeightDecay, o.Decoupled, o.Epsilon, _step); have32 = true; }
                AdamStep.Update(p.F32, p.Grad.F32, _m[i].F32, _v[i].F32, in s32);
            }
            else
            {
                if (!have64) { s64 = new AdamScalars<double>(o.Beta1, o.Beta2, LearningRate, o.WeightDecay, o.Decoupled, o.Epsilon, _step); have64 = true; }
                AdamStep.Update(p.F64, p.Grad.F64, _m[i].F64, _v[i].F64, in s64);
            }
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
