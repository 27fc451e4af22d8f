using MetaRL.Nn;
using MetaRL.Optim;
using MetaRL.Random;
using MetaRL.Serialization;
using MetaRL.Tensors;

namespace MetaRL.Tests.Core.Optim;

/// <summary>Train k steps, checkpoint model and optimizer through safetensors files, then continue n steps
/// both in place and from a fresh restore: the parameters must agree bit for bit.</summary>
public sealed class OptimizerStateTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("metarl-optim-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    public static TheoryData<string> Kinds => new() { "sgd", "nesterov", "adam", "adamw" };

    private static Optimizer Make(string kind, IEnumerable<Tensor> parameters) => kind switch
    {
        "sgd" => new Sgd(parameters, new SgdOptions { LearningRate = 0.05, Momentum = 0.9, Dampening = 0.1, WeightDecay = 1e-3 }),
        "nesterov" => new Sgd(parameters, new SgdOptions { LearningRate = 0.05, Momentum = 0.9, Nesterov = true }),
        "adam" => new Adam(parameters, new AdamOptions { LearningRate = 1e-2, WeightDecay = 1e-3 }),
        _ => AdamW.Create(parameters, learningRate: 1e-2),
    };

    private static void Train(Sequential net, Optimizer optimizer, Tensor x, Tensor y, int from, int count)
    {
        var schedule = new CosineSchedule(optimizer is Sgd ? 0.05 : 1e-2, 20, warmupSteps: 2);
        for (int step = from; step < from + count; step++)
        {
            schedule.Apply(optimizer, step);
            optimizer.ZeroGrad();
            var d = net.Forward(x) - y;
            (d * d).Mean().Backward();
            GradClip.ClipGradNorm(optimizer.Parameters, 1.0);
            optimizer.Step();
        }
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Restoring_a_checkpoint_and_continuing_matches_uninterrupted_training_bit_for_bit(string kind)
    {
        var rng = new Rng(11);
        var x = Tensor.RandN([16, 3], rng);
        var y = Tensor.RandN([16, 2], rng);
        var net = Mlp.Create([3, 8, 2], Activation.Tanh, new Rng(1));
        var optimizer = Make(kind, net.Parameters());
        const int k = 5, n = 6;
        Train(net, optimizer, x, y, 0, k);

        string modelPath = Path.Combine(_folder, "model.safetensors");
        string optimPath = Path.Combine(_folder, "optim.safetensors");
        Checkpoint.SaveModule(modelPath, net);
        Checkpoint.SaveOptimizer(optimPath, optimizer, new Dictionary<string, string> { ["kind"] = kind });

        Train(net, optimizer, x, y, k, n);

        var restored = Mlp.Create([3, 8, 2], Activation.Tanh, new Rng(99));
        Checkpoint.LoadModule(modelPath, restored);
        var restoredOptimizer = Make(kind, restored.Parameters());
        Assert.Equal(kind, Checkpoint.LoadOptimizer(optimPath, restoredOptimizer)["kind"]);
        Train(restored, restoredOptimizer, x, y, k, n);

        // A fresh optimizer (state not restored) on the same restored weights must end elsewhere: the state matters.
        var control = Mlp.Create([3, 8, 2], Activation.Tanh, new Rng(99));
        Checkpoint.LoadModule(modelPath, control);
        Train(control, Make(kind, control.Parameters()), x, y, k, n);

        var expected = net.NamedParameters();
        var actual = restored.NamedParameters();
        bool controlDiffers = false;
        for (int i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].Name, actual[i].Name);
            Assert.True(expected[i].Value.Bytes.SequenceEqual(actual[i].Value.Bytes), $"{kind}: parameter {expected[i].Name} differs after restore");
            controlDiffers |= !expected[i].Value.Bytes.SequenceEqual(control.NamedParameters()[i].Value.Bytes);
        }
        Assert.True(controlDiffers, $"{kind}: training without the restored state should not reproduce the run");
    }

    [Fact]
    public void Loading_state_with_a_wrong_shape_names_the_key()
    {
        var adam = new Adam([Tensor.Zeros([2, 3])]);
        var state = adam.StateDict();
        state["exp_avg.0"] = Tensor.Zeros([3, 2]);
        var ex = Assert.Throws<ArgumentException>(() => adam.LoadStateDict(state));
        Assert.Contains("exp_avg.0", ex.Message, StringComparison.Ordinal);
        Assert.Throws<KeyNotFoundException>(() => new Sgd([Tensor.Zeros([1])]).LoadStateDict(new Dictionary<string, Tensor>()));
    }
}
