using MetaRL.Learning.Deploy;

namespace MetaRL.Cli.Commands;

/// <summary><c>metarl compress --run RUN --method int8|distill --out RUN2 [--student "hidden=[16,16]"] [--episodes N] [--seed S]
/// [--json]</c>: a smaller copy of a trained run, with the comparison of the two policies (<see cref="Int8Compression"/>,
/// <see cref="PolicyDistillation"/>, <see cref="MetaCompression"/>).</summary>
internal static class CompressCommand
{
    /// <summary>The methods <c>--method</c> takes.</summary>
    private static readonly string[] Methods = ["int8", "distill"];

    public static Command Create()
    {
        var runDir = new Option<string>("--run") { Description = "Run directory written by metarl train, meta-train or pretrain.", Required = true };
        var method = new Option<string>("--method") { Description = "int8: per-output-channel symmetric int8 weights (float compute on the dequantised weights). distill: a smaller student trained on the teacher's action distributions (Rusu et al. 2016), DAgger-style.", Required = true };
        var outDir = new Option<string>("--out") { Description = "The compressed run's folder (must be new or empty); it holds the config, one checkpoint and compression.json.", Required = true };
        var student = new Option<string?>("--student") { Description = "distill: config assignments that make the student from the teacher's config, e.g. \"hidden=[16,16]\"; an RL² or transformer (dpt, ad) teacher gets an RL² student, e.g. \"hidden_size=32\" (required with distill)." };
        var rounds = new Option<int?>("--rounds") { Description = $"distill only: data-gathering rounds, the teacher acting in the first, the student in the rest (default {DistillationOptions.DefaultRounds})." };
        var steps = new Option<int?>("--steps-per-round") { Description = $"distill only: environment steps gathered per round (default {DistillationOptions.DefaultStepsPerRound})." };
        var epochs = new Option<int?>("--epochs") { Description = $"distill only: passes over the gathered data after each round (default {DistillationOptions.DefaultEpochs})." };
        var learningRate = new Option<double?>("--learning-rate") { Description = $"distill only: the student's Adam step size (default {DistillationOptions.DefaultLearningRate.ToString(CultureInfo.InvariantCulture)})." };
        var episodes = new Option<int?>("--episodes") { Description = $"Single-task runs only: evaluation episodes for the before/after comparison (default {Int8Compression.DefaultEpisodes})." };
        var tasks = new Option<int?>("--tasks") { Description = $"Meta runs only: held-out tasks for the before/after comparison, the same tasks as meta-eval --seed S draws (default {MetaCompression.DefaultTasks})." };
        var seed = new Option<long?>("--seed") { Description = $"Evaluation seed, the same before and after: of the episodes for a single-task run (evaluate's; default {CheckpointEvaluation.DefaultSeed}), meta-eval's --seed for a meta run (default {MetaRL.Learning.Meta.MetaEvalSettings.Default.Seed})." };
        var json = new Option<bool>("--json") { Description = "Print compression.json instead of a table." };
        var command = new Command("compress", "Compress a trained run: parameters and bytes before/after, return before/after on the same seeded episodes (mean ± 95% CI), action agreement and latency per action.")
        {
            runDir, method, outDir, student, rounds, steps, epochs, learningRate, episodes, tasks, seed, json,
        };
        command.SetAction(parse => Run(parse.GetValue(runDir)!, parse.GetValue(method)!, parse.GetValue(outDir)!, parse.GetValue(student),
            new DistillSettings(parse.GetValue(rounds), parse.GetValue(steps), parse.GetValue(epochs), parse.GetValue(learningRate)), parse.GetValue(episodes), parse.GetValue(tasks), parse.GetValue(seed), parse.GetValue(json),
            parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error));
        return command;
    }

    /// <summary>The distill-only options as given (null: not given).</summary>
    internal sealed record DistillSettings(int? Rounds, int? Steps, int? Epochs, double? LearningRate)
    {
        public bool Any => Rounds is not null || Steps is not null || Epochs is not null || LearningRate is not null;

        public DistillationOptions For(string student) => new()
        {
            Student = DistillationOptions.ParseStudent(student), Rounds = Rounds ?? DistillationOptions.DefaultRounds, StepsPerRound = Steps ?? DistillationOptions.DefaultStepsPerRound,
            Epochs = Epochs ?? DistillationOptions.DefaultEpochs, LearningRate = LearningRate ?? DistillationOptions.DefaultLearningRate,
        };
    }

    internal static int Run(string runDir, string method, string outDir, string? student, DistillSettings distill, int? episodes, int? tasks, long? seed, bool json,
        TextWriter output, TextWriter error)
    {
        if (!Methods.Contains(method)) { throw new UserInputException($"unknown --method '{method}'; known: {string.Join(", ", Methods)}"); }
        if (episodes <= 0) { throw new UserInputException("--episodes must be positive"); }
        if (tasks <= 0) { throw new UserInputException("--tasks must be positive"); }
        if (method != "distill" && distill.Any) { throw new UserInputException($"--rounds, --steps-per-round, --epochs and --learning-rate belong to --method distill, not {method}"); }
        if (method == "distill" && student is null) { throw new UserInputException("--method distill needs --student, e.g. --student \"hidden=[16,16]\""); }
        if (method != "distill" && student is not null) { throw new UserInputException($"--student belongs to --method distill, not {method}"); }
        if (distill.Rounds <= 0) { throw new UserInputException("--rounds must be positive"); }
        if (distill.Steps <= 0) { throw new UserInputException("--steps-per-round must be positive"); }
        if (distill.Epochs <= 0) { throw new UserInputException("--epochs must be positive"); }
        if (distill.LearningRate is double lr && !(lr > 0 && double.IsFinite(lr))) { throw new UserInputException("--learning-rate must be a positive number"); }
        var source = new RunDirectory(runDir);
        if (!source.HasRun) { throw new UserInputException($"'{source.Root}' holds no run (no {RunConfig.FileName})"); }
        bool meta = MetaRL.Learning.Meta.MetaAlgorithms.OfRun(source) is not null;
        if (meta && episodes is not null) { throw new UserInputException($"'{source.Root}' is a meta run: it is compared on held-out tasks (--tasks), not episodes"); }
        if (!meta && tasks is not null) { throw new UserInputException($"'{source.Root}' is a single-task run: it is compared on evaluation episodes (--episodes), not tasks"); }
        Action<string>? log = json ? null : error.WriteLine;
        var options = method == "distill" ? distill.For(student!) : null;
        var r = (method, meta) switch
        {
            ("int8", false) => Int8Compression.Compress(source, outDir, episodes ?? Int8Compression.DefaultEpisodes, seed ?? CheckpointEvaluation.DefaultSeed),
            ("int8", true) => MetaCompression.Int8(source, outDir, tasks ?? MetaCompression.DefaultTasks, seed ?? MetaRL.Learning.Meta.MetaEvalSettings.Default.Seed, log),
            (_, false) => PolicyDistillation.Distill(source, outDir, options!, episodes ?? Int8Compression.DefaultEpisodes, seed ?? CheckpointEvaluation.DefaultSeed, log),
            _ => MetaCompression.Distill(source, outDir, options!, tasks ?? MetaCompression.DefaultTasks, seed ?? MetaRL.Learning.Meta.MetaEvalSettings.Default.Seed, log),
        };
        if (json) { output.WriteLine(r.ToJson()); return 0; }
        var f = CultureInfo.InvariantCulture;
        var c = r.Comparison;
        string Ret(EvaluationResult e) => $"{e.Mean.ToString("F2", f)} [{e.Ci95Low.ToString("F2", f)}, {e.Ci95High.ToString("F2", f)}]";
        TextTable.Write(output, ["", "parameters", "weight bytes", "file bytes", meta ? $"return ({r.Before.Episodes} tasks, 95% CI)" : $"return ({r.Before.Episodes} episodes, 95% CI)", "µs/action"],
        [
            ["original", r.ParametersBefore.ToString("N0", f), r.WeightBytesBefore.ToString("N0", f), r.FileBytesBefore.ToString("N0", f), Ret(r.Before), c.MicrosecondsBefore.ToString("F2", f)],
            [r.Method, r.ParametersAfter.ToString("N0", f), r.WeightBytesAfter.ToString("N0", f), r.FileBytesAfter.ToString("N0", f), Ret(r.After), c.MicrosecondsAfter.ToString("F2", f)],
        ], new HashSet<int> { 1, 2, 3, 5 });
        output.WriteLine($"{r.SizeRatio.ToString("F2", f)}x smaller weights; return drop {(100 * r.ReturnDrop).ToString("F2", f)}%; action agreement {(100 * c.Agreement).ToString("F2", f)}% of {c.Decisions.ToString("N0", f)} decisions (max difference {c.MaxActionDifference.ToString("G3", f)})");
        output.WriteLine($"wrote {Path.Combine(Path.GetFullPath(outDir), CompressionReport.FileName)}");
        return 0;
    }
}
