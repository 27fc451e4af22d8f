namespace MetaRL.Optim;

/// <summary>
/// Base of the optimisers: updates a fixed list of parameters in place from their <c>Grad</c>, outside the
/// graph. State (moments, step counts) is exposed as named tensors so it can be checkpointed in safetensors.
/// </summary>
public abstract class Optimizer
{
    protected Optimizer(IEnumerable<Tensor> parameters, double learningRate)
    {
        Parameters = parameters.ToArray();
        if (Parameters.Count == 0) { throw new ArgumentException("An optimizer needs at least one parameter."); }
        ArgumentOutOfRangeException.ThrowIfNegative(learningRate);
        LearningRate = learningRate;
    }

    /// <summary>The parameters this optimizer updates.</summary>
    public IReadOnlyList<Tensor> Parameters { get; }

    /// <summary>The current learning rate (schedules set it before each step).</summary>
    public double LearningRate { get; set; }

    /// <summary>Applies one update using the parameters' accumulated gradients (parameters without a gradient are skipped).</summary>
    public abstract void Step();

    /// <summary>Clears every parameter's gradient.</summary>
    public void ZeroGrad()
    {
        for (int i = 0; i < Parameters.Count; i++) { Parameters[i].Grad = null; }
    }

    /// <summary>Optimizer state as named tensors (for checkpoints).</summary>
    public abstract Dictionary<string, Tensor> StateDict();

    /// <summary>Restores state produced by <see cref="StateDict"/>.</summary>
    public abstract void LoadStateDict(IReadOnlyDictionary<string, Tensor> state);

    /// <summary>Reads one state tensor, with a clear error when it is missing or misshapen.</summary>
    protected static Tensor Require(IReadOnlyDictionary<string, Tensor> state, string key, Tensor like)
    {
        if (!state.TryGetValue(key, out var t)) { throw new KeyNotFoundException($"Optimizer state lacks '{key}'."); }
        if (!ShapeUtil.Equal(t.Shape, like.Shape)) { throw new ArgumentException($"Optimizer state '{key}' has shape {ShapeUtil.Format(t.Shape)}, expected {ShapeUtil.Format(like.Shape)}."); }
        return t;
    }
}
