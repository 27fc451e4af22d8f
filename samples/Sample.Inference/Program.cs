// Inference only: load a policy saved as safetensors (Sample.CustomEnv writes out/policy.safetensors) into an MLP
// of the shape its metadata records and act greedily on observations, with MetaRL.Core alone.
//   dotnet run -- <policy.safetensors> [observation ...]
using System.Globalization;
using MetaRL.Nn;
using MetaRL.Random;
using MetaRL.Serialization;
using MetaRL.Tensors;

if (args.Length == 0 || !File.Exists(args[0]))
{
    Console.Error.WriteLine(args.Length == 0
        ? "usage: Sample.Inference <policy.safetensors> [observation ...]  (Sample.CustomEnv writes out/policy.safetensors)"
        : $"no policy file at {args[0]}: run Sample.CustomEnv first, or give the path of a saved policy");
    return 2;
}

Dictionary<string, string> header;
try { header = SafeTensors.Load(args[0]).Metadata; }
catch (SafeTensorsFormatException e)
{
    Console.Error.WriteLine($"{args[0]} is not a readable safetensors file: {e.Message}");
    return 2;
}
if (!header.TryGetValue("sizes", out var sizesText))
{
    Console.Error.WriteLine($"{args[0]} does not record the network's sizes (metadata 'sizes'); it was not saved by Sample.CustomEnv");
    return 2;
}
int[] sizes = [.. sizesText.Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture))];
var policy = Mlp.Create(sizes, Activation.Tanh, new Rng(0));   // the weights are overwritten by the file
Checkpoint.LoadModule(args[0], policy);
policy.Eval();

float[] observations = args.Length > 1
    ? [.. args.Skip(1).Select(a => float.Parse(a, CultureInfo.InvariantCulture))]
    : [-0.9f, -0.5f, 0f, 0.3f, 0.6f, 0.7f, 0.8f, 0.95f];
string[] names = ["left", "stay", "right"];
Console.WriteLine($"policy {args[0]}: {header.GetValueOrDefault("env", "?")}, layers {sizesText}");
foreach (var obs in observations)
{
    var logits = policy.Forward(Tensor.FromArray([obs], 1, 1)).ToFloatArray();
    int action = Array.IndexOf(logits, logits.Max());
    Console.WriteLine(FormattableString.Invariant($"position {obs,6:F2} -> {names[action]}"));
}
return 0;
