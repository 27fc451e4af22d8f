using MetaRL.Envs;
using MetaRL.Learning;
using MetaRL.Nn;
using MetaRL.Random;

namespace MetaRL.Tests.Learning;

public sealed class MlpActorCriticInitTests
{
    [Fact]
    public void Both_networks_get_cleanrl_orthogonal_gains_and_zero_biases()
    {
        var net = new MlpActorCritic(4, new Discrete(2), [64, 64], Activation.Tanh, new Rng(3));
        AssertLayers(net.Actor, outputGain: 0.01);
        AssertLayers(net.Critic, outputGain: 1.0);
    }

    private static void AssertLayers(Sequential mlp, double outputGain)
    {
        var linears = mlp.Layers.OfType<Linear>().ToArray();
        Assert.Equal(3, linears.Length);
        for (int l = 0; l < linears.Length; l++)
        {
            double gain = l == linears.Length - 1 ? outputGain : Math.Sqrt(2);
            var w = linears[l].Weight;
            int rows = w.Dim(0), cols = w.Dim(1);
            // The smaller side is orthonormal up to the gain: W·Wᵀ = g²I when rows ≤ cols, else Wᵀ·W = g²I.
            bool byRows = rows <= cols;
            int k = byRows ? rows : cols, len = byRows ? cols : rows;
            for (int i = 0; i < k; i++)
            {
                for (int j = 0; j < k; j++)
                {
                    double dot = 0;
                    for (int t = 0; t < len; t++)
                    {
                        dot += byRows ? w[i * cols + t] * w[j * cols + t] : w[t * cols + i] * w[t * cols + j];
                    }
                    Assert.Equal(i == j ? gain * gain : 0.0, dot, 1e-4 * gain * gain);
                }
            }
            Assert.All(linears[l].Bias!.ToFloatArray(), b => Assert.Equal(0f, b));
        }
    }
}
