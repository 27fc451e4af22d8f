using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace MetaRL.Cli.Commands.Bench;

/// <summary>
/// <c>metarl bench nn</c>: prints <see cref="NnBench"/>'s figures (SGEMM GFLOP/s at 64, 256 and 1024 on one thread
/// and on all cores, one PPO-sized minibatch update in microseconds and bytes allocated, one RL² minibatch through each recurrent cell
/// in milliseconds; medians throughout) as a table or one JSON object.
/// </summary>
internal static class BenchNnCommand
{
    public static Command Create()
    {
        var json = BenchOptions.Json();
        var quick = BenchOptions.Quick();
        var command = new Command("nn", "SGEMM GFLOP/s (64, 256, 1024; one thread and all cores), one PPO minibatch update in microseconds, and an RL² minibatch (100 steps x 64 trials, 128 units) through each recurrent cell in milliseconds.")
        {
            json, quick,
        };
        command.SetAction(parse => Run(parse.GetValue(json), parse.GetValue(quick), parse.InvocationConfiguration.Output));
        return command;
    }

    internal static int Run(bool json, bool quick, TextWriter output)
    {
        var b = NnBench.Measure(quick);
        var (one, all, oneCpu, recurrence, cores) = (b.SgemmOneThread, b.SgemmAll, b.SgemmOneThreadCpu, b.RecurrenceMs, b.Cores);
        var (ppoUs, ppoP10, ppoMean, ppoCpuUs) = (b.PpoUs, b.PpoP10, b.PpoMean, b.PpoCpuUs);
        if (json)
        {
            var result = new Dictionary<string, object?>
            {
                ["sgemm_gflops_1thread"] = one,
                ["sgemm_gflops_all"] = all,
                ["sgemm_gflops_1thread_cputime"] = oneCpu,
                ["ppo_update_us"] = Math.Round(ppoUs, 1),
                ["ppo_update_us_p10"] = Math.Round(ppoP10, 1),
                ["ppo_update_us_mean"] = Math.Round(ppoMean, 1),
                ["ppo_update_us_cputime"] = double.IsFinite(ppoCpuUs) ? Math.Round(ppoCpuUs, 1) : null,
                ["ppo_update_alloc_bytes"] = b.PpoAllocBytes,
                ["recurrence_ms"] = recurrence,
                ["recurrence_shape"] = $"T={RecurrenceBench.Steps} B={RecurrenceBench.Batch} I={RecurrenceBench.Inputs} H={RecurrenceBench.Hidden}",
                ["threads_all"] = cores,
                ["kernel"] = MatMul.KernelDescription,
                ["vector512_accelerated"] = Vector512.IsHardwareAccelerated && Avx512F.IsSupported,
            };
            output.WriteLine(JsonSerializer.Serialize(result));
            return 0;
        }
        output.WriteLine($"SGEMM ({MatMul.KernelDescription} micro-kernel), median GFLOP/s");
        output.WriteLine($"{"n",6} {"1 thread",10} {cores + " threads",10} {"1 thread (CPU t)",16}");
        foreach (int n in NnBench.Sizes)
        {
            string cpuRate = oneCpu.TryGetValue(NnBench.Key(n), out double r) ? r.ToString("F1", CultureInfo.InvariantCulture) : "-";
            output.WriteLine($"{n,6} {one[NnBench.Key(n)],10:F1} {all[NnBench.Key(n)],10:F1} {cpuRate,16}");
        }
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"PPO update (batch 128, 4-64-64-2 actor + 4-64-64-1 critic, clip, Adam): median {ppoUs:F1} us (10th percentile {ppoP10:F1} us; mean with GC {ppoMean:F1} us; thread CPU time {ppoCpuUs:F1} us; {b.PpoAllocBytes} bytes allocated per update)"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"RL² minibatch through each cell (T={RecurrenceBench.Steps}, B={RecurrenceBench.Batch}, I={RecurrenceBench.Inputs}, H={RecurrenceBench.Hidden}, forward + backward), median ms: {string.Join(", ", recurrence.Select(kv => $"{kv.Key} {kv.Value:F2}"))}"));
        return 0;
    }
}
