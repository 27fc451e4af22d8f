using System.Globalization;
using MetaRL.Nn;
using MetaRL.Optim;
using MetaRL.Serialization;
using MetaRL.Tensors;

namespace MetaRL.Tracking;

/// <summary>
/// The checkpoints of a run, one layout for single-task and meta runs: <c>checkpoints/&lt;step&gt;/</c> holding
/// <c>model.safetensors</c> (parameters by dotted name), <c>optimizer.safetensors</c> when there is an optimiser and
/// <c>state.safetensors</c> (counters, generator and learner state, <c>run.wall_seconds</c>). A single-task run counts
/// steps in environment steps, a meta run in iterations. The folder is assembled under a temporary name and renamed,
/// so a crash never leaves a half-written checkpoint; only the newest <see cref="Keep"/> are kept.
/// </summary>
public sealed class CheckpointStore(string folder)
{
    /// <summary>How many checkpoints are kept.</summary>
    public const int Keep = 3;

    public const string Model = "model.safetensors";

    public const string Optimizer = "optimizer.safetensors";

    public const string State = "state.safetensors";

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
        foreach (var (file, tensors) in files) { SafeTensors.Save(Path.Combine(temp, file), tensors, metadata); }
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
    /// and returns the checkpoint's state tensors.</summary>
    public static Dictionary<string, Tensor> Load(string checkpoint, Module model, Optimizer? optimizer)
    {
        ArgumentNullException.ThrowIfNull(model);
        model.LoadStateDict(Read(checkpoint, Model));
        optimizer?.LoadStateDict(Read(checkpoint, Optimizer));
        return Read(checkpoint, State);
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

    /// <summary>The tensors of one file of a checkpoint folder.</summary>
    public static Dictionary<string, Tensor> Read(string checkpoint, string file) => SafeTensors.Load(Path.Combine(checkpoint, file)).Tensors;

    /// <summary>A one-element float64 tensor, for counters and scalars in <see cref="State"/>.</summary>
    public static Tensor Scalar(double value) => Tensor.FromArray(new[] { value }, 1);
}
