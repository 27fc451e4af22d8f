// A tuning study over a custom objective — the learning rate and momentum of SGD fitting a line with MetaRL's
// autograd — stored in a SQLite file. Run it, stop it (or let it finish), run it again with a larger budget: the
// second run resumes the study from the file, its sampler seeing every trial of the first.
//   dotnet run -- [study.db] [total trials]
using System.Globalization;
using MetaRL.Optim;
using MetaRL.Random;
using MetaRL.Tensors;
using MetaRL.Tuning;

string db = args.Length > 0 ? args[0] : "study.db";
int total = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 20;

// The data: y = 3x + 2 plus noise, the same for every trial.
var data = new Rng(0);
float[] xs = [.. Enumerable.Range(0, 64).Select(_ => (float)data.Uniform(-1, 1))];
float[] ys = [.. xs.Select(x => 3 * x + 2 + (float)(0.1 * data.Normal()))];
var x = Tensor.FromArray(xs, xs.Length);
var y = Tensor.FromArray(ys, ys.Length);

// The objective: mean squared error after 30 SGD steps (a diverging run scores its cap).
double Objective(Trial trial)
{
    var sgd = new SgdOptions
    {
        LearningRate = trial.SuggestFloat("lr", 1e-3, 1.0, log: true),
        Momentum = trial.SuggestFloat("momentum", 0, 0.95),
    };
    var w = Tensor.Zeros([1]);
    var b = Tensor.Zeros([1]);
    w.RequiresGrad = b.RequiresGrad = true;
    var optimizer = new Sgd([w, b], sgd);
    double loss = 0;
    for (int step = 0; step < 30; step++)
    {
        var l = (x * w + b - y).Square().Mean();
        optimizer.ZeroGrad();
        l.Backward();
        optimizer.Step();
        loss = l[0];
        trial.Report(step, loss);
    }
    return double.IsFinite(loss) ? Math.Min(loss, 1e3) : 1e3;
}

using var storage = new SqliteStorage(db);
var study = Study.Create("sgd-line-fit", new TpeSampler(new TpeOptions { Seed = 1 }), storage, StudyDirection.Minimize);
int before = study.FinishedTrials.Count;
Console.WriteLine(before == 0 ? $"new study sgd-line-fit in {db}" : $"resumed study sgd-line-fit from {db}: {before} finished trials");
study.Optimize(Objective, nTrials: total, studyWideBudget: true);
var best = study.BestTrial!;
Console.WriteLine(FormattableString.Invariant(
    $"{study.FinishedTrials.Count} finished trials ({study.FinishedTrials.Count - before} in this run); best loss {best.Value:F4} at lr {(double)best.ExternalParams["lr"]:G3}, momentum {(double)best.ExternalParams["momentum"]:F2} (trial {best.Number})"));
return study.FinishedTrials.Count >= total ? 0 : 1;
