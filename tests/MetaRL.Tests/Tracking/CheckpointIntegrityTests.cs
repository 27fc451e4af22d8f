using MetaRL.Nn;
using MetaRL.Optim;
using MetaRL.Random;
using MetaRL.Serialization;
using MetaRL.Tensors;
using MetaRL.Tracking;

namespace MetaRL.Tests.Tracking;

/// <summary>Ways a checkpoint file gets damaged on disk, for the store's tests and the commands' tests.</summary>
internal static class CheckpointDamage
{
    /// <summary>Keeps the first half of the file.</summary>
    public static void Truncate(string path)
    {
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
    }

    /// <summary>Flips one bit in the middle of the tensor data (after the header).</summary>
    public static void FlipDataByte(string path)
    {
        var bytes = File.ReadAllBytes(path);
        int dataStart = 8 + (int)BitConverter.ToUInt64(bytes, 0);
        Assert.True(bytes.Length > dataStart, $"{path} holds no tensor data");
        bytes[dataStart + (bytes.Length - dataStart) / 2] ^= 0x01;
        File.WriteAllBytes(path, bytes);
    }

    /// <summary>Flips one bit in the header, in the first character of the <c>algo</c> metadata value: the JSON still
    /// parses and every tensor still fits, so only the checksum can tell.</summary>
    public static void FlipHeaderByte(string path)
    {
        var bytes = File.ReadAllBytes(path);
        int at = bytes.AsSpan().IndexOf("\"algo\":\""u8);
        Assert.True(at > 0, $"{path} has no algo metadata");
        bytes[at + "\"algo\":\"".Length] ^= 0x01;
        File.WriteAllBytes(path, bytes);
    }

    /// <summary>Damages <paramref name="path"/> the named way.</summary>
    public static void Apply(string how, string path)
    {
        switch (how)
        {
            case "truncated": Truncate(path); break;
            case "data": FlipDataByte(path); break;
            case "header": FlipHeaderByte(path); break;
            default: throw new ArgumentException(how, nameof(how));
        }
    }

    /// <summary>Rewrites a file as checkpoints were written before they carried a checksum.</summary>
    public static void DropChecksum(string path)
    {
        var (tensors, metadata) = SafeTensors.Load(path);
        Assert.True(metadata.Remove("checksum"), $"{path} had no checksum");
        SafeTensors.Save(path, tensors, metadata);
    }
}

/// <summary>The checkpoint store's checksum: written with every file, verified on every read, and the fall-back to the
/// newest checkpoint that verifies when resuming.</summary>
public sealed class CheckpointIntegrityTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "metarl-ckpt-" + Guid.NewGuid().ToString("N"));

    public CheckpointIntegrityTests() => Directory.CreateDirectory(_root);

    public void Dispose()
    {
        if (Directory.Exists(_root)) { Directory.Delete(_root, recursive: true); }
    }

    private static readonly Dictionary<string, string> Meta = new() { ["algo"] = "ppo", ["seed"] = "3" };

    private static Dictionary<string, Tensor> Tensors() => new()
    {
        ["w"] = Tensor.FromArray(new[] { 1.5f, -2f, 0.25f, 8f, 3f, -1f }, 2, 3),
        ["n"] = Tensor.FromArray(new[] { 7L, -9L }, 2),
        ["x"] = CheckpointStore.Scalar(0.125),
    };

    private string WriteOne(string name = "file.safetensors")
    {
        string path = Path.Combine(_root, name);
        CheckpointStore.WriteFile(path, Tensors(), Meta);
        return path;
    }

    private static void AssertSameTensors(Dictionary<string, Tensor> expected, Dictionary<string, Tensor> actual)
    {
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), actual.Keys.Order(StringComparer.Ordinal));
        foreach (var (name, t) in expected)
        {
            Assert.Equal(t.DType, actual[name].DType);
            Assert.Equal(t.ShapeArray(), actual[name].ShapeArray());
            Assert.Equal(t.Bytes.ToArray(), actual[name].Bytes.ToArray());
        }
    }

    [Fact]
    public void A_written_file_carries_an_xxh3_checksum_and_reads_back_verified()
    {
        string path = WriteOne();
        var metadata = SafeTensors.Load(path).Metadata;
        Assert.Matches("^xxh3-64:[0-9a-f]{16}$", metadata["checksum"]);
        Assert.Equal("ppo", metadata["algo"]);
        AssertSameTensors(Tensors(), CheckpointStore.ReadFile(path));
    }

    [Theory]
    [InlineData("truncated", "is damaged: ")]
    [InlineData("data", "is damaged: checksum mismatch")]
    [InlineData("header", "is damaged: checksum mismatch")]
    public void A_damaged_file_is_an_error_that_names_it_and_says_why(string how, string expected)
    {
        string path = WriteOne();
        CheckpointDamage.Apply(how, path);
        var ex = Assert.Throws<RunFormatException>(() => CheckpointStore.ReadFile(path));
        Assert.StartsWith(path + " " + expected, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Fact]
    public void A_missing_file_is_named()
    {
        string path = Path.Combine(_root, "absent.safetensors");
        var ex = Assert.Throws<RunFormatException>(() => CheckpointStore.ReadFile(path));
        Assert.Equal(path + " is missing", ex.Message);
    }

    [Fact]
    public void A_file_written_before_checksums_loads_unverified()
    {
        string path = Path.Combine(_root, "old.safetensors");
        SafeTensors.Save(path, Tensors(), Meta);
        Assert.DoesNotContain("checksum", SafeTensors.Load(path).Metadata.Keys);
        AssertSameTensors(Tensors(), CheckpointStore.ReadFile(path));
    }

    [Fact]
    public void Flipping_any_single_bit_of_a_file_is_detected_or_leaves_its_tensors_intact()
    {
        var original = File.ReadAllBytes(WriteOne());
        string path = Path.Combine(_root, "flipped.safetensors");
        int rejected = 0, total = 0;
        for (int i = 0; i < original.Length; i++)
        {
            for (int bit = 0; bit < 8; bit++)
            {
                var bytes = (byte[])original.Clone();
                bytes[i] ^= (byte)(1 << bit);
                File.WriteAllBytes(path, bytes);
                total++;
                try
                {
                    // What loads despite a flip (a flip in the checksum's own key, or a hex digit's case) must be intact.
                    AssertSameTensors(Tensors(), CheckpointStore.ReadFile(path));
                }
                catch (RunFormatException) { rejected++; }
            }
        }
        Assert.True(rejected > total * 9 / 10, $"only {rejected} of {total} single-bit flips were detected");
    }

    [Fact]
    public void The_checksum_key_is_reserved()
    {
        var ex = Assert.Throws<ArgumentException>(() =>
            CheckpointStore.WriteFile(Path.Combine(_root, "r.safetensors"), Tensors(), new Dictionary<string, string> { ["checksum"] = "mine" }));
        Assert.Contains("reserved", ex.Message, StringComparison.Ordinal);
    }

    private static (Sequential Model, Adam Optimizer) Learner(long seed)
    {
        var model = Mlp.Create([2, 4, 1], Activation.Tanh, new Rng(seed));
        return (model, new Adam(model.Parameters()));
    }

    private CheckpointStore StoreWithSteps(params long[] steps)
    {
        var store = new CheckpointStore(Path.Combine(_root, "checkpoints"));
        foreach (long step in steps)
        {
            var (model, optimizer) = Learner(step);
            store.Save(step, model, optimizer, new Dictionary<string, Tensor> { ["step"] = CheckpointStore.Scalar(step) }, Meta);
        }
        return store;
    }

    [Theory]
    [InlineData("truncated", CheckpointStore.Model)]
    [InlineData("data", CheckpointStore.Optimizer)]
    [InlineData("header", CheckpointStore.State)]
    public void Restore_skips_a_damaged_newest_checkpoint_for_the_newest_that_verifies_and_sets_it_aside(string how, string file)
    {
        var store = StoreWithSteps(10, 20, 30);
        CheckpointDamage.Apply(how, Path.Combine(store.Folder, "30", file));
        var (model, optimizer) = Learner(99);
        var lines = new List<string>();

        var restored = store.Restore(model, optimizer, lines.Add);

        Assert.NotNull(restored);
        Assert.Equal(20, restored.Step);
        Assert.Equal(20.0, restored.State["step"][0]);
        Assert.Equal(Learner(20).Model.Parameters().SelectMany(p => p.ToFloatArray()), model.Parameters().SelectMany(p => p.ToFloatArray()));
        string line = Assert.Single(lines);
        Assert.StartsWith("skipped checkpoint 30: " + Path.Combine(store.Folder, "30", file) + " is damaged", line, StringComparison.Ordinal);
        Assert.EndsWith("resuming from checkpoint 20", line, StringComparison.Ordinal);
        Assert.Contains("moved to " + Path.Combine(store.Folder, "30.damaged"), line, StringComparison.Ordinal);
        Assert.Equal([20L, 10L], store.Steps());
        Assert.True(File.Exists(Path.Combine(store.Folder, "30.damaged", file)));
    }

    [Fact]
    public void Restore_reports_each_damaged_checkpoint_it_passes()
    {
        var store = StoreWithSteps(10, 20, 30);
        CheckpointDamage.Truncate(Path.Combine(store.Folder, "30", CheckpointStore.Model));
        File.Delete(Path.Combine(store.Folder, "20", CheckpointStore.State));
        var lines = new List<string>();
        var (model, optimizer) = Learner(99);
        Assert.Equal(10, store.Restore(model, optimizer, lines.Add)!.Step);
        Assert.Equal(2, lines.Count);
        Assert.StartsWith("skipped checkpoint 30: ", lines[0], StringComparison.Ordinal);
        Assert.StartsWith($"skipped checkpoint 20: {Path.Combine(store.Folder, "20", CheckpointStore.State)} is missing", lines[1], StringComparison.Ordinal);
        Assert.Equal([10L], store.Steps());
    }

    [Fact]
    public void Restore_with_no_checkpoint_that_verifies_is_one_clear_error_and_moves_nothing()
    {
        var store = StoreWithSteps(10, 20);
        CheckpointDamage.FlipDataByte(Path.Combine(store.Folder, "20", CheckpointStore.Model));
        CheckpointDamage.Truncate(Path.Combine(store.Folder, "10", CheckpointStore.Optimizer));
        var (model, optimizer) = Learner(99);
        var ex = Assert.Throws<RunFormatException>(() => store.Restore(model, optimizer));
        Assert.StartsWith($"no checkpoint in {store.Folder} can be resumed from: checkpoint 20: ", ex.Message, StringComparison.Ordinal);
        Assert.Contains("; checkpoint 10: ", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
        Assert.Equal([20L, 10L], store.Steps());
    }

    [Fact]
    public void Restore_of_an_empty_store_is_null()
    {
        var (model, optimizer) = Learner(1);
        Assert.Null(new CheckpointStore(Path.Combine(_root, "none")).Restore(model, optimizer));
    }

    [Fact]
    public void A_checkpoint_that_verifies_but_does_not_fit_the_model_is_not_skipped_but_named()
    {
        var store = StoreWithSteps(10, 20);
        var other = Mlp.Create([2, 5, 1], Activation.Tanh, new Rng(1));
        var ex = Assert.Throws<RunFormatException>(() => store.Restore(other, null));
        Assert.StartsWith(Path.Combine(store.Folder, "20") + ": the checkpoint does not fit this run's model", ex.Message, StringComparison.Ordinal);
        Assert.Equal([20L, 10L], store.Steps());
    }

    [Fact]
    public void A_checkpoint_written_before_checksums_restores()
    {
        var store = StoreWithSteps(10);
        foreach (var file in Directory.GetFiles(Path.Combine(store.Folder, "10"))) { CheckpointDamage.DropChecksum(file); }
        var (model, optimizer) = Learner(99);
        var lines = new List<string>();
        Assert.Equal(10, store.Restore(model, optimizer, lines.Add)!.Step);
        Assert.Empty(lines);
        Assert.Equal(Learner(10).Model.Parameters().SelectMany(p => p.ToFloatArray()), model.Parameters().SelectMany(p => p.ToFloatArray()));
    }
}
