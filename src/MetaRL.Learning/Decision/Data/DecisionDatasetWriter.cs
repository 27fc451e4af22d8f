using Apache.Arrow;
using Apache.Arrow.Ipc;
using MetaRL.Serialization;

namespace MetaRL.Learning.Decision;

/// <summary>
/// Writes a dataset folder so that it appears whole or not at all: the Arrow files and then <c>dataset.json</c> go
/// into a hidden sibling folder (<c>.NAME.partial-GUID</c>), which <see cref="Commit"/> renames to the target in one
/// step. Disposing without committing deletes the partial folder; a process killed outright leaves only that hidden
/// folder, which holds no <c>dataset.json</c> until the very end and is never the target, so nothing half written
/// loads. A file is closed when it reaches <see cref="DecisionDataOptions.RowsPerFile"/> rows or
/// <see cref="MaxObservationValues"/> observation values, whichever comes first.
/// </summary>
internal sealed class DecisionDatasetWriter : IDisposable
{
    /// <summary>Observation values per file before it is closed (2²⁵ floats, 128 MiB per observation column; Arrow's
    /// 32-bit offsets allow 2³¹).</summary>
    public const int MaxObservationValues = 1 << 25;

    private readonly string _target;
    private readonly string _partial;
    private readonly int _rowsPerFile;
    private readonly DecisionBatchBuilder _batch;
    private readonly Schema _schema;
    private readonly List<DecisionFile> _files = [];
    private bool _committed;

    public DecisionDatasetWriter(string target, Schema schema, DecisionBatchBuilder batch, int rowsPerFile)
    {
        _target = Path.GetFullPath(target);
        string parent = Path.GetDirectoryName(_target) ?? throw new ConfigException($"'{target}' cannot be a dataset folder.");
        Directory.CreateDirectory(parent);
        _partial = Path.Combine(parent, $".{Path.GetFileName(_target)}.partial-{Guid.NewGuid():N}");
        Directory.CreateDirectory(_partial);
        _schema = schema;
        _batch = batch;
        _rowsPerFile = rowsPerFile;
    }

    /// <summary>The files written so far.</summary>
    public IReadOnlyList<DecisionFile> Files => _files;

    /// <summary>Called after each row: closes the current file when it is full.</summary>
    public void RowDone()
    {
        if (_batch.Rows >= _rowsPerFile || _batch.ObservationValues >= MaxObservationValues) { Flush(); }
    }

    /// <summary>Writes the last file and the manifest, then renames the folder to the target, replacing a dataset there
    /// when <paramref name="replace"/> (checked by <see cref="DatasetTarget.Check"/> beforehand).</summary>
    public void Commit(Func<IReadOnlyList<DecisionFile>, DecisionManifest> manifest, bool replace)
    {
        Flush();
        manifest(_files).Write(Path.Combine(_partial, DecisionManifest.FileName));
        string? old = null;
        if (Directory.Exists(_target))
        {
            if (replace || !Directory.EnumerateFileSystemEntries(_target).Any())
            {
                old = Path.Combine(Path.GetDirectoryName(_target)!, $".{Path.GetFileName(_target)}.replaced-{Guid.NewGuid():N}");
                Directory.Move(_target, old);
            }
            else { throw new ConfigException($"'{_target}' appeared while the dataset was written; it was left as it is."); }
        }
        Directory.Move(_partial, _target);
        _committed = true;
        if (old is not null) { Directory.Delete(old, recursive: true); }
    }

    private void Flush()
    {
        if (_batch.Rows == 0) { return; }
        int rows = _batch.Rows, transitions = _batch.Transitions;
        using var batch = _batch.Build();
        string name = $"data-{_files.Count:D5}.arrow";
        AtomicFile.Write(Path.Combine(_partial, name), stream =>
        {
            using var writer = new ArrowFileWriter(stream, _schema, leaveOpen: true);
            writer.WriteRecordBatch(batch);
            writer.WriteEnd();
        });
        _files.Add(new DecisionFile(name, rows, transitions));
    }

    /// <summary>Deletes the partial folder unless the dataset was committed.</summary>
    public void Dispose()
    {
        if (!_committed && Directory.Exists(_partial)) { Directory.Delete(_partial, recursive: true); }
    }
}

/// <summary>Where a dataset may be written: a new or empty folder, or with replace an existing dataset (a folder
/// holding dataset.json); anything else is refused, so <c>--overwrite</c> cannot delete an unrelated folder.</summary>
internal static class DatasetTarget
{
    public static void Check(string target, bool replace)
    {
        if (File.Exists(target)) { throw new ConfigException($"--out '{target}' is a file; give a folder for the dataset."); }
        if (!Directory.Exists(target) || !Directory.EnumerateFileSystemEntries(target).Any()) { return; }
        if (!replace) { throw new ConfigException($"--out '{target}' already exists and is not empty; pass --overwrite to replace a dataset there."); }
        if (!File.Exists(Path.Combine(target, DecisionManifest.FileName)))
        {
            throw new ConfigException($"--out '{target}' is not a dataset (it has no {DecisionManifest.FileName}); --overwrite only replaces a dataset.");
        }
    }
}
