using MetaRL.Distributions;

namespace MetaRL.Learning;

/// <summary>
/// Separate actor and critic MLPs as in CleanRL's <c>ppo.py</c> / <c>ppo_continuous_action.py</c>: hidden
/// layers orthogonally initialised with gain √2, the actor's output layer with gain 0.01, the critic's
/// with gain 1, biases zero. A <see cref="Discrete"/> action space gives a categorical head over logits;
/// a <see cref="Box"/> gives a diagonal Gaussian with a state-independent log std (<c>actor_logstd</c>,
/// initialised to 0). Parameter names: <c>critic.0.weight</c>, <c>actor.4.bias</c>, <c>actor_logstd</c>.
/// Rollouts may take the allocation-free <see cref="IFastRolloutPolicy"/> path, bit-identical to the tensor one.
/// </summary>
public sealed class MlpActorCritic : ActorCritic, IFastRolloutPolicy
{
    private readonly Tensor? _logStd;
    private readonly MlpRolloutSampler? _sampler;

    public MlpActorCritic(int observationSize, Space actionSpace, IReadOnlyList<int> hidden, Activation activation, Rng rng)
    {
        Head = ActionHead.For(actionSpace);
        int outputs = Head.Outputs;
        int[] criticSizes = [observationSize, .. hidden, 1];
        int[] actorSizes = [observationSize, .. hidden, outputs];
        Critic = RegisterModule("critic", Build(criticSizes, activation, rng, 1.0));
        Actor = RegisterModule("actor", Build(actorSizes, activation, rng, 0.01));
        if (!IsDiscrete) { _logStd = RegisterParameter("actor_logstd", Tensor.Zeros([outputs])); }
        if (MlpInference.TryCreate(Actor, observationSize) is { } actor && MlpInference.TryCreate(Critic, observationSize) is { } critic)
        {
            _sampler = new MlpRolloutSampler(actor, critic, _logStd, observationSize);
        }
    }

    public Sequential Actor { get; }

    public Sequential Critic { get; }

    /// <summary>The Gaussian head's log std (null for a discrete policy).</summary>
    public Tensor? LogStd => _logStd;

    /// <inheritdoc />
    public override ActionHead Head { get; }

    private static Sequential Build(int[] sizes, Activation activation, Rng rng, double lastGain)
    {
        return Init.OrthogonalMlp(Mlp.Create(sizes, activation, rng), Math.Sqrt(2), lastGain, rng);
    }

    /// <inheritdoc />
    public override Distribution Policy(Tensor observations)
    {
        return Head.Over(Actor.Forward(observations), _logStd is null ? null : P(_logStd));
    }

    /// <inheritdoc />
    public override Tensor Value(Tensor observations)
    {
        var v = Critic.Forward(observations);
        return Ops.Reshape(v, v.Dim(0));
    }

    /// <inheritdoc />
    /// <remarks>The span path skips the tensor ops' anomaly checks, so it stands aside while they are on.</remarks>
    public IRolloutSampler? TryBeginRollout()
    {
        if (_sampler is null || Autograd.Autograd.DetectAnomaly || !_sampler.CanRun()) { return null; }
        _sampler.Refresh();
        return _sampler;
    }
}
