namespace MetaRL.Learning.SelfPlay;

/// <summary>
/// AlphaZero's policy-value network as a residual MLP (the residual tower of Silver et al. 2017 with fully connected
/// layers in place of convolutions, He et al. 2016's identity shortcuts): a linear stem, <c>blocks</c> residual blocks
/// <c>h ← relu(h + W₂ relu(W₁ h))</c>, a policy head of action logits and a value head <c>tanh(w·h)</c>.
/// </summary>
public sealed class PolicyValueNet : Module
{
    private readonly Linear _stem;
    private readonly List<(Linear First, Linear Second)> _blocks = [];
    private readonly Linear _policy;
    private readonly Linear _value;

    /// <summary>A network from <paramref name="features"/> inputs to <paramref name="actions"/> logits and a value.</summary>
    public PolicyValueNet(int features, int actions, int hidden, int blocks, Rng rng)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(features, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(actions, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(hidden, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(blocks);
        Features = features;
        Actions = actions;
        _stem = RegisterModule("stem", new Linear(features, hidden, rng));
        for (int b = 0; b < blocks; b++)
        {
            var first = RegisterModule($"block{b}a", new Linear(hidden, hidden, rng));
            var second = RegisterModule($"block{b}b", new Linear(hidden, hidden, rng));
            _blocks.Add((first, second));
        }
        _policy = RegisterModule("policy", new Linear(hidden, actions, rng));
        _value = RegisterModule("value", new Linear(hidden, 1, rng));
    }

    /// <summary>Input features per position.</summary>
    public int Features { get; }

    /// <summary>Actions (policy logits per position).</summary>
    public int Actions { get; }

    /// <summary>Logits <c>[batch, actions]</c> and values <c>[batch, 1]</c> in (−1, 1) of a batch of canonical positions <c>[batch, features]</c>.</summary>
    public (Tensor Logits, Tensor Value) Forward(Tensor x)
    {
        var h = Ops.Relu(_stem.Forward(x));
        foreach (var (first, second) in _blocks)
        {
            h = Ops.Relu(Ops.Add(h, second.Forward(Ops.Relu(first.Forward(h)))));
        }
        return (_policy.Forward(h), Ops.Tanh(_value.Forward(h)));
    }
}

/// <summary>Tree search guided by a <see cref="PolicyValueNet"/>: the softmax of its logits as priors, its value head as the
/// leaf value (no rollout). The network is only read (no graph is recorded), so workers may share it.</summary>
public sealed class NetworkEvaluator(IGame game, PolicyValueNet net) : IPolicyValueEvaluator
{
    /// <inheritdoc/>
    public float Evaluate(IGameState state, Span<float> priors, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(state);
        var x = new float[game.FeatureCount];
        state.WriteCanonical(x);
        using var noGrad = MetaRL.Autograd.Autograd.NoGrad();
        using var step = TensorArena.Step();
        var (logits, value) = net.Forward(Tensor.FromArray(x, 1, x.Length));
        var l = logits.F32;
        float max = float.NegativeInfinity;
        for (int a = 0; a < priors.Length; a++) { max = Math.Max(max, l[a]); }
        float sum = 0;
        for (int a = 0; a < priors.Length; a++)
        {
            priors[a] = MathF.Exp(l[a] - max);
            sum += priors[a];
        }
        for (int a = 0; a < priors.Length; a++) { priors[a] /= sum; }
        return value.F32[0];
    }
}
