namespace MetaRL.Learning.Decision;

/// <summary>The fine-tuning keys of <see cref="DptOptions"/>: LoRA adapters (Hu et al. 2021) in place of training every
/// weight of the run named by the run key <c>init_from</c> (<see cref="Meta.MetaTrainOptions.InitFrom"/>);
/// <c>metarl finetune</c> sets them.</summary>
public sealed partial class DptOptions
{
    /// <summary>The layers <see cref="LoraTargets"/> may name.</summary>
    public static readonly IReadOnlyList<string> LoraTargetNames = ["attn", "mlp", "embed", "head"];

    /// <summary>Rank r of the LoRA adapters; 0 trains every weight (pretraining, or full fine-tuning with
    /// <c>init_from</c>). Above 0 the base weights are frozen and only the adapters train.</summary>
    /// <value>The default value is 0.</value>
    public int LoraRank { get; set; }

    /// <summary>LoRA's α: the adapters' output is scaled by α/r.</summary>
    /// <value>The default value is 8 (PEFT's <c>lora_alpha</c>).</value>
    public double LoraAlpha { get; set; } = 8;

    /// <summary>Which linear layers get adapters, comma-separated: <c>attn</c> (the q, k, v and output projections of
    /// every block), <c>mlp</c> (both MLP layers of every block), <c>embed</c> (the token embedding), <c>head</c> (the
    /// action head).</summary>
    /// <value>The default value is "attn,mlp".</value>
    public string LoraTargets { get; set; } = "attn,mlp";

    /// <summary>After training, also write <c>merged.safetensors</c>: the adapters folded into the base weights, a plain
    /// model of the base run's structure.</summary>
    /// <value>The default value is false.</value>
    public bool LoraMerge { get; set; }

    /// <summary>Whether the layer at dotted path <paramref name="path"/> (e.g. <c>backbone.h.0.attn.q_proj</c>) is one
    /// <see cref="LoraTargets"/> names.</summary>
    public bool IsLoraTarget(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var segments = path.Split('.');
        return LoraTargetList().Any(t => t is "attn" or "mlp" ? segments.Contains(t) : path == t);
    }

    private string[] LoraTargetList() => LoraTargets.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    private void ValidateFinetune()
    {
        if (LoraRank < 0) { throw new ConfigException($"lora_rank must be at least 0, got {LoraRank}"); }
        if (!(LoraAlpha > 0) || !double.IsFinite(LoraAlpha)) { throw new ConfigException($"lora_alpha must be positive, got {LoraAlpha}"); }
        if (LoraRank == 0) { return; }
        var targets = LoraTargetList();
        if (targets.Length == 0) { throw new ConfigException($"lora_targets names no layer; use some of {string.Join(", ", LoraTargetNames)}"); }
        if (targets.FirstOrDefault(t => !LoraTargetNames.Contains(t)) is { } unknown)
        {
            throw new ConfigException($"lora_targets: unknown layer '{unknown}'; use some of {string.Join(", ", LoraTargetNames)}");
        }
    }
}
