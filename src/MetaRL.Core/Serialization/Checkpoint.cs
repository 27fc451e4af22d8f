using MetaRL.Nn;
using MetaRL.Optim;

namespace MetaRL.Serialization;

/// <summary>
/// Saves and restores modules and optimizers as safetensors files. A module's tensors are named by
/// <see cref="Module.StateDict"/> (<c>actor.0.weight</c>); an optimizer's by its own
/// <see cref="Optimizer.StateDict"/> (<c>step</c>, <c>exp_avg.0</c>, …).
/// </summary>
public static class Checkpoint
{
    /// <summary>Writes every parameter of <paramref name="module"/> under its dotted name.</summary>
    public static void SaveModule(string path, Module module, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(module);
        SafeTensors.Save(path, module.StateDict(), metadata);
    }

    /// <summary>Copies the file's tensors into <paramref name="module"/>'s parameters in place and returns the
    /// file's metadata. With <paramref name="strict"/> every parameter must be present and no extra tensor may be.</summary>
    public static Dictionary<string, string> LoadModule(string path, Module module, bool strict = true)
    {
        ArgumentNullException.ThrowIfNull(module);
        var (tensors, metadata) = SafeTensors.Load(path);
        module.LoadStateDict(tensors, strict);
        return metadata;
    }

    /// <summary>Writes the optimizer's state (moments, momentum buffers, step count).</summary>
    public static void SaveOptimizer(string path, Optimizer optimizer, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        SafeTensors.Save(path, optimizer.StateDict(), metadata);
    }

    /// <summary>Restores an optimizer's state from a file written by <see cref="SaveOptimizer"/> and returns its metadata.</summary>
    public static Dictionary<string, string> LoadOptimizer(string path, Optimizer optimizer)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        var (tensors, metadata) = SafeTensors.Load(path);
        optimizer.LoadStateDict(tensors);
        return metadata;
    }
}
