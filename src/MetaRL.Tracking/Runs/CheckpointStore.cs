using MetaRL.Nn;
using MetaRL.Optim;
using MetaRL.Tensors;

namespace MetaRL.Tracking;

/// <summary>A checkpoint read back for resuming: its folder, its step and its state tensors (the model and optimiser
/// already restored).</summary>
public sealed record RestoredCheckpoint(string Folder, long Step, Dictionary<string, Tensor> State);

/// <summary>
/// The checkpoints of a run, one layout for single-task and meta runs: <c>checkpoints/&lt;step&gt;/</c> holding
/// <c>model.safetensors</c> (parameters by dotted name), <c>optimizer.safetensors</c> when there is an optimiser and
/// <c>state.safetensors</c> (counters, generator and learner state, <c>run.wall_seconds</c>). A single-task run counts
/// steps in environment steps, a meta run in iterations. The folder is assembled under a temporary name and renamed,
/// so a crash never leaves a half-written checkpoint; only the newest <see cref="Keep"/> are kept. Every file carries
/// a <see cref="CheckpointChecksum"/> that reading verifies (files written before checksums load unverified), so damage
/// on disk is an error naming the file, and <see cref="Restore"/> falls back to the newest checkpoint that verifies.
/// </summary>
public sealed class CheckpointStore(string folder)
{
    /// <summary>How many checkpoints are kept.</summary>
    public const int Keep = 3;

    public const string Model = "model.safetensors";

    public const string Optimizer = "optimizer.safetensors";

    public const string State = "state.safetensors";

    /// <summary>The suffix a damaged checkpoint's folder gets when <see cref="Restore"/> sets it aside.</summary>
    public const string DamagedSuffix = ".damaged";

    /// <summary>The <c>checkpoints</c> folder.</summary>
    public string Folder { get; } = Path.GetFullPath(folder);

    /// <summary>Writes checkpoint <paramref name="step"/> from its files' tensors (file name → tensors), replacing one of
    /// the same step; returns its folder.</summary>
    public string Save(long step, IReadOnlyDictionary<string, Dictionary<string, Tensor>> files, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(files);
        Directory.CreateDirectory(Folder);
        string name = step.ToString(CultureInfo.InvariantCulture);
        string final = Path.Combine(Folder, name);
        string temp = Path.Combine(Folder, "." + name + ".tmp");
        if (Directory.Exists(temp)) { Directory.Delete(temp, recursive: true); }
        Directory.CreateDirectory(temp);
        foreach (var (file, tensors) in files) { WriteFile(Path.Combine(temp, file), tensors, metadata); }
        if (Directory.Exists(final)) { Directory.Delete(final, recursive: true); }
        Directory.Move(temp, final);
        foreach (var old in Steps().Skip(Keep)) { Directory.Delete(Path.Combine(Folder, old.ToString(CultureInfo.InvariantCulture)), recursive: true); }
        return final;
    }

    /// <summary>Writes checkpoint <paramref name="step"/> of a learner: its model, its optimiser (when it has one) and its
    /// <paramref name="state"/>; returns the folder.</summary>
    public string Save(long step, Module model, Optimizer? optimizer, Dictionary<string, Tensor> state, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        var files = new Dictionary<string, Dictionary<string, Tensor>> { [Model] = model.StateDict() };
        if (optimizer is not null) { files[Optimizer] = optimizer.StateDict(); }
        files[State] = state;
        return Save(step, files, metadata);
    }

    /// <summary>Restores a learner's model and optimiser (when it has one) from checkpoint <paramref name="checkpoint"/>
    /// and returns the checkpoint's state tensors. Every file is read and verified before anything is restored.</summary>
    /// <exception cref="RunFormatException">A file is missing or damaged, or does not fit the model.</exception>
    public static Dictionary<string, Tensor> Load(string checkpoint, Module model, Optimizer? optimizer) =>
        Apply(checkpoint, ReadAll(checkpoint, optimizer is not null), model, optimizer);

    /// <summary>
    /// Restores the newest checkpoint whose files all verify into <paramref name="model"/> and
    /// <paramref name="optimizer"/>; null when there is no checkpoint. Each newer one that does not verify is moved aside
    /// to <c>&lt;step&gt;.damaged</c> (so it is neither resumed nor evaluated again) and reported in one line through
    /// <paramref name="report"/>.
    /// </summary>
    /// <exception cref="RunFormatException">There are checkpoints but none verifies (the message gives each one's
    /// problem), or the one that verifies does not fit the model.</exception>
    public RestoredCheckpoint? Restore(Module model, Optimizer? optimizer, Action<string>? report = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        var skipped = new List<(long Step, string Why)>();
        foreach (long step in Steps())
        {
            string checkpoint = Path.Combine(Folder, step.ToString(CultureInfo.InvariantCulture));
            Dictionary<string, Dictionary<string, Tensor>> files;
            try { files = ReadAll(checkpoint, optimizer is not null); }
            catch (RunFormatException ex)
            {
                skipped.Add((step, ex.Message));
                continue;
            }
            var state = Apply(checkpoint, files, model, optimizer);
            foreach (var (s, why) in skipped) { report?.Invoke($"skipped checkpoint {s}: {why}; {SetAside(s)}; resuming from checkpoint {step}"); }
            return new RestoredCheckpoint(checkpoint, step, state);
        }
        if (skipped.Count == 0) { return null; }
        throw new RunFormatException($"no checkpoint in {Folder} can be resumed from: {string.Join("; ", skipped.Select(s => $"checkpoint {s.Step}: {s.Why}"))}");
    }

    /// <summary>The folder of the checkpoint with the most steps, or null when there is none.</summary>
    public string? Newest() => Steps().Select(s => Path.Combine(Folder, s.ToString(CultureInfo.InvariantCulture))).FirstOrDefault();

    /// <summary>The steps of the checkpoints present, newest first.</summary>
    public IEnumerable<long> Steps()
    {
        if (!Directory.Exists(Folder)) { return []; }
        return Directory.GetDirectories(Folder)
            .Select(d => (Ok: long.TryParse(Path.GetFileName(d), NumberStyles.None, CultureInfo.InvariantCulture, out long s), Step: s))
            .Where(x => x.Ok).Select(x => x.Step).OrderDescending().ToArray();
    }

    /// <summary>The verified tensors of one file of a checkpoint folder.</summary>
    /// <exception cref="RunFormatException">The file is missing, unreadable or damaged; the message names it.</exception>
    public static Dictionary<string, Tensor> Read(string checkpoint, string file) => ReadFile(Path.Combine(checkpoint, file));

    /// <summary>Writes a safetensors file carrying its <see cref="CheckpointChecksum"/> (atomically).</summary>
    public static void WriteFile(string path, IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        if (metadata?.ContainsKey(CheckpointChecksum.Key) == true)
        {
            throw new ArgumentException($"the metadata key '{CheckpointChecksum.Key}' is reserved for the checkpoint's checksum", nameof(metadata));
        }
        var withChecksum = new Dictionary<string, string>(metadata ?? new Dictionary<string, string>(), StringComparer.Ordinal)
        {
            [CheckpointChecksum.Key] = CheckpointChecksum.Compute(tensors, metadata),
        };
        SafeTensors.Save(path, tensors, withChecksum);
    }

    /// <summary>Reads a safetensors file and verifies its checksum when it carries one.</summary>
    /// <exception cref="RunFormatException">The file is missing, unreadable, malformed or fails its checksum; the
    /// message names it and says which.</exception>
    public static Dictionary<string, Tensor> ReadFile(string path)
    {
        SafeTensorsContent content;
        try { content = SafeTensors.Load(path); }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new RunFormatException($"{path} is missing", ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new RunFormatException($"{path} cannot be read: {ex.Message}", ex);
        }
        catch (SafeTensorsFormatException ex)
        {
            throw new RunFormatException($"{path} is damaged: {ex.Message}", ex);
        }
        if (CheckpointChecksum.Problem(content.Tensors, content.Metadata) is { } problem)
        {
            throw new RunFormatException($"{path} is damaged: {problem}");
        }
        return content.Tensors;
    }

    /// <summary>A one-element float64 tensor, for counters and scalars in <see cref="State"/>.</summary>
    public static Tensor Scalar(double value) => Tensor.FromArray(new[] { value }, 1);

    private static Dictionary<string, Dictionary<string, Tensor>> ReadAll(string checkpoint, bool optimizer)
    {
        var files = new Dictionary<string, Dictionary<string, Tensor>> { [Model] = Read(checkpoint, Model) };
        if (optimizer) { files[Optimizer] = Read(checkpoint, Optimizer); }
        files[State] = Read(checkpoint, State);
        return files;
    }

    private static Dictionary<string, Tensor> Apply(string checkpoint, Dictionary<string, Dictionary<string, Tensor>> files, Module model, Optimizer? optimizer)
    {
        ArgumentNullException.ThrowIfNull(model);
        try
        {
            model.LoadStateDict(files[Model]);
            optimizer?.LoadStateDict(files[Optimizer]);
        }
        catch (Exception ex) when (ex is ArgumentException or KeyNotFoundException or InvalidOperationException)
        {
            throw new RunFormatException($"{checkpoint}: the checkpoint does not fit this run's model ({ex.Message})", ex);
        }
        return files[State];
    }

    // Renamed so that Steps() no longer lists it; kept for inspection rather than deleted.
    private string SetAside(long step)
    {
        string name = step.ToString(CultureInfo.InvariantCulture);
        string to = Path.Combine(Folder, name + DamagedSuffix);
        try
        {
            if (Directory.Exists(to)) { Directory.Delete(to, recursive: true); }
            Directory.Move(Path.Combine(Folder, name), to);
            return $"moved to {to}";
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return $"left in place ({ex.Message})";
        }
    }
}
