using MetaRL.Nn;
using MetaRL.Random;
using MetaRL.Serialization;
using MetaRL.Tensors;

namespace MetaRL.Tests.Core.Serialization;

public sealed class CheckpointTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("metarl-ckpt-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void A_saved_module_loads_into_a_differently_initialised_twin_with_identical_outputs()
    {
        string path = Path.Combine(_folder, "mlp.safetensors");
        var original = Mlp.Create([4, 16, 3], Activation.Tanh, new Rng(1));
        Checkpoint.SaveModule(path, original, new Dictionary<string, string> { ["step"] = "128" });

        var twin = Mlp.Create([4, 16, 3], Activation.Tanh, new Rng(2));
        var x = Tensor.RandN([5, 4], new Rng(3));
        Assert.NotEqual(original.Forward(x).ToFloatArray(), twin.Forward(x).ToFloatArray());
        var metadata = Checkpoint.LoadModule(path, twin);
        Assert.Equal("128", metadata["step"]);
        Assert.Equal(original.Forward(x).ToFloatArray(), twin.Forward(x).ToFloatArray());
    }

    [Fact]
    public void The_file_uses_the_modules_dotted_parameter_names()
    {
        string path = Path.Combine(_folder, "names.safetensors");
        var net = Mlp.Create([2, 3, 1], Activation.Relu, new Rng(1), DType.Float64);
        Checkpoint.SaveModule(path, net);
        var (tensors, _) = SafeTensors.Load(path);
        Assert.Equal(net.NamedParameters().Select(p => p.Name).Order(), tensors.Keys.Order());
        Assert.All(tensors.Values, t => Assert.Equal(DType.Float64, t.DType));
    }

    [Fact]
    public void Loading_into_a_module_of_another_shape_names_the_parameter()
    {
        string path = Path.Combine(_folder, "small.safetensors");
        Checkpoint.SaveModule(path, Mlp.Create([2, 3, 1], Activation.Tanh, new Rng(1)));
        var ex = Assert.Throws<ArgumentException>(() => Checkpoint.LoadModule(path, Mlp.Create([2, 4, 1], Activation.Tanh, new Rng(1))));
        Assert.Contains("0.weight", ex.Message, StringComparison.Ordinal);
    }
}
