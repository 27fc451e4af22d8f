using System.Numerics.Tensors;

namespace MetaRL.Learning;

/// <summary>
/// The one NaN/±Inf check of training, for single-task algorithms (after each gradient step) and meta-learners (after
/// each meta-iteration, and inside it after each inner step or PPO minibatch) alike: the first non-finite figure or
/// tensor stops the run with a <see cref="NonFiniteTrainingException"/> naming it and the step, and the run ends with
/// status <c>diverged</c>.
/// </summary>
public static class FiniteCheck
{
    /// <summary>The unit a meta run counts in.</summary>
    public const string MetaIteration = "meta-iteration";

    /// <summary>Throws when <paramref name="value"/> (a loss, a mean return) is NaN or infinite.</summary>
    public static void Value(double value, string name, long step, string unit = "step")
    {
        if (!double.IsFinite(value)) { throw new NonFiniteTrainingException(step, name, unit); }
    }

    /// <summary>Throws naming the first parameter of <paramref name="model"/>, in <see cref="Module.NamedParameters"/>
    /// order, that holds NaN or ±Inf.</summary>
    public static void Parameters(Module model, long step, string unit = "step")
    {
        ArgumentNullException.ThrowIfNull(model);
        int bad = model.FirstNonFiniteParameter();
        if (bad >= 0) { throw new NonFiniteTrainingException(step, model.NamedParameters()[bad].Name, unit); }
    }

    /// <summary>Throws naming the first of <paramref name="weights"/> (a functional copy of <paramref name="model"/>'s
    /// parameters, in the same order, such as adapted weights) that holds NaN or ±Inf.</summary>
    public static void Weights(Module model, IReadOnlyList<Tensor> weights, long step, string unit)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(weights);
        for (int i = 0; i < weights.Count; i++)
        {
            if (IsFinite(weights[i])) { continue; }
            var names = model.NamedParameters();
            throw new NonFiniteTrainingException(step, i < names.Count ? names[i].Name : $"weight {i}", unit);
        }
    }

    // A sum is NaN or infinite when any element is (or when finite elements overflow it, which is divergence too).
    private static bool IsFinite(Tensor p) =>
        double.IsFinite(p.DType == DType.Float32 ? TensorPrimitives.Sum<float>(p.F32) : TensorPrimitives.Sum<double>(p.F64));
}
