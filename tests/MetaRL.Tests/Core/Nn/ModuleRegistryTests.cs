using MetaRL.Nn;
using MetaRL.Random;
using MetaRL.Tensors;
using static MetaRL.Tests.Core.Nn.NnTestUtil;

namespace MetaRL.Tests.Core.Nn;

public sealed class ModuleRegistryTests
{
    /// <summary>A nested model of the shape the RL agents use: MLP head, GRU core, transformer blocks.</summary>
    private sealed class Agent : Module
    {
        public Agent(Rng rng)
        {
            Actor = RegisterModule("actor", Mlp.Create([4, 8, 2], Activation.Tanh, rng));
            Gru = RegisterModule("gru", new Gru(4, 8, rng));
            Embed = RegisterModule("embed", new Embedding(3, 4, rng));
            Blocks = RegisterModule("blocks", new Sequential(new TransformerBlock(4, 2, 8, rng), new TransformerBlock(4, 2, 8, rng)));
            Norm = RegisterModule("norm", new LayerNorm(4));
        }

        public Sequential Actor { get; }

        public Gru Gru { get; }

        public Embedding Embed { get; }

        public Sequential Blocks { get; }

        public LayerNorm Norm { get; }

        public Tensor Forward(Tensor x) =>
            Actor.Forward(Norm.Forward(Ops.Add(Blocks.Forward(x), Embed.Forward([0, 2, 1]))));
    }

    private static string[] BlockNames(int i)
    {
        string[] names =
        [
            "ln1.weight", "ln1.bias",
            .. new[] { "q_proj", "k_proj", "v_proj", "out_proj" }.SelectMany(p => new[] { $"attn.{p}.weight", $"attn.{p}.bias" }),
            "ln2.weight", "ln2.bias", "mlp.0.weight", "mlp.0.bias", "mlp.2.weight", "mlp.2.bias",
        ];
        return names.Select(n => $"blocks.{i}.{n}").ToArray();
    }

    [Fact]
    public void Nested_model_lists_dotted_parameter_names_in_registration_order()
    {
        var agent = new Agent(new Rng(1));
        string[] expected =
        [
            "actor.0.weight", "actor.0.bias", "actor.2.weight", "actor.2.bias",
            "gru.weight_ih", "gru.weight_hh", "gru.bias_ih", "gru.bias_hh",
            "embed.weight",
            .. BlockNames(0), .. BlockNames(1),
            "norm.weight", "norm.bias",
        ];
        Assert.Equal(expected, agent.NamedParameters().Select(p => p.Name));
        var shapes = agent.NamedParameters().ToDictionary(p => p.Name, p => p.Value.ShapeArray());
        Assert.Equal([24, 4], shapes["gru.weight_ih"]);
        Assert.Equal([4, 4], shapes["blocks.1.attn.out_proj.weight"]);
        Assert.Equal([8, 4], shapes["blocks.0.mlp.0.weight"]);
        Assert.Equal(agent.Parameters().Sum(p => p.Numel), agent.ParameterCount);
    }

    [Fact]
    public void State_dict_round_trip_reproduces_the_model_outputs()
    {
        var a = new Agent(new Rng(1));
        var b = new Agent(new Rng(2));
        var x = Tensor.RandN([2, 3, 4], new Rng(3));
        Assert.True(MaxAbsDiff(a.Forward(x), b.Forward(x)) > 1e-3);
        b.LoadStateDict(a.StateDict());
        Assert.Equal(0, MaxAbsDiff(a.Forward(x), b.Forward(x)));
    }

    [Fact]
    public void Functional_call_on_a_gru_equals_copying_the_values_in()
    {
        var rng = new Rng(4);
        var gru = new Gru(3, 4, rng);
        var values = gru.Parameters().Select(p => Tensor.RandU(p.Shape, rng, -0.5, 0.5).RequireGrad()).ToArray();
        var x = Tensor.RandN([5, 2, 3], rng);
        var mask = Tensor.FromArray(new float[] { 0, 0, 0, 1, 0, 0, 1, 0, 0, 0 }, 5, 2);
        var before = gru.Forward(x, null, mask).Outputs;
        var substituted = Functional.Call(gru, values, () => gru.Forward(x, null, mask).Outputs);

        var twin = new Gru(3, 4, new Rng(99));
        twin.LoadStateDict(gru.NamedParameters().Select((p, i) => (p.Name, values[i])).ToDictionary(p => p.Name, p => p.Item2));
        Assert.Equal(0, MaxAbsDiff(substituted, twin.Forward(x, null, mask).Outputs));
        Assert.True(MaxAbsDiff(substituted, before) > 1e-3);
        Assert.Equal(0, MaxAbsDiff(before, gru.Forward(x, null, mask).Outputs)); // the scope ended

        // Gradients flow to the substituted tensors, not to the module's own parameters.
        Ops.Sum(substituted).Backward();
        Assert.All(values, v => Assert.NotNull(v.Grad));
        Assert.All(gru.Parameters(), p => Assert.Null(p.Grad));
    }

    [Fact]
    public void Functional_call_on_a_transformer_block_equals_copying_the_values_in()
    {
        var rng = new Rng(5);
        var block = new TransformerBlock(6, 3, 12, rng);
        var values = block.Parameters().Select(p => Tensor.RandN(p.Shape, rng).RequireGrad()).ToArray();
        var x = Tensor.RandN([2, 4, 6], rng);
        var substituted = Functional.Call(block, values, () => block.Forward(x));

        var twin = new TransformerBlock(6, 3, 12, new Rng(98));
        var names = block.NamedParameters().Select(p => p.Name).ToArray();
        twin.LoadStateDict(names.Select((n, i) => (n, values[i])).ToDictionary(p => p.n, p => p.Item2));
        Assert.True(MaxAbsDiff(substituted, twin.Forward(x)) < 1e-6);
        Assert.True(MaxAbsDiff(substituted, block.Forward(x)) > 1e-3);
        Ops.Sum(substituted).Backward();
        Assert.All(values, v => Assert.NotNull(v.Grad));
        Assert.All(block.Parameters(), p => Assert.Null(p.Grad));
    }
}
