using MetaRL.Distributions;

namespace MetaRL.Serving;

/// <summary>
/// A policy without state (a PPO/A2C/REINFORCE actor-critic, a meta-trained MLP before adaptation): one instance serves
/// every session. The forward runs under no-grad on the calling thread; the modules' parameters are only read.
/// </summary>
internal sealed class StatelessPolicy(Func<Tensor, Distribution> policy, Func<Tensor, Tensor>? value, ObservationNormalizer? normalizer) : ISessionPolicy
{
    public ServedDecision Act(ReadOnlySpan<float> observation, Rng rng)
    {
        var x = observation.ToArray();
        normalizer?.Apply(x, x);
        using (Autograd.Autograd.NoGrad())
        {
            var input = Tensor.FromArray(x, 1, x.Length);
            var dist = policy(input);
            double? v = value is null ? null : value(input)[0];
            return Decisions.Sample(dist, v, rng);
        }
    }

    public void Feedback(double reward, bool episodeEnded) { }
}

/// <summary>A recurrent actor-critic's session: its hidden state carried from decision to decision, reset when an
/// episode ends.</summary>
internal sealed class RecurrentSessionPolicy(RecurrentActorCritic model, ObservationNormalizer? normalizer) : ISessionPolicy
{
    private float[]? _state;

    public ServedDecision Act(ReadOnlySpan<float> observation, Rng rng)
    {
        var x = observation.ToArray();
        normalizer?.Apply(x, x);
        using (Autograd.Autograd.NoGrad())
        {
            var state = _state is null ? null : Tensor.FromArray(_state, 1, _state.Length);
            var (dist, values, next) = model.Forward(Tensor.FromArray(x, 1, 1, x.Length), state, null); // [T = 1, B = 1, obs]
            _state = next.ToFloatArray();
            return Decisions.Sample(dist, values[0], rng);
        }
    }

    public void Feedback(double reward, bool episodeEnded)
    {
        if (episodeEnded) { _state = null; }
    }
}

/// <summary>Sampling one action from a one-row distribution, with what the response and the log carry.</summary>
internal static class Decisions
{
    public static ServedDecision Sample(Distribution dist, double? value, Rng rng)
    {
        var action = dist.Sample(rng);
        double logProb = dist.LogProb(action)[0];
        return dist switch
        {
            Categorical c => new ServedDecision(action.ToFloatArray(), Doubles(c.Probs), null, null, value, logProb),
            DiagGaussian g => new ServedDecision(action.ToFloatArray(), null, Doubles(g.Mean), Doubles(g.Std), value, logProb),
            _ => new ServedDecision(action.ToFloatArray(), null, null, null, value, logProb),
        };
    }

    private static double[] Doubles(Tensor t) => [.. t.ToFloatArray().Select(v => (double)v)];
}
