using Apache.Arrow.Ipc;

namespace MetaRL.Learning.Decision;

/// <summary>
/// A pretraining dataset folder written by <c>metarl pretrain-data</c> (<see cref="PretrainData"/>): Arrow IPC files,
/// one row per task, and <c>dataset.json</c>. <see cref="Open"/> checks all of it before anything is used (the manifest,
/// every file's schema, every batch's offsets, lengths, actions and task ids, and the counts against the manifest), so
/// a malformed or truncated file is refused with a <see cref="RunFormatException"/> naming it (exit 2 in the CLI),
/// never a crash halfway through training.
/// </summary>
public sealed class DecisionDataset
{
    private DecisionDataset(string directory, DecisionManifest manifest)
    {
        Directory = directory;
        Manifest = manifest;
    }

    /// <summary>The dataset folder.</summary>
    public string Directory { get; }

    /// <summary>The checked <c>dataset.json</c>.</summary>
    public DecisionManifest Manifest { get; }

    /// <summary>Opens and checks a dataset folder.</summary>
    public static DecisionDataset Open(string directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        if (!System.IO.Directory.Exists(directory)) { throw new RunFormatException($"dataset folder '{directory}' not found."); }
        var manifest = DecisionManifest.Read(Path.Combine(directory, DecisionManifest.FileName));
        if (!EnvRegistry.Ids.Contains(manifest.Family)) { throw new RunFormatException($"{Path.Combine(directory, DecisionManifest.FileName)}: family '{manifest.Family}' is not a registered environment."); }
        var dataset = new DecisionDataset(directory, manifest);
        foreach (var _ in dataset.ReadRows()) { } // every check runs once here
        return dataset;
    }

    /// <summary>The rows in order, file by file (each file is read whole, then its rows are handed out).</summary>
    public IEnumerable<DecisionRow> ReadRows()
    {
        long taskId = 0;
        foreach (var file in Manifest.Files)
        {
            var rows = ReadFile(file, taskId);
            taskId += rows.Count;
            foreach (var row in rows) { yield return row; }
        }
    }

    private List<DecisionRow> ReadFile(DecisionFile file, long firstTaskId)
    {
        string path = Path.Combine(Directory, file.Name);
        if (!File.Exists(path)) { throw new RunFormatException($"{path}: listed in {DecisionManifest.FileName} but missing."); }
        try
        {
            using var stream = File.OpenRead(path);
            using var reader = new ArrowFileReader(stream);
            DecisionBatchReader.CheckSchema(reader.Schema, Manifest);
            var rows = new List<DecisionRow>(file.Rows);
            int batches = reader.RecordBatchCountAsync().AsTask().GetAwaiter().GetResult();
            for (int b = 0; b < batches; b++)
            {
                using var batch = reader.ReadRecordBatchAsync(b, default).AsTask().GetAwaiter().GetResult()
                    ?? throw new InvalidDataException($"record batch {b} is missing");
                rows.AddRange(DecisionBatchReader.Read(batch, Manifest, firstTaskId + rows.Count));
            }
            long transitions = rows.Sum(r => (long)r.Steps);
            if (rows.Count != file.Rows || transitions != file.Transitions)
            {
                throw new InvalidDataException($"it holds {rows.Count} rows and {transitions} transitions; {DecisionManifest.FileName} says {file.Rows} and {file.Transitions}");
            }
            return rows;
        }
        catch (Exception ex) when (ex is not (OutOfMemoryException or RunFormatException))
        {
            throw new RunFormatException($"{path}: not a valid {DecisionDataRequest.SourceName(Manifest.Source)} dataset file ({ex.Message.TrimEnd('.')}).", ex);
        }
    }
}
