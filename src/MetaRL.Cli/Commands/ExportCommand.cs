using MetaRL.Learning.Deploy;
using MetaRL.Serialization.Onnx;

namespace MetaRL.Cli.Commands;

/// <summary>
/// <c>metarl export --run RUN [--format onnx|safetensors] -o PATH [--opset N]</c>: writes a trained run's policy as an ONNX
/// model of one decision (checked against the ONNX checker's rules before it is written) or as <c>model.safetensors</c> and
/// <c>config.json</c> in a folder (<see cref="PolicyExport"/>); docs/deploy.md names the inputs and outputs.
/// </summary>
internal static class ExportCommand
{
    public static Command Create()
    {
        var runDir = new Option<string>("--run") { Description = "Run directory written by metarl train or metarl meta-train.", Required = true };
        var format = new Option<string>("--format") { Description = "onnx (one model file) or safetensors (a folder with model.safetensors and config.json).", DefaultValueFactory = _ => PolicyExport.DefaultFormat };
        var output = new Option<string>("--output", "-o") { Description = "The .onnx file, or the folder for safetensors.", Required = true };
        var opset = new Option<int>("--opset") { Description = $"ONNX operator set ({OnnxModel.MinOpset}–{OnnxModel.MaxOpset}).", DefaultValueFactory = _ => OnnxModel.DefaultOpset };
        var command = new Command("export", "Export a trained run's policy for deployment: an ONNX model (observation, and recurrent state where there is one, in; action logits or Gaussian mean/log-std, value and state out) or safetensors with config.json.")
        {
            runDir, format, output, opset,
        };
        command.SetAction(parse => Run(parse.GetValue(runDir)!, parse.GetValue(format)!, parse.GetValue(output)!, parse.GetValue(opset), parse.InvocationConfiguration.Output));
        return command;
    }

    internal static int Run(string runDir, string formatName, string output, int opset, TextWriter stdout)
    {
        var format = PolicyExport.ParseFormat(formatName);
        PolicyExport.CheckOpset(opset);
        // The output is checked before the run is read, so a path that cannot be written costs nothing.
        string target = format == ExportFormat.Onnx ? PathGuard.WritableFile(output, "--output") : PathGuard.WritableFolder(output, "--output");
        var policy = PolicyExport.Load(runDir);
        if (format == ExportFormat.Onnx)
        {
            var model = PolicyExport.WriteOnnx(policy, target, opset);
            stdout.WriteLine($"wrote {target}: the {policy.Kind} policy of a {policy.Algo} run on {policy.EnvId}, ONNX opset {opset}");
            stdout.WriteLine($"  inputs:  {Describe(model.Graph.Inputs)}");
            stdout.WriteLine($"  outputs: {Describe(model.Graph.Outputs)}");
            return 0;
        }
        PolicyExport.WriteSafeTensors(policy, target);
        stdout.WriteLine($"wrote {Path.Combine(target, PolicyExport.WeightsFile)} and {PolicyExport.ConfigFile}: the {policy.Kind} policy of a {policy.Algo} run on {policy.EnvId}");
        return 0;
    }

    private static string Describe(IReadOnlyList<OnnxValue> values) =>
        string.Join(", ", values.Select(v => $"{v.Name} [{string.Join(", ", v.Shape)}]"));
}
