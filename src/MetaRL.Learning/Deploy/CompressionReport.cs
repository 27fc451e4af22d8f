using System.Text.Json;

namespace MetaRL.Learning.Deploy;

/// <summary>What a compression changed (written as <c>compression.json</c> into the compressed run).</summary>
/// <param name="Method">The method (<c>int8</c>).</param>
/// <param name="Source">The original run's folder.</param>
/// <param name="Parameters">Parameters of the model (the same before and after).</param>
/// <param name="WeightBytesBefore">Bytes of the model's tensors before (float).</param>
/// <param name="WeightBytesAfter">Bytes of the model's tensors after (int8 matrices, their scales, the float rest).</param>
/// <param name="FileBytesBefore">Size of the original checkpoint's model file.</param>
/// <param name="FileBytesAfter">Size of the compressed checkpoint's model file.</param>
/// <param name="Before">The original policy's greedy returns.</param>
/// <param name="After">The compressed policy's greedy returns on the same seeded episodes.</param>
/// <param name="Agreement">Share of the states the original visits on those episodes where both take the same action
/// (discrete), or where every action component, clipped to the action space as the environment gets it, differs by at
/// most 1% of its range (continuous).</param>
/// <param name="MaxActionDifference">Largest absolute difference of an action component over those states.</param>
/// <param name="Decisions">The states compared.</param>
/// <param name="MicrosecondsBefore">Median microseconds per greedy action of the original.</param>
/// <param name="MicrosecondsAfter">The same for the compressed policy.</param>
public sealed record CompressionReport(
    string Method,
    string Source,
    long Parameters,
    long WeightBytesBefore,
    long WeightBytesAfter,
    long FileBytesBefore,
    long FileBytesAfter,
    EvaluationResult Before,
    EvaluationResult After,
    double Agreement,
    double MaxActionDifference,
    long Decisions,
    double MicrosecondsBefore,
    double MicrosecondsAfter)
{
    /// <summary>The compressed run's report file.</summary>
    public const string FileName = "compression.json";

    /// <summary>Weight bytes before over after.</summary>
    public double SizeRatio => (double)WeightBytesBefore / WeightBytesAfter;

    /// <summary>(before − after) / |before| of the mean return: the relative return drop (before − after when before is 0).</summary>
    public double ReturnDrop => Before.Mean == 0 ? Before.Mean - After.Mean : (Before.Mean - After.Mean) / Math.Abs(Before.Mean);

    /// <summary>The report as indented JSON (snake_case keys).</summary>
    public string ToJson() => JsonSerializer.Serialize(new Dictionary<string, object>
    {
        ["method"] = Method, ["source"] = Source, ["parameters"] = Parameters,
        ["weight_bytes_before"] = WeightBytesBefore, ["weight_bytes_after"] = WeightBytesAfter, ["size_ratio"] = SizeRatio,
        ["file_bytes_before"] = FileBytesBefore, ["file_bytes_after"] = FileBytesAfter,
        ["episodes"] = Before.Episodes,
        ["return_before"] = Summary(Before), ["return_after"] = Summary(After), ["return_drop"] = ReturnDrop,
        ["action_agreement"] = Agreement, ["max_action_difference"] = MaxActionDifference, ["decisions"] = Decisions,
        ["us_per_action_before"] = MicrosecondsBefore, ["us_per_action_after"] = MicrosecondsAfter,
    }, new JsonSerializerOptions { WriteIndented = true });

    private static Dictionary<string, double> Summary(EvaluationResult r) => new()
    {
        ["mean"] = r.Mean, ["std"] = r.Std, ["ci95_low"] = r.Ci95Low, ["ci95_high"] = r.Ci95High,
    };
}
