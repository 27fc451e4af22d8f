using System.Text.Json;

namespace MetaRL.Learning.Deploy;

/// <summary>What a compression changed (written as <c>compression.json</c> into the compressed run).</summary>
/// <param name="Method">The method (<c>int8</c>, <c>distill</c>).</param>
/// <param name="Source">The original run's folder.</param>
/// <param name="ParametersBefore">Parameters of the original model.</param>
/// <param name="ParametersAfter">Parameters of the compressed model (the same for int8, the student's for distillation).</param>
/// <param name="WeightBytesBefore">Bytes of the model's tensors before (float).</param>
/// <param name="WeightBytesAfter">Bytes of the model's tensors after (int8 matrices, their scales, the float rest; or the student's floats).</param>
/// <param name="FileBytesBefore">Size of the original checkpoint's model file.</param>
/// <param name="FileBytesAfter">Size of the compressed checkpoint's model file.</param>
/// <param name="Comparison">The two policies on the same seeded episodes.</param>
/// <param name="Details">What the method adds of its own (distillation: the student and its training), or null.</param>
/// <param name="Unit">What the returns were measured over: <c>episodes</c> (a single-task run) or held-out <c>tasks</c> (a meta run).</param>
public sealed record CompressionReport(
    string Method,
    string Source,
    long ParametersBefore,
    long ParametersAfter,
    long WeightBytesBefore,
    long WeightBytesAfter,
    long FileBytesBefore,
    long FileBytesAfter,
    PolicyComparison Comparison,
    IReadOnlyDictionary<string, object>? Details = null,
    string Unit = "episodes")
{
    /// <summary>The compressed run's report file.</summary>
    public const string FileName = "compression.json";

    /// <summary>The original policy's greedy returns.</summary>
    public EvaluationResult Before => Comparison.Before;

    /// <summary>The compressed policy's greedy returns on the same seeded episodes.</summary>
    public EvaluationResult After => Comparison.After;

    /// <summary>Weight bytes before over after.</summary>
    public double SizeRatio => (double)WeightBytesBefore / WeightBytesAfter;

    /// <summary>(before − after) / |before| of the mean return: the relative return drop (before − after when before is 0).</summary>
    public double ReturnDrop => Before.Mean == 0 ? Before.Mean - After.Mean : (Before.Mean - After.Mean) / Math.Abs(Before.Mean);

    /// <summary>The report as indented JSON (snake_case keys).</summary>
    public string ToJson()
    {
        var c = Comparison;
        var doc = new Dictionary<string, object>
        {
            ["method"] = Method, ["source"] = Source, ["parameters_before"] = ParametersBefore, ["parameters_after"] = ParametersAfter,
            ["weight_bytes_before"] = WeightBytesBefore, ["weight_bytes_after"] = WeightBytesAfter, ["size_ratio"] = SizeRatio,
            ["file_bytes_before"] = FileBytesBefore, ["file_bytes_after"] = FileBytesAfter,
            [Unit] = Before.Episodes,
            ["return_before"] = Summary(Before), ["return_after"] = Summary(After), ["return_drop"] = ReturnDrop,
            ["action_agreement"] = c.Agreement, ["max_action_difference"] = c.MaxActionDifference, ["decisions"] = c.Decisions,
            ["us_per_action_before"] = c.MicrosecondsBefore, ["us_per_action_after"] = c.MicrosecondsAfter,
        };
        if (Details is not null) { doc[Method] = Details; }
        return JsonSerializer.Serialize(doc, new JsonSerializerOptions { WriteIndented = true });
    }

    private static Dictionary<string, double> Summary(EvaluationResult r) => new()
    {
        ["mean"] = r.Mean, ["std"] = r.Std, ["ci95_low"] = r.Ci95Low, ["ci95_high"] = r.Ci95High,
    };
}
