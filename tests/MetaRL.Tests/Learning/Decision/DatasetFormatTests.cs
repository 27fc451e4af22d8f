using Apache.Arrow;
using Apache.Arrow.Ipc;
using Apache.Arrow.Types;
using MetaRL.Learning;
using MetaRL.Learning.Decision;
using MetaRL.Tracking;

namespace MetaRL.Tests.Learning.Decision;

public sealed class DatasetFormatTests : IDisposable
{
    private readonly DatasetFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private string Small(string name = "ds") => _folder.Generate(name, "Bandit-v0", "dpt", 30, seed: 1, "context=10", "rows_per_file=20");

    private static string Data(string dir, int i = 0) => Path.Combine(dir, $"data-{i:D5}.arrow");

    [Fact]
    public void A_truncated_arrow_file_is_refused_with_a_message_naming_it()
    {
        string dir = Small();
        var bytes = File.ReadAllBytes(Data(dir, 1));
        File.WriteAllBytes(Data(dir, 1), bytes[..(bytes.Length / 2)]);
        var ex = Assert.Throws<RunFormatException>(() => DecisionDataset.Open(dir));
        Assert.Contains("data-00001.arrow", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void Garbage_and_flipped_bytes_are_refused_never_a_crash(int kind)
    {
        string dir = Small();
        var bytes = File.ReadAllBytes(Data(dir));
        var rng = new MetaRL.Random.Rng(kind);
        switch (kind)
        {
            case 0: rng.NextULong(); bytes = [.. Enumerable.Range(0, 4096).Select(_ => (byte)rng.NextInt(256))]; break;
            case 1: System.Array.Clear(bytes, bytes.Length - 200, 190); break; // the footer
            default: for (int i = 0; i < 64; i++) { bytes[rng.NextInt(bytes.Length)] ^= 0xFF; } break;
        }
        File.WriteAllBytes(Data(dir), bytes);
        var ex = Record.Exception(() => DecisionDataset.Open(dir));
        // Random flips may land in padding or in float values the format cannot check; a structural break must be named.
        if (ex is not null) { Assert.IsType<RunFormatException>(ex); Assert.Contains("data-00000.arrow", ex.Message, StringComparison.Ordinal); }
        if (kind != 2) { Assert.NotNull(ex); }
    }

    [Fact]
    public void A_valid_arrow_file_with_the_wrong_schema_is_refused_naming_the_column()
    {
        string dir = Small();
        var schema = new Schema([new Field("task_id", Int64Type.Default, false), new Field("task", StringType.Default, false)], null);
        using (var stream = File.Create(Data(dir)))
        using (var writer = new ArrowFileWriter(stream, schema))
        {
            writer.WriteRecordBatch(new RecordBatch(schema, [new Int64Array.Builder().Append(0).Build(), new StringArray.Builder().Append("{}").Build()], 1));
            writer.WriteEnd();
        }
        var ex = Assert.Throws<RunFormatException>(() => DecisionDataset.Open(dir));
        Assert.Contains("are not the dpt columns", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_observation_column_of_the_wrong_width_is_refused()
    {
        string dir = Small();
        string json = File.ReadAllText(Path.Combine(dir, "dataset.json")).Replace("\"observation_size\": 1", "\"observation_size\": 2", StringComparison.Ordinal);
        File.WriteAllText(Path.Combine(dir, "dataset.json"), json);
        var ex = Assert.Throws<RunFormatException>(() => DecisionDataset.Open(dir));
        Assert.Contains("column 'observations' is list<fixed_size_list<float>[1]>, expected list<fixed_size_list<float>[2]>", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"tasks\": 30", "\"tasks\": 31", "rows, not tasks = 31")]
    [InlineData("\"format\": \"metarl.decision-dataset\"", "\"format\": \"other\"", "format is not")]
    [InlineData("\"version\": 1", "\"version\": 7", "version 7 is not supported")]
    [InlineData("\"source\": \"dpt\"", "\"source\": \"bc\"", "source 'bc'")]
    [InlineData("\"context\": \"10\"", "\"context\": \"11\"", "context is 11")]
    [InlineData("\"name\": \"data-00001.arrow\"", "\"name\": \"../data-00001.arrow\"", "not a plain file name")]
    [InlineData("\"family\": \"Bandit-v0\"", "\"family\": \"Nope-v0\"", "not a registered environment")]
    [InlineData("{", "[", "not valid JSON")]
    public void A_manifest_that_disagrees_with_the_files_or_itself_is_refused(string find, string replace, string message)
    {
        string dir = Small();
        string path = Path.Combine(dir, "dataset.json");
        string json = File.ReadAllText(path);
        Assert.Contains(find, json, StringComparison.Ordinal);
        File.WriteAllText(path, json.Replace(find, replace, StringComparison.Ordinal));
        var ex = Assert.Throws<RunFormatException>(() => DecisionDataset.Open(dir));
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Row_counts_per_file_that_disagree_with_the_files_are_refused()
    {
        string dir = Small();
        string path = Path.Combine(dir, "dataset.json");
        string json = File.ReadAllText(path).Replace("\"rows\": 20", "\"rows\": 21", StringComparison.Ordinal).Replace("\"rows\": 10", "\"rows\": 9", StringComparison.Ordinal);
        File.WriteAllText(path, json);
        var ex = Assert.Throws<RunFormatException>(() => DecisionDataset.Open(dir));
        Assert.Contains("data-00000.arrow", ex.Message, StringComparison.Ordinal);
        Assert.Contains("it holds 20 rows and 200 transitions; dataset.json says 21 and 200", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_file_a_missing_manifest_and_a_missing_folder_are_refused()
    {
        string dir = Small();
        File.Delete(Data(dir, 1));
        Assert.Contains("missing", Assert.Throws<RunFormatException>(() => DecisionDataset.Open(dir)).Message, StringComparison.Ordinal);
        File.Delete(Path.Combine(dir, "dataset.json"));
        Assert.Contains("dataset.json", Assert.Throws<RunFormatException>(() => DecisionDataset.Open(dir)).Message, StringComparison.Ordinal);
        Assert.Throws<RunFormatException>(() => DecisionDataset.Open(_folder.Path_("nowhere")));
    }

    [Fact]
    public void An_action_out_of_range_is_refused()
    {
        string dir = Small();
        // Rewrite file 0 with the same rows but one action of 7 on a 5-arm bandit.
        var rows = DecisionDataset.Open(dir).ReadRows().Take(20).ToList();
        var schema = DecisionSchema.For(DecisionSource.Dpt, "Bandit-v0", 1, 5);
        var batch = new DecisionBatchBuilder(schema, DecisionSource.Dpt, 1, 5);
        foreach (var row in rows)
        {
            batch.BeginRow(row.TaskId, row.Task);
            for (int t = 0; t < row.Steps; t++) { batch.AddTransition([0f], row.TaskId == 3 && t == 4 ? 7 : row.Actions[t], row.Rewards[t], [0f], false, false); }
            batch.SetQuery(row.Behaviour!, row.QueryObservation!, row.QueryStep, row.OptimalAction);
            batch.EndRow();
        }
        using (var stream = File.Create(Data(dir)))
        using (var writer = new ArrowFileWriter(stream, schema))
        {
            writer.WriteRecordBatch(batch.Build());
            writer.WriteEnd();
        }
        Assert.Contains("action 7 is outside [0, 5)", Assert.Throws<RunFormatException>(() => DecisionDataset.Open(dir)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_interrupted_write_leaves_neither_the_dataset_nor_its_partial_folder()
    {
        using var cancel = new CancellationTokenSource();
        string target = _folder.Path_("stopped");
        var request = DecisionDataRequest.Resolve("Bandit-v0", new Dictionary<string, string> { ["rows_per_file"] = "1000" }, "dpt", 5000, 1);
        Assert.Throws<OperationCanceledException>(() => PretrainData.Generate(request, target, progress: rows => { if (rows >= 2000) { cancel.Cancel(); } }, cancel: cancel.Token));
        Assert.False(Directory.Exists(target));
        Assert.Empty(Directory.EnumerateFileSystemEntries(_folder.Root));
    }

    [Fact]
    public void A_killed_write_leaves_only_a_hidden_partial_folder_that_does_not_load()
    {
        // What a process killed outright leaves behind: the Arrow files written so far, no dataset.json, under a hidden name.
        var schema = DecisionSchema.For(DecisionSource.Dpt, "Bandit-v0", 1, 5);
        var batch = new DecisionBatchBuilder(schema, DecisionSource.Dpt, 1, 5);
        string target = _folder.Path_("killed");
        var writer = new DecisionDatasetWriter(target, schema, batch, rowsPerFile: 1);
        batch.BeginRow(0, "{}");
        batch.AddTransition([0f], 1, 1, [0f], false, false);
        batch.SetQuery([0.2f, 0.2f, 0.2f, 0.2f, 0.2f], [0f], 0, 1);
        batch.EndRow();
        writer.RowDone(); // a file is written, then the process "dies" before Commit
        Assert.False(Directory.Exists(target));
        string partial = Assert.Single(Directory.GetDirectories(_folder.Root));
        Assert.StartsWith(".killed.partial-", Path.GetFileName(partial), StringComparison.Ordinal);
        Assert.Single(Directory.GetFiles(partial, "*.arrow"));
        Assert.Throws<RunFormatException>(() => DecisionDataset.Open(partial));
        Assert.Throws<RunFormatException>(() => DecisionDataset.Open(target));
        writer.Dispose();
        Assert.False(Directory.Exists(partial));
    }

    [Fact]
    public void An_existing_folder_is_refused_unless_overwrite_replaces_a_dataset_there()
    {
        string dir = Small();
        var request = DecisionDataRequest.Resolve("Bandit-v0", new Dictionary<string, string> { ["context"] = "5" }, "dpt", 7, 2);
        Assert.Contains("--overwrite", Assert.Throws<ConfigException>(() => PretrainData.Generate(request, dir)).Message, StringComparison.Ordinal);
        PretrainData.Generate(request, dir, overwrite: true);
        Assert.Equal(7, DecisionDataset.Open(dir).Manifest.Tasks);
        Assert.Single(Directory.EnumerateFileSystemEntries(_folder.Root)); // the replaced dataset is gone, no partial folder left

        string notData = _folder.Path_("notes");
        Directory.CreateDirectory(notData);
        File.WriteAllText(Path.Combine(notData, "keep.txt"), "mine");
        Assert.Contains("not a dataset", Assert.Throws<ConfigException>(() => PretrainData.Generate(request, notData, overwrite: true)).Message, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(notData, "keep.txt")));

        string empty = _folder.Path_("empty");
        Directory.CreateDirectory(empty);
        PretrainData.Generate(request, empty);
        Assert.Equal(7, DecisionDataset.Open(empty).Manifest.Tasks);
    }
}
