using System.CommandLine;
using System.Globalization;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using System.Text.Json;
using MetaRL.Kernels;

namespace MetaRL.Cli.Commands.Bench;

/// <summary>
/// <c>metarl bench nn</c>: SGEMM GFLOP/s at 64, 256 and 1024 on one thread and on all cores, and the
/// microseconds of one PPO-sized minibatch update (see <see cref="PpoUpdateBench"/>). Medians throughout.
/// </summary>
internal static class BenchNnCommand
{
    private static readonly int[] Sizes = [64, 256, 1024];

    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of a table." };
        var quick = new Option<bool>("--quick") { Description = "Fewer samples (a smoke run, noisier figures)." };
        var command = new Command("nn", "SGEMM GFLOP/s (64, 256, 1024; one thread and all cores) and one PPO minibatch update in microseconds.")
        {
            json, quick,
        };
        command.SetAction(parse => Run(parse.GetValue(json), parse.GetValue(quick), parse.InvocationConfiguration.Output));
        return command;
    }

    internal static int Run(bool json, bool quick, TextWriter output)
    {
        int samples = quick ? 3 : 9;
        double seconds = quick ? 0.02 : 0.2;
        int cores = Environment.ProcessorCount;
        var one = new SortedDictionary<string, double>(StringComparer.Ordinal);
        var all = new SortedDictionary<string, double>(StringComparer.Ordinal);
        foreach (int n in Sizes)
        {
            one[Key(n)] = Math.Round(SgemmBench.Measure(n, 1, samples, seconds), 1);
            all[Key(n)] = Math.Round(SgemmBench.Measure(n, cores, samples, seconds), 1);
        }
        var ppo = new PpoUpdateBench(seed: 1);
        double ppoUs = ppo.MeasureMedianMicroseconds(warmup: quick ? 50 : 500, iterations: quick ? 200 : 3000);
        if (!double.IsFinite(ppo.LastLoss)) { throw new InvalidOperationException("The PPO update produced a non-finite loss."); }
        if (json)
        {
            var result = new Dictionary<string, object>
            {
                ["sgemm_gflops_1thread"] = one,
                ["sgemm_gflops_all"] = all,
                ["ppo_update_us"] = Math.Round(ppoUs, 1),
                ["threads_all"] = cores,
                ["kernel"] = MatMul.KernelDescription,
                ["vector512_accelerated"] = Vector512.IsHardwareAccelerated && Avx512F.IsSupported,
            };
            output.WriteLine(JsonSerializer.Serialize(result));
            return 0;
        }
        output.WriteLine($"SGEMM ({MatMul.KernelDescription} micro-kernel), median GFLOP/s");
        output.WriteLine($"{"n",6} {"1 thread",10} {cores + " threads",10}");
        foreach (int n in Sizes)
        {
            output.WriteLine($"{n,6} {one[Key(n)],10:F1} {all[Key(n)],10:F1}");
        }
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"PPO update (batch 128, 4-64-64-2 actor + 4-64-64-1 critic, clip, Adam): median {ppoUs:F1} us"));
        return 0;
    }

    private static string Key(int n) => n.ToString(CultureInfo.InvariantCulture);
}
