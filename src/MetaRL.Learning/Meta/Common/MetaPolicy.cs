using MetaRL.Distributions;

namespace MetaRL.Learning.Meta;

/// <summary>
/// A stateless stochastic policy whose parameters the gradient-based meta-learners (MAML, Reptile,
/// meta-ES) adapt. It reads every parameter through <see cref="Module"/>'s <c>P</c>, so
/// <see cref="Functional.Call{T}"/> can evaluate it with adapted ("fast") weights.
/// </summary>
public abstract class MetaPolicy : Module
{
    /// <summary>The action distribution for observations [batch, obs].</summary>
    public abstract Distribution Policy(Tensor observations);

    /// <summary>Floats per observation.</summary>
    public abstract int ObservationSize { get; }

    /// <summary>Floats per action (1 for a discrete action).</summary>
    public abstract int ActionSize { get; }

    /// <summary>True when actions are class indices.</summary>
    public abstract bool IsDiscrete { get; }

    /// <summary>The element type of the parameters (observations are converted to it).</summary>
    public abstract DType DType { get; }

    /// <summary>
    /// Maps one sampled action (as the distribution gives it, and as log-probabilities see it) to the
    /// action the environment receives. The default passes it through unchanged.
    /// </summary>
    public virtual void ToEnvAction(ReadOnlySpan<float> action, Span<float> envAction) => action.CopyTo(envAction);
}

/// <summary>
/// The MAML paper's policy: an MLP (ReLU hidden layers, Xavier-uniform weights, zero biases, as rllab
/// initialises them) giving a Gaussian mean with a state-independent learned log std (<c>log_std</c>,
/// initialised to log 1 = 0), or categorical logits for a <see cref="Discrete"/> action space.
/// For a <see cref="Box"/> with finite bounds the Gaussian lives in normalised units: an action a is sent
/// to the environment as low + (clip(a, −1, 1) + 1)/2 · (high − low), as rllab's <c>normalize(env)</c> does
/// in the MAML paper's experiments, so a unit standard deviation spans the action range whatever its scale
/// (PointNav2D's ±0.1 included).
/// </summary>
public sealed class MlpPolicy : MetaPolicy
{
    private readonly ActionHead _head;
    private readonly Sequential _body;
    private readonly Tensor? _logStd;
    private readonly float[]? _low;
    private readonly float[]? _high;

    public MlpPolicy(int observationSize, Space actionSpace, IReadOnlyList<int> hidden, Rng rng, double initStd = 1.0, DType dtype = DType.Float32)
    {
        ArgumentNullException.ThrowIfNull(actionSpace);
        ArgumentNullException.ThrowIfNull(hidden);
        _head = ActionHead.For(actionSpace);
        int outputs = _head.Outputs;
        ObservationSize = observationSize;
        Hidden = [.. hidden];
        DType = dtype;
        _body = RegisterModule("body", Mlp.Create([observationSize, .. hidden, outputs], Activation.Relu, rng, dtype));
        foreach (var layer in _body.Layers.OfType<Linear>())
        {
            Init.XavierUniform(layer.Weight, rng);
            if (layer.Bias is { } bias) { Init.Zeros(bias); }
        }
        if (!IsDiscrete) { _logStd = RegisterParameter("log_std", Tensor.Full([outputs], Math.Log(initStd), dtype)); }
        if (actionSpace is Box box && box.Low.All(float.IsFinite) && box.High.All(float.IsFinite))
        {
            (_low, _high) = ([.. box.Low], [.. box.High]);
        }
    }

    /// <summary>The network from observation to the head's output (logits or Gaussian mean).</summary>
    public Sequential Body => _body;

    /// <summary>The Gaussian head's log std (null for a discrete policy).</summary>
    public Tensor? LogStd => _logStd;

    /// <summary>True when sampled actions are in normalised units [−1, 1] and rescaled to the action box.</summary>
    public bool NormalizesActions => _low is not null;

    /// <inheritdoc />
    public override void ToEnvAction(ReadOnlySpan<float> action, Span<float> envAction)
    {
        if (_low is null || _high is null) { action.CopyTo(envAction); return; }
        for (int i = 0; i < action.Length; i++)
        {
            float a = Math.Clamp(action[i], -1f, 1f);
            envAction[i] = _low[i] + ((a + 1f) * 0.5f * (_high[i] - _low[i]));
        }
    }

    /// <summary>The hidden layer sizes.</summary>
    public IReadOnlyList<int> Hidden { get; }

    /// <inheritdoc />
    public override int ObservationSize { get; }

    /// <inheritdoc />
    public override int ActionSize => _head.ActionSize;

    /// <inheritdoc />
    public override bool IsDiscrete => _head.IsDiscrete;

    /// <inheritdoc />
    public override DType DType { get; }

    /// <inheritdoc />
    public override Distribution Policy(Tensor observations)
    {
        return _head.Over(_body.Forward(observations), _logStd is null ? null : P(_logStd));
    }
}
