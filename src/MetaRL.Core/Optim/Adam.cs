using System.Numerics.Tensors;
using MetaRL.Tensors;

namespace MetaRL.Optim;

/// <summary>
/// Adam (Kingma and Ba, 2015, "Adam: A Method for Stochastic Optimization"), and with
/// <see cref="AdamOptions.Decoupled"/> AdamW (Loshchilov and Hutter, 2019, "Decoupled Weight Decay
/// Regularization"). Float32 parameters keep float32 moments; the update follows PyTorch's formula.
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

    private void Update<T>(Span<T> p, ReadOnlySpan<T> gIn, Span<T> m, Span<T> v, T b1, T b2, T stepSize, T sqrtBc2)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        T lr = T.CreateChecked(LearningRate), wd = T.CreateChecked(Options.WeightDecay), eps = T.CreateChecked(Options.Epsilon);
        ReadOnlySpan<T> g = gIn;
        if (Options.WeightDecay != 0)
        {
            if (Options.Decoupled)
            {
                TensorPrimitives.Multiply(p, T.One - lr * wd, p);
            }
            else
            {
                var coupled = new T[g.Length];
                TensorPrimitives.MultiplyAdd(p, wd, g, coupled);
                g = coupled;
            }
        }
        Kernels.AdamKernel.Update(p, g, m, v, b1, b2, stepSize, sqrtBc2, eps);
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
