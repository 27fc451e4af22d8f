using System.Text.Json;
using MetaRL.Cli;
using MetaRL.Cli.Commands.Bench;

namespace MetaRL.Tests.Cli;

public sealed class BenchNnCommandTests
{
    [Fact]
    public void Bench_nn_json_reports_sgemm_rates_at_three_sizes_the_ppo_update_time_and_bytes_and_each_recurrent_cell()
    {
        var output = new StringWriter();
        int code = CliApp.Run(["bench", "nn", "--json", "--quick"], output, new StringWriter());
        Assert.Equal(0, code);
        using var doc = JsonDocument.Parse(output.ToString());
        var root = doc.RootElement;
        foreach (var key in new[] { "sgemm_gflops_1thread", "sgemm_gflops_all" })
        {
            var rates = root.GetProperty(key);
            foreach (var n in new[] { "64", "256", "1024" }) { Assert.True(rates.GetProperty(n).GetDouble() > 0, $"{key}[{n}]"); }
        }
        Assert.True(root.GetProperty("ppo_update_us").GetDouble() > 0);
        long bytes = root.GetProperty("ppo_update_alloc_bytes").GetInt64();
        Assert.InRange(bytes, 0, 16 * 1024);
        var cells = root.GetProperty("recurrence_ms");
        foreach (var cell in new[] { "gru", "lstm", "counting_lstm" }) { Assert.True(cells.GetProperty(cell).GetDouble() > 0, cell); }
    }

    [Fact]
    public void Ppo_update_bench_lowers_its_loss_on_a_fixed_batch()
    {
        // The benchmarked update is a real optimisation step: repeated on one batch, the loss must fall.
        var bench = new PpoUpdateBench(seed: 3);
        bench.Update();
        double first = bench.LastLoss;
        for (int i = 0; i < 300; i++) { bench.Update(); }
        Assert.True(bench.LastLoss < first, $"loss {first} -> {bench.LastLoss}");
    }
}
