using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using MetaRL.Nn;
using MetaRL.Optim;
using MetaRL.Random;
using MetaRL.Tensors;

namespace MetaRL.Cli.Commands;

/// <summary>
/// <c>metarl demo</c>: the README's main job. Until the RL algorithms land it shows the engine learning:
/// a 1-64-64-1 tanh MLP fitted to y = sin(3x) on [−1, 1] with Adam, full batch.
/// </summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        var seed = new Option<int>("--seed") { Description = "Random seed.", DefaultValueFactory = _ => 1 };
        var steps = new Option<int>("--steps") { Description = "Adam steps.", DefaultValueFactory = _ => 2000 };
        var command = new Command("demo", "Run the main job on embedded defaults: fit a small MLP with MetaRL's autograd engine and report the loss.")
        {
            seed, steps,
        };
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            return Run(parse.GetValue(seed), parse.GetValue(steps), output);
        });
        return command;
    }

    internal static int Run(int seed, int steps, TextWriter output)
    {
        if (steps <= 0) { throw new UserInputException("--steps must be positive."); }
        var rng = new Rng(seed);
        const int n = 256;
        var xs = new float[n];
        var ys = new float[n];
        for (int i = 0; i < n; i++)
        {
            xs[i] = -1f + 2f * i / (n - 1);
            ys[i] = MathF.Sin(3 * xs[i]);
        }
        var x = Tensor.FromArray(xs, n, 1);
        var y = Tensor.FromArray(ys, n, 1);
        var model = Mlp.Create([1, 64, 64, 1], Activation.Tanh, rng);
        var adam = new Adam(model.Parameters(), new AdamOptions { LearningRate = 3e-3 });
        output.WriteLine("MetaRL demo: fitting y = sin(3x) on [-1, 1] (256 points) with a 1-64-64-1 tanh MLP,");
        output.WriteLine($"full-batch Adam (lr 3e-3), {steps} steps, seed {seed}. Everything runs on MetaRL's own tensor and autograd engine.");
        var watch = Stopwatch.StartNew();
        double first = double.NaN, loss = double.NaN;
        for (int step = 1; step <= steps; step++)
        {
            adam.ZeroGrad();
            var diff = model.Forward(x) - y;
            var mse = (diff * diff).Mean();
            mse.Backward();
            adam.Step();
            loss = mse.Item();
            if (step == 1) { first = loss; }
            if (step == 1 || step % (steps / 8 == 0 ? 1 : steps / 8) == 0 || step == steps)
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  step {step,5}  mse {loss:E3}"));
            }
        }
        watch.Stop();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Done in {watch.Elapsed.TotalSeconds:F2} s: mse {first:E3} -> {loss:E3} ({steps / watch.Elapsed.TotalSeconds:F0} steps/s)."));
        return loss < first ? 0 : 1;
    }
}
