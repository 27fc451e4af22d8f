using MetaRL.Learning;
using MetaRL.Learning.Meta;
using MetaRL.Tensors;

namespace MetaRL.Tests.Learning.Meta;

public sealed class Rl2HeadTests
{
    private static Rl2 Learner(params (string, string)[] extra)
    {
        var setup = Rl2Tests.Setup(extra);
        return new Rl2(setup, (Rl2Options)setup.LearnerOptions, 1);
    }

    private static Tensor Input(Rl2Policy policy) =>
        Tensor.FromArray([.. Enumerable.Range(0, 5 * 3 * policy.ObservationSize).Select(i => (float)Math.Sin(0.7 * i))], 5, 3, policy.ObservationSize);

    /// <summary>One action per row of <see cref="Input"/>'s 5 steps × 3 trials (the tiny setup has two actions).</summary>
    private static Tensor Actions() => Tensor.FromArray([0f, 1f, 1f, 0f, 1f, 0f, 0f, 1f, 1f, 1f, 0f, 0f, 1f, 0f, 1f], 15);

    [Fact]
    public void Head_hidden_zero_builds_linear_heads_only()
    {
        var policy = Learner().Policy;
        Assert.Equal(0, policy.HeadHidden);
        Assert.DoesNotContain(policy.NamedParameters(), p => p.Name.Contains("_mlp.", StringComparison.Ordinal));
    }

    [Fact]
    public void A_new_head_mlp_starts_at_zero_so_the_policy_acts_and_values_as_its_linear_heads_do()
    {
        var plain = Learner().Policy;
        var grown = Learner(("head_hidden", "6")).Policy;
        Assert.Equal(6, grown.HeadHidden);
        // The MLPs are registered after every other part, so the shared parameters draw the same initial values.
        var shared = plain.NamedParameters().Select(p => p.Name).ToList();
        Assert.Equal(shared, grown.NamedParameters().Select(p => p.Name).Take(shared.Count));
        Assert.Equal(
            ["actor_mlp.0.weight", "actor_mlp.0.bias", "actor_mlp.2.weight", "actor_mlp.2.bias", "critic_mlp.0.weight", "critic_mlp.0.bias", "critic_mlp.2.weight", "critic_mlp.2.bias"],
            grown.NamedParameters().Select(p => p.Name).Skip(shared.Count));
        var (fp, _) = plain.Encode(Input(plain));
        var (fg, _) = grown.Encode(Input(grown));
        var actions = Actions();
        Assert.Equal(plain.Policy(fp).LogProb(actions).ToFloatArray(), grown.Policy(fg).LogProb(actions).ToFloatArray());
        Assert.Equal(plain.Value(fp).ToFloatArray(), grown.Value(fg).ToFloatArray());
    }

    [Fact]
    public void The_head_mlps_output_layers_take_gradient_at_once_and_training_moves_them_off_zero()
    {
        var learner = Learner(("head_hidden", "6"));
        var policy = learner.Policy;
        var (features, _) = policy.Encode(Input(policy));
        var loss = Ops.Add(Ops.Sum(policy.Policy(features).LogProb(Actions())), Ops.Sum(Ops.Mul(policy.Value(features), policy.Value(features))));
        policy.ZeroGrad();
        loss.Backward();
        static double Norm(Tensor? g) => g is null ? 0 : g.ToFloatArray().Sum(v => (double)v * v);
        var named = policy.NamedParameters().ToDictionary(p => p.Name, p => p.Value);
        // A zero output layer passes no gradient to the hidden layer below it, but takes gradient itself.
        Assert.True(Norm(named["actor_mlp.2.weight"].Grad) > 0);
        Assert.True(Norm(named["critic_mlp.2.weight"].Grad) > 0);
        Assert.Equal(0, Norm(named["actor_mlp.0.weight"].Grad));
        var tasks = learner.Pool.Prototype.Find<MetaRL.Envs.ITaskEnv>()!.SampleTasks(8, new MetaRL.Random.Rng(3));
        learner.Iterate(tasks, 0);
        Assert.True(Norm(named["actor_mlp.2.weight"]) > 0);
        Assert.True(Norm(named["critic_mlp.2.weight"]) > 0);
    }

    [Fact]
    public void A_negative_head_hidden_is_a_config_error_naming_it()
    {
        var ex = Assert.Throws<ConfigException>(() => Learner(("head_hidden", "-1")));
        Assert.Contains("head_hidden", ex.Message, StringComparison.Ordinal);
    }
}
