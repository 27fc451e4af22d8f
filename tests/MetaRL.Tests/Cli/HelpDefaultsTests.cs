using System.CommandLine;
using System.Globalization;
using System.Text.RegularExpressions;
using MetaRL.Cli;
using MetaRL.Envs;
using MetaRL.Learning;
using MetaRL.Learning.Meta;
using MetaRL.Tuning;

namespace MetaRL.Tests.Cli;

/// <summary>
/// Every default a command's <c>--help</c> shows (System.CommandLine's "[default: …]" and a description's "(default …)")
/// equals the default of the option it binds to, read here from the options class or constant that holds it. Each
/// default the help shows must be listed, either bound or as the command's own (defined only where the option is): a new
/// default cannot appear unchecked, and a changed one cannot drift from its help.
/// </summary>
public sealed partial class HelpDefaultsTests
{
    private static string Text(object? value) => value switch
    {
        null => "",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    /// <summary>"command --option" → the defaults its help must show, in order (the printed default first, then each
    /// "(default …)" of its description), read from where the program takes them.</summary>
    private static Dictionary<string, string[]> Bound()
    {
        var train = new TrainOptions();
        var meta = new MetaTrainOptions();
        var eval = MetaEvalSettings.Default;
        var serve = new MetaRL.Serving.ServeOptions { Run = "" };
        var silo = new MetaRL.Distributed.SiloHostOptions();
        return new(StringComparer.Ordinal)
        {
            ["train --algo"] = [train.Algo],
            ["train --env"] = [train.Env],
            ["train --seed"] = [Text(train.Seed)],
            ["meta-train --algo"] = [meta.Algo],
            ["meta-train --env"] = [meta.Env],
            ["meta-train --seed"] = [Text(meta.Seed)],
            ["pretrain --algo"] = [MetaRL.Cli.Commands.PretrainCommand.DefaultAlgo],
            ["pretrain --seed"] = [Text(meta.Seed)],
            ["solve --table-mb"] = [$"{MetaRL.Cli.Commands.SolveCommand.ExactTableMb} for the exact solve, {MetaRL.Cli.Commands.SolveCommand.WeakTableMb} with --weak"],
            ["finetune --lora-rank"] = [Text(MetaRL.Cli.Commands.FinetuneCommand.DefaultRank)],
            ["finetune --lora-targets"] = [new MetaRL.Learning.Decision.DptOptions().LoraTargets],
            ["finetune --lora-alpha"] = [Text(new MetaRL.Learning.Decision.DptOptions().LoraAlpha)],
            ["meta-eval --tasks"] = [Text(eval.Tasks)],
            ["meta-eval --steps"] = [string.Join(',', eval.Steps)],
            ["meta-eval --episodes"] = [Text(eval.EpisodesPerStep)],
            ["meta-eval --seed"] = [Text(eval.Seed)],
            ["evaluate --episodes"] = [Text(CheckpointEvaluation.DefaultEpisodes)],
            ["export --format"] = [MetaRL.Learning.Deploy.PolicyExport.DefaultFormat],
            ["export --opset"] = [Text(MetaRL.Serialization.Onnx.OnnxModel.DefaultOpset)],
            ["evaluate --seed"] = [Text(CheckpointEvaluation.DefaultSeed)],
            ["compress --episodes"] = [Text(MetaRL.Learning.Deploy.Int8Compression.DefaultEpisodes)],
            ["compress --seed"] = [Text(CheckpointEvaluation.DefaultSeed), Text(MetaRL.Learning.Meta.MetaEvalSettings.Default.Seed)],
            ["compress --tasks"] = [Text(MetaRL.Learning.Deploy.MetaCompression.DefaultTasks)],
            ["compress --rounds"] = [Text(MetaRL.Learning.Deploy.DistillationOptions.DefaultRounds)],
            ["compress --steps-per-round"] = [Text(MetaRL.Learning.Deploy.DistillationOptions.DefaultStepsPerRound)],
            ["compress --epochs"] = [Text(MetaRL.Learning.Deploy.DistillationOptions.DefaultEpochs)],
            ["compress --learning-rate"] = [Text(MetaRL.Learning.Deploy.DistillationOptions.DefaultLearningRate)],
            ["demo --steps"] = [Text(new PpoOptions().TotalSteps)],
            ["adapt --steps"] = [Text(MetaAlgorithm.DefaultAdaptSteps)],
            ["baselines --epsilon"] = [Text(BaselineOptions.Default.Epsilon)],
            ["app diagnosis --seed"] = [Text(new MetaRL.Learning.Applications.DiagnosisJourneyOptions().Seed)],
            ["app diagnosis --hospitals"] = [Text(new MetaRL.Learning.Applications.DiagnosisJourneyOptions().HeldOutHospitals)],
            ["app diagnosis --pretrain-steps"] = [Text(new MetaRL.Learning.Applications.DiagnosisPolicyOptions().PretrainSteps)],
            ["app diagnosis --adapt-steps"] = [Text(new MetaRL.Learning.Applications.DiagnosisPolicyOptions().AdaptSteps)],
            ["baselines --ucb1-c"] = [Text(BaselineOptions.Default.Ucb1C)],
            ["tune --sigma0"] = ["range/6", Text(new OpenAiEsOptions().Sigma)],
            ["tune --grace"] = [$"{StudyOptions.GraceHeartbeats} heartbeats"],
            ["tune worker --sigma0"] = ["range/6", Text(new OpenAiEsOptions().Sigma)],
            ["tune worker --grace"] = [$"{StudyOptions.GraceHeartbeats} heartbeats"],
            ["explain --baseline"] = [MetaRL.Learning.Explain.RunExplainer.DefaultBaseline],
            ["explain --seed"] = [Text(MetaRL.Learning.Explain.DecisionExplainer.DefaultSeed)],
            ["ab --metric"] = [MetaRL.Learning.AbTesting.AbTestOptions.DefaultMetric],
            ["ab --alpha"] = [Text(MetaRL.Learning.AbTesting.AbTestOptions.DefaultAlpha)],
            ["ab --tau"] = [Text(MetaRL.Learning.AbTesting.AbTestOptions.DefaultMixingScale)],
            ["ab --seed"] = [Text(new MetaRL.Learning.AbTesting.AbTestOptions().Seed)],
            ["baselines --log-epsilon"] = [Text(MetaRL.Cli.Commands.BaselinesCommand.DefaultLogEpsilon)],
            ["ope --estimators"] = [MetaRL.Learning.OffPolicy.OpeEstimator.DefaultNames],
            ["ope --set"] = [.. new[] { "ipw", "switch-dr", "dr-os" }.Select(e => MetaRL.Learning.OffPolicy.OpeFormat.Lambda(MetaRL.Learning.OffPolicy.OpeEstimator.DefaultLambda(e)!.Value))],
            ["ope --bootstrap"] = [Text(MetaRL.Learning.OffPolicy.OpeOptions.DefaultBootstrapSamples)],
            ["ope --seed"] = [Text(MetaRL.Learning.OffPolicy.OpeOptions.DefaultSeed)],
            ["ope --reward-model"] = [MetaRL.Learning.OffPolicy.RewardModelOptions.DefaultKind],
            ["ope --reward-features"] = [MetaRL.Learning.OffPolicy.RewardModelOptions.FeatureName(new MetaRL.Learning.OffPolicy.RewardModelOptions().Features)],
            ["ope --folds"] = [Text(MetaRL.Learning.OffPolicy.RewardModelOptions.DefaultFolds)],
            ["ope synth --rounds"] = [Text(new MetaRL.Learning.OffPolicy.SyntheticBanditOptions().Rounds)],
            ["ope synth --actions"] = [Text(new MetaRL.Learning.OffPolicy.SyntheticBanditOptions().Actions)],
            ["ope synth --context-dim"] = [Text(new MetaRL.Learning.OffPolicy.SyntheticBanditOptions().ContextDim)],
            ["ope synth --beta"] = [Text(new MetaRL.Learning.OffPolicy.SyntheticBanditOptions().Beta)],
            ["ope synth --seed"] = [Text(MetaRL.Learning.OffPolicy.OpeOptions.DefaultSeed)],
            ["serve --bind"] = [serve.Bind],
            ["serve --port"] = [Text(serve.Port)],
            ["serve --max-body"] = [Text(serve.MaxBodyBytes)],
            ["serve --rate-limit"] = [Text(serve.RateLimit)],
            ["serve --max-sessions"] = [Text(serve.MaxSessions)],
            ["serve --idle-timeout"] = [Text(serve.IdleTimeout.TotalSeconds)],
            ["serve --seed"] = [Text(serve.Seed)],
            ["app markets --seed"] = [Text(new MetaRL.Learning.Applications.MarketsJourneyOptions().Seed)],
            ["app markets --splits"] = [Text(new MetaRL.Learning.Applications.MarketsJourneyOptions().Splits)],
            ["app navigation --seed"] = [Text(new MetaRL.Learning.Applications.NavigationJourneyOptions().Seed)],
            ["app navigation --maps"] = [Text(new MetaRL.Learning.Applications.NavigationJourneyOptions().HeldOutMaps)],
            ["app navigation --train-maps"] = [Text(new MetaRL.Learning.Applications.NavigationJourneyOptions().TrainMaps)],
            ["app navigation --episodes"] = [Text(new MetaRL.Learning.Applications.NavigationJourneyOptions().Episodes)],
            ["app navigation --rl2-iterations"] = [Text(new MetaRL.Learning.Applications.NavigationJourneyOptions().Rl2Iterations)],
            ["app navigation --ppo-steps"] = [Text(new MetaRL.Learning.Applications.NavigationJourneyOptions().PpoSteps)],
            ["meta-train --cluster-id"] = [silo.ClusterId, silo.ClusterId],
            ["cluster silo --port"] = [Text(silo.Port), Text(silo.Port)],
            ["cluster silo --gateway-port"] = [Text(silo.GatewayPort), Text(silo.GatewayPort)],
            ["cluster silo --primary-port"] = [Text(silo.PrimaryPort), Text(silo.PrimaryPort)],
            ["cluster silo --advertise"] = [silo.Advertise.ToString()],
            ["cluster silo --cluster-id"] = [silo.ClusterId, silo.ClusterId],
            ["cluster probe --cluster-id"] = [silo.ClusterId, silo.ClusterId],
        };
    }

    /// <summary>Defaults that only the command defines (its option is the one place they live), or that describe a rule
    /// rather than a value.</summary>
    private static readonly HashSet<string> Own = new(StringComparer.Ordinal)
    {
        "demo --seed", "demo --out", "demo --iterations", "bench envs --seconds", "envs check --seed", "baselines --trials", "baselines --seed",
        "report --output", "report --format", "report --title", "train --out", "pretrain-data --seed", "tune bench --out", "tune bench --seeds",
        "tune --sampler", "tune --trials", "tune --seed", "tune --study", "tune --delay-ms", "tune --heartbeat", "tune --workers",
        "tune worker --sampler", "tune worker --trials", "tune worker --seed", "tune worker --study", "tune worker --delay-ms", "tune worker --heartbeat", "tune worker --worker-index",
        "serve --store",
        "solve --game", "solve --rule", "selfplay --game", "play --against", "play --games", "play --seed",
        "selfplay-eval --games", "selfplay-eval --rollouts", "selfplay-eval --solver-games", "selfplay-eval --positions", "selfplay-eval --min-depth",
        "selfplay-eval --max-depth", "selfplay-eval --seed", "app markets --out", "app diagnosis --out", "app navigation --out", "app diagnosis --policy-folds",
        "cluster silo --clustering", "cluster probe --cluster", "cluster probe --floats", "cluster probe --calls",
    };

    private static IEnumerable<(string Path, Command Command)> Walk(string prefix, IEnumerable<Command> commands)
    {
        foreach (var c in commands)
        {
            string path = prefix.Length == 0 ? c.Name : $"{prefix} {c.Name}";
            yield return (path, c);
            foreach (var sub in Walk(path, c.Subcommands)) { yield return sub; }
        }
    }

    [GeneratedRegex(@"\bdefault:? ([^;)]+)")]
    private static partial Regex ProseDefault();

    /// <summary>Each option of each command with the defaults its help shows.</summary>
    private static Dictionary<string, string[]> Shown()
    {
        var shown = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var (path, command) in Walk("", CliApp.Commands()))
        {
            foreach (var option in command.Options)
            {
                var values = new List<string>();
                if (option.HasDefaultValue && option.GetDefaultValue() is { } v && v is not false) { values.Add(Text(v)); }
                values.AddRange(ProseDefault().Matches(option.Description ?? "").Select(m => m.Groups[1].Value.Trim()));
                if (values.Count > 0) { shown[$"{path} {option.Name}"] = [.. values]; }
            }
        }
        return shown;
    }

    [GeneratedRegex(@"samples/[\w./-]+\.ya?ml")]
    private static partial Regex SamplePath();

    /// <summary>A sample config the help points to is one that exists (pretrain's once named a missing file).</summary>
    [Fact]
    public void Every_sample_file_the_help_names_exists()
    {
        var texts = Walk("", CliApp.Commands()).SelectMany(c => new[] { c.Command.Description }
            .Concat(c.Command.Options.Select(o => o.Description)).Concat(c.Command.Arguments.Select(a => a.Description)));
        var named = texts.SelectMany(t => SamplePath().Matches(t ?? "").Select(m => m.Value.TrimEnd('.'))).Distinct().ToArray();
        Assert.NotEmpty(named);
        Assert.All(named, path => Assert.True(File.Exists(RepoPaths.Of(path.Split('/'))), $"the help names {path}, which does not exist"));
    }

    [Fact]
    public void Every_default_the_help_shows_is_listed_bound_or_own()
    {
        var shown = Shown();
        var bound = Bound();
        var unlisted = shown.Keys.Where(k => !bound.ContainsKey(k) && !Own.Contains(k)).ToArray();
        Assert.True(unlisted.Length == 0, "defaults shown in help but bound nowhere: " + string.Join("; ", unlisted.Select(k => $"{k} = {string.Join(" | ", shown[k])}")));
        var stale = bound.Keys.Concat(Own).Where(k => !shown.ContainsKey(k)).ToArray();
        Assert.True(stale.Length == 0, "listed but no longer shown: " + string.Join("; ", stale));
    }

    [Fact]
    public void Every_bound_default_the_help_shows_equals_the_options_default()
    {
        var shown = Shown();
        foreach (var (key, expected) in Bound())
        {
            Assert.True(shown.TryGetValue(key, out var actual), $"{key}: no default shown");
            Assert.True(expected.SequenceEqual(actual), $"{key}: help shows {string.Join(" | ", actual)}, the option's default is {string.Join(" | ", expected)}");
        }
    }
}
