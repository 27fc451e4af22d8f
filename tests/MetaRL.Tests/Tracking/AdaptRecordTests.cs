using MetaRL.Tracking;

namespace MetaRL.Tests.Tracking;

public sealed class AdaptRecordTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "metarl-adaptrecord-" + Guid.NewGuid().ToString("N"));

    public AdaptRecordTests() => Directory.CreateDirectory(_root);

    public void Dispose()
    {
        if (Directory.Exists(_root)) { Directory.Delete(_root, recursive: true); }
    }

    [Fact]
    public void Save_then_load_gives_the_same_values()
    {
        var record = new AdaptRecord("maml", "PointNav2D-v0", 4, "{\"family\":\"pointnav2d\",\"GoalX\":-0.2607666588320062,\"GoalY\":0.08343077776125452}",
            "mean episode return after k steps", [-2.045539, -2.465412, 0]);
        string path = Path.Combine(_root, AdaptRecord.FileName);
        record.Save(path);
        var back = AdaptRecord.Load(path);
        Assert.Equal(record.Method, back.Method);
        Assert.Equal(record.Env, back.Env);
        Assert.Equal(record.TaskSeed, back.TaskSeed);
        Assert.Equal(record.Task, back.Task);
        Assert.Equal(record.ReturnsAre, back.ReturnsAre);
        Assert.Equal(record.Returns, back.Returns);
        Assert.EndsWith("]\n}\n", File.ReadAllText(path), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"method\": \"maml\"")]
    [InlineData("[1, 2]")]
    [InlineData("{\"method\": \"maml\", \"env\": \"E\", \"task_seed\": 1, \"task\": {}, \"returns_are\": \"x\", \"returns\": [\"a\"]}")]
    [InlineData("{\"method\": \"maml\", \"env\": \"E\", \"task_seed\": 1.5, \"task\": {}, \"returns_are\": \"x\", \"returns\": []}")]
    [InlineData("{\"env\": \"E\", \"task_seed\": 1, \"task\": {}, \"returns_are\": \"x\", \"returns\": []}")]
    public void A_malformed_file_is_a_RunFormatException_naming_it(string text)
    {
        string path = Path.Combine(_root, AdaptRecord.FileName);
        File.WriteAllText(path, text);
        var ex = Assert.Throws<RunFormatException>(() => AdaptRecord.Load(path));
        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
    }
}
