using System.Collections.Concurrent;

namespace MetaRL.Serving;

/// <summary>
/// An MLP actor-critic served on spans (<see cref="MlpInference"/>, <see cref="RolloutHeads"/>): the decisions, generator
/// draws included, are bit for bit those of the tensor path (<see cref="StatelessPolicy"/>), without building tensors.
/// Each concurrent request borrows one snapshot pair of the weights from a pool, so requests never share buffers.
/// </summary>
internal sealed class MlpSessionPolicy : ISessionPolicy
{
    private readonly MlpActorCritic _model;
    private readonly ObservationNormalizer? _normalizer;
    private readonly float[]? _logStd;
    private readonly ConcurrentBag<Worker> _pool = [];
    private readonly int _observationSize;

    private MlpSessionPolicy(MlpActorCritic model, ObservationNormalizer? normalizer, int observationSize)
    {
        _model = model;
        _normalizer = normalizer;
        _observationSize = observationSize;
        _logStd = model.LogStd is { } l ? l.ToFloatArray() : null;
    }

    /// <summary>The span path for <paramref name="model"/>, or null when its layers or parameters cannot take it.</summary>
    public static MlpSessionPolicy? TryCreate(MlpActorCritic model, ObservationNormalizer? normalizer, int observationSize)
    {
        var policy = new MlpSessionPolicy(model, normalizer, observationSize);
        return policy.NewWorker() is { } w ? policy.Return(w) : null;
    }

    public ServedDecision Act(ReadOnlySpan<float> observation, Rng rng)
    {
        var w = _pool.TryTake(out var pooled) ? pooled : NewWorker()!;
        try
        {
            var x = w.Input;
            observation.CopyTo(x);
            _normalizer?.Apply(x, x);
            var head = w.Actor.Forward(x, 1);
            double value = w.Critic.Forward(x, 1)[0];
            Span<float> action = stackalloc float[_logStd?.Length ?? 1];
            Span<float> logProb = stackalloc float[1];
            if (_logStd is null)
            {
                RolloutHeads.SampleCategorical(head, 1, head.Length, rng, w.Scratch, action, logProb);
                var lp = w.Scratch.AsSpan(0, head.Length); // the row's log-softmax, left there by the sampler
                var probs = new double[head.Length];
                for (int a = 0; a < probs.Length; a++) { probs[a] = Math.Exp(lp[a]); }
                return new ServedDecision([action[0]], probs, null, null, value, logProb[0]);
            }
            RolloutHeads.SampleGaussian(head, _logStd, 1, rng, w.Scratch, action, logProb);
            return new ServedDecision(action.ToArray(), null, [.. head.ToArray().Select(m => (double)m)], [.. _logStd.Select(s => Math.Exp(s))], value, logProb[0]);
        }
        finally { _pool.Add(w); }
    }

    public void Feedback(double reward, bool episodeEnded) { }

    private MlpSessionPolicy Return(Worker w)
    {
        _pool.Add(w);
        return this;
    }

    private Worker? NewWorker()
    {
        var actor = MlpInference.TryCreate(_model.Actor, _observationSize);
        var critic = MlpInference.TryCreate(_model.Critic, _observationSize);
        if (actor is null || critic is null || !actor.ParametersAreFloat32() || !critic.ParametersAreFloat32()) { return null; }
        actor.Refresh();
        critic.Refresh();
        return new Worker(actor, critic, new float[_observationSize], new float[2 * actor.OutputSize]);
    }

    private sealed record Worker(MlpInference Actor, MlpInference Critic, float[] Input, float[] Scratch);
}
