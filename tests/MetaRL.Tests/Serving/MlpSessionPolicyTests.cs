using MetaRL.Learning;
using MetaRL.Nn;
using MetaRL.Random;
using MetaRL.Serving;

namespace MetaRL.Tests.Serving;

public sealed class MlpSessionPolicyTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void The_span_path_decides_bit_for_bit_as_the_tensor_path(bool discrete)
    {
        MetaRL.Envs.Space actions = discrete ? new MetaRL.Envs.Discrete(3) : new MetaRL.Envs.Box([-1f, -1f], [1f, 1f]);
        var model = new MlpActorCritic(5, actions, [16, 16], Activation.Tanh, new Rng(7));
        var fast = MlpSessionPolicy.TryCreate(model, null, 5)!;
        var tensor = new StatelessPolicy(model.Policy, model.Value, null);
        Rng a = new(11), b = new(11), obs = new(3);
        for (int i = 0; i < 20; i++)
        {
            var x = Enumerable.Range(0, 5).Select(_ => (float)obs.Normal()).ToArray();
            var f = fast.Act(x, a);
            var t = tensor.Act(x, b);
            Assert.Equal(t.Action, f.Action);
            Assert.Equal(t.LogProb, f.LogProb);
            Assert.Equal(t.Value, f.Value);
            if (discrete) { Close(t.Probs!, f.Probs!); }
            else
            {
                Assert.Equal(t.Mean!, f.Mean!);
                Close(t.Std!, f.Std!);
            }
        }
    }

    /// <summary>Probabilities and std: exp taken in float on the tensor path, in double on the span path.</summary>
    private static void Close(double[] expected, double[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++) { Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-6, $"{expected[i]} vs {actual[i]}"); }
    }
}
