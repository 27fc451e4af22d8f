namespace MetaRL.Cli.Commands.Bench;

/// <summary>
/// <c>metarl bench transformer [--json] [--quick] [--profile]</c>: <see cref="TransformerBench"/>'s training step
/// (<c>train_step_ms_1thread</c>) and KV-cached online step (<c>act_us_kv</c>), with <c>--profile</c> the time of each
/// kind of op at the model's shapes (<see cref="TransformerProfile"/>), as a table or one JSON object.
/// </summary>
internal static class BenchTransformerCommand
{
    public static Command Create()
    {
        var json = BenchOptions.Json();
        var quick = BenchOptions.Quick();
        var profile = new Option<bool>("--profile") { Description = "Also time each kind of op (matmuls, attention, layer norm, GELU, AdamW) at the model's shapes, and the online step's parts (projections and MLP, attention over the cached keys, bytes allocated)." };
        var command = new Command("transformer", "One GPT training step (4 layers, 4 heads, width 128, MLP 512, context 256, batch 8, AdamW) on one thread in milliseconds, and one KV-cached online step at context 500 in microseconds.")
        {
            json, quick, profile,
        };
        command.SetAction(parse => Run(parse.GetValue(json), parse.GetValue(quick), parse.GetValue(profile), parse.InvocationConfiguration.Output));
        return command;
    }

    internal static int Run(bool json, bool quick, bool profile, TextWriter output)
    {
        var train = TransformerBench.TrainStep(warmup: quick ? 1 : 3, samples: quick ? 3 : 11);
        var (trainMs, samples, trainCpuMs, loss, parameters) = (train.Median, train.Samples, train.CpuMedian, train.Loss, train.Parameters);
        var (actUs, actCpuUs) = TransformerBench.ActStep(quick ? 5 : 31);
        var breakdown = profile ? TransformerProfile.Measure(quick ? 3 : 7) : null;
        var actBreakdown = profile ? TransformerProfile.MeasureAct(quick ? 50 : 400) : null;
        string shape = $"n_layer={TransformerBench.Layers} n_head={TransformerBench.Heads} d_model={TransformerBench.ModelDim} d_ff={TransformerBench.MlpWidth} context={TransformerBench.Context} batch={TransformerBench.Batch} token_dim={TransformerBench.TokenDim} outputs={TransformerBench.Outputs}";
        if (json)
        {
            var result = new Dictionary<string, object?>
            {
                ["train_step_ms_1thread"] = Math.Round(trainMs, 2),
                ["train_step_samples_ms"] = samples.Select(s => Math.Round(s, 2)).ToArray(),
                ["train_step_ms_1thread_cputime"] = double.IsFinite(trainCpuMs) ? Math.Round(trainCpuMs, 2) : null,
                ["act_us_kv"] = Math.Round(actUs, 1),
                ["act_us_kv_cputime"] = double.IsFinite(actCpuUs) ? Math.Round(actCpuUs, 1) : null,
                ["act_context"] = TransformerBench.ActContext,
                ["parameters"] = parameters,
                ["loss"] = Math.Round(loss, 4),
                ["shape"] = shape,
                ["kernel"] = MatMul.KernelDescription,
                ["breakdown_ms"] = breakdown,
                ["act_breakdown"] = actBreakdown,
            };
            output.WriteLine(JsonSerializer.Serialize(result));
            return 0;
        }
        output.WriteLine($"GPT ({shape}; {parameters:N0} parameters; {MatMul.KernelDescription} micro-kernel), one thread");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"training step (forward + backward + AdamW), median: {trainMs:F2} ms (thread CPU time {trainCpuMs:F2} ms)"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"online step with KV cache at context {TransformerBench.ActContext}, median: {actUs:F1} us (thread CPU time {actCpuUs:F1} us)"));
        if (breakdown is not null)
        {
            foreach (var (k, v) in breakdown) { output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {k,-34} {v,9:F2} ms")); }
        }
        if (actBreakdown is not null)
        {
            foreach (var (k, v) in actBreakdown) { output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {k,-38} {v,9:F1}")); }
        }
        return 0;
    }
}
