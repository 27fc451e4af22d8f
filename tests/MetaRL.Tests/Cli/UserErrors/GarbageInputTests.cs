using System.Diagnostics;
using MetaRL.Tracking;
using Xunit.Abstractions;

namespace MetaRL.Tests.Cli.UserErrors;

/// <summary>
/// The property behind "every user error is a clear message": random garbage (seeded) in every command's options and in
/// the files they read (config, study, checkpoint, metrics, summary, event files) never gives a stack trace or an exit
/// code other than 0 or 2, and never leaves anything half-written: no temporary file (<c>*.tmp</c>), no probe, no run
/// lock, and no folder that newly claims to hold a run when the command failed. Budgets stay tiny, so it runs in seconds.
/// </summary>
public sealed class GarbageInputTests : IClassFixture<TinyMetaRun>, IDisposable
{
    // Fixed in CI; METARL_GARBAGE_SEED and METARL_GARBAGE_CASES explore further by hand.
    private static readonly int Seed = int.TryParse(Environment.GetEnvironmentVariable("METARL_GARBAGE_SEED"), out int s) ? s : 24;
    private static readonly int CasesPerCommand = int.TryParse(Environment.GetEnvironmentVariable("METARL_GARBAGE_CASES"), out int n) ? n : 14;

    private readonly TinyMetaRun _meta;
    private readonly ITestOutputHelper _log;
    private readonly string _root = Directory.CreateTempSubdirectory("metarl-garbage-").FullName;
    private readonly string _aFile;
    private readonly string _single;
    private readonly string _dpt;
    private readonly string? _unwritable;

    public GarbageInputTests(TinyMetaRun meta, ITestOutputHelper log)
    {
        _meta = meta;
        _log = log;
        _aFile = Path.Combine(_root, "a-file.txt");
        File.WriteAllText(_aFile, "not a folder, not yaml: [");
        _single = Path.Combine(_root, "single");
        var made = CliCall.Run(["train", .. TinyTrain, "--set", "checkpoint_every=64", "--out", _single]);
        Assert.True(made.Code == 0, made.ToString());
        _dpt = Path.Combine(_root, "dpt");
        var pretrained = CliCall.Run(["pretrain", .. TinyDpt, "--out", _dpt]);
        Assert.True(pretrained.Code == 0, pretrained.ToString());
        _unwritable = UnwritableFolder.Find(_root);
    }

    public void Dispose()
    {
        UnwritableFolder.Restore(_root);
        Directory.Delete(_root, recursive: true);
    }

    private static readonly string[] TinyTrain = ["--set", "total_steps=128", "--set", "num_steps=32", "--set", "num_envs=1"];

    private static readonly string[] TinyDpt =
    [
        "--algo", "dpt", "--env", "Bandit-v0", "--set", "arms=3", "--set", "pulls=6", "--set", "context=6", "--set", "n_layer=1", "--set", "n_head=1",
        "--set", "d_model=8", "--set", "d_ff=8", "--set", "data_tasks=40", "--set", "val_tasks=8", "--set", "batch_size=4",
        "--set", "iterations=3", "--set", "warmup_steps=1",
    ];

    private const string ConfigTemplate = "algo: ppo\nenv: CartPole-v1\nseed: 3\nhidden: [8, 8]\ngamma: 0.99\nclip_coef: 0.2\nnorm_adv: true\n";

    private const string MetaConfigTemplate = "algo: maml\nenv: PointNav2D-v0\nseed: 3\nhidden: [8]\nfirst_order: true\ninner_steps: 1\n";

    private const string StudyTemplate =
        "config: {algo: ppo, env: CartPole-v1, total_steps: 128, num_steps: 32, num_envs: 1, hidden: [8]}\n" +
        "metric: final_return_mean\nsearch_space:\n  learning_rate: {type: float, low: 1.0e-4, high: 1.0e-2, log: true}\n" +
        "  update_epochs: {type: int, low: 1, high: 2}\npruner: {type: median, startup_trials: 1}\n";

    /// <summary>One argument of a command line, and what garbage may replace it.</summary>
    private enum Slot { Fixed, Text, Count, Seed, Small, PathOut, PathIn, Set, ConfigFile, MetaConfigFile, StudyFile }

    private sealed record Arg(string Value, Slot Slot = Slot.Fixed, string[]? SizeKeys = null);

    private static Arg F(string value) => new(value);

    /// <summary>Every command with a valid, tiny invocation; each argument says what garbage may stand in for it.</summary>
    private IEnumerable<(string Name, Func<Arg[]> Build)> Commands()
    {
        string Fresh() => Path.Combine(_root, "out-" + Guid.NewGuid().ToString("N")[..8]);
        Arg[] Sets(string[] sizeKeys, params string[] pairs) => [.. pairs.SelectMany(p => new[] { F("--set"), new Arg(p, Slot.Set, sizeKeys) })];
        string[] ppoSizes = ["hidden", "num_envs", "num_steps"];
        string[] metaSizes = ["hidden", "meta_batch_size", "episodes_per_task", "train_tasks"];

        yield return ("train", () => [F("train"), new("cfg", Slot.ConfigFile), F("--algo"), new("ppo", Slot.Text), F("--env"), new("CartPole-v1", Slot.Text), F("--seed"), new("1", Slot.Seed),
            .. Sets(ppoSizes, "total_steps=128", "num_steps=32", "num_envs=1", "hidden=[8]", "learning_rate=0.001"), F("--out"), new(Fresh(), Slot.PathOut)]);
        yield return ("train --resume", () => [F("train"), F("--out"), new(RunCopy(_single, damage: true), Slot.PathIn), F("--resume")]);
        yield return ("meta-train", () => [F("meta-train"), new("cfg", Slot.MetaConfigFile), F("--algo"), new("maml", Slot.Text), F("--env"), new("PointNav2D-v0", Slot.Text), F("--seed"), new("2", Slot.Seed),
            .. Sets(metaSizes, "iterations=1", "meta_batch_size=2", "episodes_per_task=2", "pretrain_iterations=0", "max_steps=8"), F("--out"), new(Fresh(), Slot.PathOut)]);
        yield return ("meta-train rl2", () => [F("meta-train"), F("--algo"), F("rl2"), F("--env"), new("Bandit-v0", Slot.Text),
            .. Sets(["hidden_size", "trials_per_iteration", "head_hidden", "arms"], "iterations=1", "trials_per_iteration=4", "num_minibatches=2", "hidden_size=8", "pulls=5"), F("--out"), new(Fresh(), Slot.PathOut)]);
        yield return ("meta-train --resume", () => [F("meta-train"), F("--out"), new(RunCopy(_meta.Dir, damage: true), Slot.PathIn), F("--resume"), .. Sets(metaSizes, "iterations=2")]);
        yield return ("adapt", () => [F("adapt"), F("--run"), new(RunCopy(_meta.Dir, damage: true), Slot.PathIn), F("--task-seed"), new("1", Slot.Seed), F("--steps"), new("1", Slot.Small),
            F("--episodes"), new("2", Slot.Count), F("--out"), new(Fresh(), Slot.PathOut)]);
        yield return ("meta-eval", () => [F("meta-eval"), F("--run"), new(RunCopy(_meta.Dir, damage: true), Slot.PathIn), F("--tasks"), new("2", Slot.Count), F("--steps"), new("0,1", Slot.Small),
            F("--episodes"), new("1", Slot.Count), F("--seed"), new("0", Slot.Seed)]);
        yield return ("evaluate", () => [F("evaluate"), F("--run"), new(RunCopy(_single, damage: true), Slot.PathIn), F("--episodes"), new("2", Slot.Count), F("--seed"), new("1", Slot.Seed)]);
        yield return ("report", () => [F("report"), new(RunCopy(_single, damage: true), Slot.PathIn), new(_meta.Dir, Slot.PathIn), F("-o"), new(Fresh() + ".html", Slot.PathOut),
            F("--format"), new("md", Slot.Text), F("--title"), new("t", Slot.Text)]);
        yield return ("runs list", () => [F("runs"), F("list"), new(RunCopy(_single, damage: true), Slot.PathIn)]);
        yield return ("runs scalars", () => [F("runs"), F("scalars"), new(RunCopy(_single, damage: true), Slot.PathIn), F("--tag"), new("episode/return", Slot.Text), F("--csv")]);
        yield return ("checkpoint inspect", () => [F("checkpoint"), F("inspect"), new(DamagedCheckpoint(), Slot.PathIn), F("--json")]);
        yield return ("envs", () => [F("envs"), F("check"), new("Bandit-v0", Slot.Text), F("--set"), new("arms=3", Slot.Set, ["arms"]), F("--seed"), new("0", Slot.Seed)]);
        yield return ("envs replay", () => [F("envs"), F("replay"), new("CartPole-v1", Slot.Text), F("--state"), new("0,0,0.01,0", Slot.Text), F("--actions"), new("0,1,1", Slot.Text)]);
        yield return ("baselines", () => [F("baselines"), new("Bandit-v0", Slot.Text), F("--trials"), new("5", Slot.Count), F("--seed"), new("0", Slot.Seed), F("--set"), new("pulls=5", Slot.Set, ["arms"]),
            F("--method"), new("ucb1", Slot.Text), F("--epsilon"), new("0.1", Slot.Text), F("--ucb1-c"), new("1.4", Slot.Text)]);
        yield return ("demo", () => [F("demo"), F("--ppo"), F("--steps"), new("512", Slot.Small), F("--seed"), new("1", Slot.Seed), F("--out"), new(Fresh(), Slot.PathOut)]);
        yield return ("tune study", () => [F("tune"), new("study", Slot.StudyFile), F("--trials"), new("1", Slot.Small), F("--seed"), new("0", Slot.Seed)]);
        yield return ("tune objective", () => [F("tune"), F("--objective"), new("sphere:2", Slot.Text), F("--sampler"), new("random", Slot.Text), F("--trials"), new("3", Slot.Small)]);
        string[] dptSizes = ["d_model", "n_layer", "context", "data_tasks", "batch_size"];
        yield return ("pretrain", () => [F("pretrain"), F("--algo"), new("dpt", Slot.Text), F("--env"), new("Bandit-v0", Slot.Text), F("--seed"), new("1", Slot.Seed),
            .. Sets(dptSizes, "arms=3", "pulls=6", "context=6", "n_layer=1", "n_head=1", "d_model=8", "d_ff=8", "data_tasks=40", "val_tasks=8", "batch_size=4", "iterations=2", "warmup_steps=1"),
            F("--out"), new(Fresh(), Slot.PathOut)]);
        yield return ("finetune", () => [F("finetune"), F("--run"), new(RunCopy(_dpt, damage: true), Slot.PathIn), F("--lora-rank"), new("1", Slot.Small),
            F("--lora-targets"), new("attn", Slot.Text), .. Sets(["lora_rank", "data_tasks"], "iterations=2", "mean_high=0.5"), F("--out"), new(Fresh(), Slot.PathOut)]);
        yield return ("bench", () => [F("bench"), F("envs"), F("--seconds"), F("0.01")]); // only inserted tokens: a valid bench is slow
    }

    [Fact]
    public void Garbage_in_options_and_files_exits_0_or_2_without_a_trace_and_writes_nothing_half()
    {
        var garbage = new Garbage(Seed, _root);
        var clock = Stopwatch.StartNew();
        int calls = 0, errors = 0;
        var failures = new List<string>();
        foreach (var (name, build) in Commands())
        {
            for (int c = 0; c < CasesPerCommand; c++)
            {
                var args = Mutate(build(), name, garbage);
                var before = Runs();
                CliCall call;
                try { call = CliCall.Run(args); }
                catch (Exception ex) { call = new CliCall(args, -1, "", $"   at (escaped) {ex}"); } // escaped the CLI's handler: a crash
                calls++;
                if (call.Code != 0) { errors++; }
                string where = $"case {c} of '{name}': {call}";
                if (call.Code is not (0 or 2) || call.HasStackTrace) { failures.Add(where); }
                var leftovers = Directory.EnumerateFiles(_root, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0, IgnoreInaccessible = true })
                    .Where(f => Path.GetFileName(f) is var n && (n.EndsWith(".tmp", StringComparison.Ordinal) || n.Contains(".tmp-", StringComparison.Ordinal)
                        || n.StartsWith(".metarl-write-check-", StringComparison.Ordinal) || n == RunLock.FileName))
                    .ToArray();
                if (leftovers.Length > 0) { failures.Add($"left behind {string.Join(", ", leftovers)} by {where}"); }
                foreach (var f in leftovers) { File.Delete(f); }
                if (call.Code != 0 && Runs().Except(before).ToArray() is { Length: > 0 } claimed)
                {
                    failures.Add($"a failed command left a run in {string.Join(", ", claimed)}: {where}");
                }
            }
        }
        _log.WriteLine($"{calls} calls ({errors} refused) in {clock.Elapsed.TotalSeconds:F1} s");
        Assert.True(failures.Count == 0, $"{failures.Count} of {calls} calls broke the rules:\n\n" + string.Join("\n\n", failures));
        Assert.True(errors > calls / 2, "the garbage should mostly be refused; most calls succeeded, so little garbage reached the commands");
    }

    /// <summary>Replaces one or two arguments with garbage of their kind, sometimes inserts a stray token or a stray
    /// <c>--set</c>, and writes the garbage files the arguments name.</summary>
    private string[] Mutate(Arg[] args, string name, Garbage g)
    {
        var mutable = Enumerable.Range(0, args.Length).Where(i => args[i].Slot != Slot.Fixed).ToList();
        var chosen = new HashSet<int>();
        for (int k = 0, n = mutable.Count == 0 ? 0 : 1 + g.Next(2); k < n; k++) { chosen.Add(g.Pick(mutable)); }
        var result = new List<string>();
        for (int i = 0; i < args.Length; i++)
        {
            var a = args[i];
            bool garble = chosen.Contains(i);
            result.Add(a.Slot switch
            {
                Slot.ConfigFile => garble ? GarbageFile(g.Damage(ConfigTemplate), g) : WriteFile("config", ConfigTemplate),
                Slot.MetaConfigFile => garble ? GarbageFile(g.Damage(MetaConfigTemplate), g) : WriteFile("meta", MetaConfigTemplate),
                Slot.StudyFile => WriteFile("study", $"runs_dir: {Path.Combine(_root, "tune-" + Guid.NewGuid().ToString("N")[..8])}\n" + (garble ? g.Damage(StudyTemplate) : StudyTemplate), ".yaml"),
                _ when !garble => a.Value,
                Slot.Text => g.Text(),
                Slot.Count => g.Count(),
                Slot.Seed => g.Seed(),
                Slot.Small => g.Small(),
                Slot.PathOut => g.PathOut(_unwritable, _aFile, _single),
                Slot.PathIn => g.PathIn(_aFile, a.Value, _single, _meta.Dir, _root),
                Slot.Set => SetGarbage(a, g),
                _ => a.Value,
            });
        }
        if (g.Chance(0.25) || mutable.Count == 0) { result.Insert(1 + g.Next(result.Count), g.Text()); }
        if (g.Chance(0.15) && name.StartsWith("train", StringComparison.Ordinal)) { result.AddRange(["--set", g.Text()]); }
        return [.. result];
    }

    private static string SetGarbage(Arg a, Garbage g)
    {
        string key = a.Value[..a.Value.IndexOf('=', StringComparison.Ordinal)];
        if (a.SizeKeys is { Length: > 0 } sizes && g.Chance(0.4))
        {
            string sizeKey = g.Pick(sizes);
            return $"{sizeKey}={g.SizeValue(list: sizeKey == "hidden")}";
        }
        return g.Chance(0.8) ? $"{key}={g.Text()}" : g.Text();
    }

    private string WriteFile(string stem, string text, string extension = ".yaml")
    {
        string path = Path.Combine(_root, $"{stem}-{Guid.NewGuid():N}{extension}");
        File.WriteAllText(path, text);
        return path;
    }

    // A config file argument gone wrong: damaged text, random bytes, or a path of the wrong kind.
    private string GarbageFile(string damaged, Garbage g) => g.Next(4) switch
    {
        0 => g.PathIn(_aFile, _root, _single),
        1 => WriteBytes(g.Damage(System.Text.Encoding.UTF8.GetBytes(damaged))),
        _ => WriteFile("damaged", damaged),
    };

    private string WriteBytes(byte[] bytes)
    {
        string path = Path.Combine(_root, $"bytes-{Guid.NewGuid():N}.yaml");
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private Garbage? _fileGarbage;

    /// <summary>A copy of a run with, half of the time, one of its files damaged (config, summary, metrics, an event
    /// file, or a checkpoint file).</summary>
    private string RunCopy(string run, bool damage)
    {
        var g = _fileGarbage ??= new Garbage(Seed + 1, _root);
        string copy = Path.Combine(_root, "copy-" + Guid.NewGuid().ToString("N")[..8]);
        foreach (var file in Directory.EnumerateFiles(run, "*", SearchOption.AllDirectories))
        {
            string to = Path.Combine(copy, Path.GetRelativePath(run, file));
            Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            File.Copy(file, to);
        }
        if (damage && g.Chance(0.5))
        {
            var files = Directory.EnumerateFiles(copy, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToArray();
            string victim = g.Pick(files);
            if (victim.EndsWith(".yaml", StringComparison.Ordinal) || victim.EndsWith(".json", StringComparison.Ordinal) || victim.EndsWith(".jsonl", StringComparison.Ordinal))
            {
                File.WriteAllText(victim, g.Damage(File.ReadAllText(victim)));
            }
            else
            {
                File.WriteAllBytes(victim, g.Damage(File.ReadAllBytes(victim)));
            }
        }
        return copy;
    }

    private string DamagedCheckpoint()
    {
        var g = _fileGarbage ??= new Garbage(Seed + 1, _root);
        string model = Directory.EnumerateFiles(Path.Combine(_single, "checkpoints"), "*.safetensors", SearchOption.AllDirectories).Order(StringComparer.Ordinal).First();
        string path = Path.Combine(_root, $"ckpt-{Guid.NewGuid():N}.safetensors");
        File.WriteAllBytes(path, g.Damage(File.ReadAllBytes(model)));
        return path;
    }

    /// <summary>Every folder under the root that claims to hold a run.</summary>
    private HashSet<string> Runs() =>
        [.. Directory.EnumerateDirectories(_root, "*", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true }).Where(RunDirectory.IsRun)];
}
