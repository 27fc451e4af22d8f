using MetaRL.Envs;
using MetaRL.Random;

namespace MetaRL.Tests.Learning;

/// <summary>Stable-Baselines3's IdentityEnv: observe a one-hot state, reward 1 for naming it; episodes of fixed length.</summary>
internal sealed class IdentityEnv(int n, int length = 10) : Env("Identity-v0", new Box(n, 0f, 1f), new Discrete(n))
{
    private Rng _rng = new(0);
    private int _state, _t;

    public override void Reset(Span<float> observation, long? seed = null)
    {
        if (seed is { } s) { _rng = new Rng(s); }
        _t = 0;
        Draw(observation);
    }

    public override StepResult Step(ReadOnlySpan<float> action, Span<float> observation)
    {
        double reward = (int)action[0] == _state ? 1 : 0;
        _t++;
        Draw(observation);
        return new StepResult(reward, false, _t >= length);
    }

    private void Draw(Span<float> observation)
    {
        _state = _rng.NextInt(n);
        observation.Clear();
        observation[_state] = 1f;
    }
}

/// <summary>Continuous identity: observe x ∈ [−1, 1]^d, reward −‖a − x‖²; episodes of fixed length.</summary>
internal sealed class ContinuousIdentityEnv(int d, int length = 10) : Env("ContinuousIdentity-v0", new Box(d, -1f, 1f), new Box(d, -2f, 2f))
{
    private Rng _rng = new(0);
    private readonly float[] _x = new float[d];
    private int _t;

    public override void Reset(Span<float> observation, long? seed = null)
    {
        if (seed is { } s) { _rng = new Rng(s); }
        _t = 0;
        Draw(observation);
    }

    public override StepResult Step(ReadOnlySpan<float> action, Span<float> observation)
    {
        double reward = 0;
        for (int i = 0; i < d; i++) { reward -= (action[i] - _x[i]) * (action[i] - _x[i]); }
        _t++;
        Draw(observation);
        return new StepResult(reward, false, _t >= length);
    }

    private void Draw(Span<float> observation)
    {
        for (int i = 0; i < d; i++) { _x[i] = (float)_rng.Uniform(-1, 1); }
        _x.CopyTo(observation);
    }
}

/// <summary>A memory task: a cue (one of two) is shown only at the first step; after <c>delay</c> blank steps a
/// query flag appears and naming the cue pays 1. A memoryless policy scores 0.5 on average.</summary>
internal sealed class CueMemoryEnv(int delay = 2) : Env("CueMemory-v0", new Box(3, 0f, 1f), new Discrete(2))
{
    private Rng _rng = new(0);
    private int _cue, _t;

    public override void Reset(Span<float> observation, long? seed = null)
    {
        if (seed is { } s) { _rng = new Rng(s); }
        _cue = _rng.NextInt(2);
        _t = 0;
        observation.Clear();
        observation[_cue] = 1f;
    }

    public override StepResult Step(ReadOnlySpan<float> action, Span<float> observation)
    {
        _t++;
        observation.Clear();
        if (_t <= delay)
        {
            if (_t == delay) { observation[2] = 1f; }
            return new StepResult(0, false, false);
        }
        return new StepResult((int)action[0] == _cue ? 1 : 0, true, false);
    }
}
