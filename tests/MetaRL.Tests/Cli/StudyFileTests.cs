using System.Text.Json;
using MetaRL.Cli;
using MetaRL.Cli.Commands.Tune;
using MetaRL.Tuning;

namespace MetaRL.Tests.Cli;

/// <summary><c>metarl tune STUDY.yaml</c>: study files over <c>metarl train</c> configs, end to end and malformed.</summary>
public sealed class StudyFileTests : IDisposable
{
    private const string TinyConfig = "config: {algo: ppo, env: CartPole-v1, seed: 3, total_steps: 2048, num_envs: 4, num_steps: 128}\n";

    private readonly string _dir = Directory.CreateTempSubdirectory("metarl-studyfile-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, string text)
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = CliApp.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public void A_tiny_ppo_study_runs_end_to_end_into_sqlite_and_tune_show_lists_its_trials()
    {
        string study = Write("tiny.yaml", TinyConfig + """
            metric: final_return_mean
            search_space:
              learning_rate: {type: float, low: 1.0e-4, high: 3.0e-3, log: true}
              ent_coef: {type: float, low: 1.0e-4, high: 0.1, log: true}
              update_epochs: {type: int, low: 2, high: 4}
            report_every: 1024
            enqueue: [defaults]
            """);
        string db = Path.Combine(_dir, "tiny.db");
        var (code, output, error) = Run("tune", study, "--storage", $"sqlite:{db}", "--trials", "3", "--sampler", "random", "--study", "tiny");
        Assert.True(code == 0, output + error);

        using var storage = TrialStorage.Open($"sqlite:{db}");
        var info = storage.FindStudy("tiny")!;
        Assert.Equal(StudyDirection.Maximize, info.Direction);
        var trials = storage.GetAllTrials(info.Id);
        Assert.Equal(3, trials.Count);
        Assert.All(trials, t => Assert.Equal(TrialState.Complete, t.State));
        // Trial 0 is the enqueued defaults of PpoOptions (CleanRL): learning_rate 2.5e-4, ent_coef 0.01, update_epochs 4.
        Assert.Equal(2.5e-4, (double)trials[0].ExternalParams["learning_rate"]);
        Assert.Equal(0.01, (double)trials[0].ExternalParams["ent_coef"]);
        Assert.Equal(4L, trials[0].ExternalParams["update_epochs"]);
        foreach (var t in trials)
        {
            // Each trial trained into its own run folder under the study folder beside the SQLite file.
            string runDir = Path.Combine(_dir, "tiny", $"trial-{t.Number:D4}");
            Assert.Equal(runDir, t.SystemAttrs[TrainObjective.RunDirAttr]);
            using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(runDir, "summary.json")));
            Assert.Equal(2048, summary.RootElement.GetProperty("total_steps").GetInt64());
            Assert.Equal(summary.RootElement.GetProperty("final_return_mean").GetDouble(), t.Value!.Value);
            string config = File.ReadAllText(Path.Combine(runDir, "config.yaml"));
            Assert.Contains($"learning_rate: {TrainObjective.Format(t.ExternalParams["learning_rate"])}\n", config, StringComparison.Ordinal);
            Assert.Contains($"update_epochs: {t.ExternalParams["update_epochs"]}\n", config, StringComparison.Ordinal);
            // The learning curve went to the study: at 1024 and 2048 (the last step).
            Assert.Equal([1024, 2048], t.IntermediateValues.Keys.ToArray());
            Assert.Equal(t.Value!.Value, t.IntermediateValues[2048]);
        }

        var (showCode, shown, _) = Run("tune", "show", "--storage", $"sqlite:{db}");
        Assert.Equal(0, showCode);
        Assert.Contains("Study 'tiny' (maximize), 3 trials:", shown, StringComparison.Ordinal);
        Assert.Equal(3, shown.Split('\n').Count(l => l.Contains("complete", StringComparison.Ordinal) && l.Contains("run: ", StringComparison.Ordinal)));
        Assert.Contains("Best: trial", shown, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_worker_processes_share_a_study_file_study_and_a_rerun_resumes_it()
    {
        // Trials of 8,192 steps (about a second each): with 2,048-step trials the first worker could run all four before the
        // second process had started on a loaded machine, and the test saw one worker.
        string study = Write("shared.yaml", TinyConfig.Replace("total_steps: 2048", "total_steps: 8192", StringComparison.Ordinal) + """
            metric: final_return_mean
            search_space:
              learning_rate: {type: float, low: 1.0e-4, high: 3.0e-3, log: true}
              hidden: {type: categorical, choices: [[32, 32], [64, 64]]}
            enqueue: [defaults]
            """);
        string db = Path.Combine(_dir, "shared.db");
        var (code, output, error) = Run("tune", study, "--storage", $"sqlite:{db}", "--trials", "4", "--workers", "2", "--study", "shared");
        Assert.True(code == 0, output + error);
        (code, output, error) = Run("tune", study, "--storage", $"sqlite:{db}", "--trials", "5", "--study", "shared");
        Assert.True(code == 0, output + error);
        Assert.DoesNotContain("Enqueued", output, StringComparison.Ordinal);

        using var storage = TrialStorage.Open($"sqlite:{db}");
        var trials = storage.GetAllTrials(storage.FindStudy("shared")!.Id);
        Assert.Equal([0, 1, 2, 3, 4], trials.Select(t => t.Number).ToArray());
        Assert.All(trials, t => Assert.Equal(TrialState.Complete, t.State));
        Assert.Equal(2, trials.Take(4).Select(t => t.Worker).Distinct().Count());
        Assert.Equal("[64, 64]", trials[0].ExternalParams["hidden"]);
        Assert.Single(trials, t => (double)t.ExternalParams["learning_rate"] == 2.5e-4);
        foreach (var t in trials)
        {
            string config = File.ReadAllText(Path.Combine(_dir, "shared", $"trial-{t.Number:D4}", "config.yaml"));
            Assert.Contains($"hidden: {t.ExternalParams["hidden"]}\n", config, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_pruned_trial_stops_its_run_early_and_keeps_its_learning_curve()
    {
        var (objective, trial) = PrunedAt1024();
        Assert.Equal(TrialState.Pruned, trial.State);
        Assert.Equal([512, 1024], trial.IntermediateValues.Keys.ToArray());
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(objective.RunDirectory(0), "summary.json")));
        Assert.Equal("interrupted", summary.RootElement.GetProperty("status").GetString());
        Assert.Equal(1024, summary.RootElement.GetProperty("total_steps").GetInt64());
    }

    [Fact]
    public void A_pruned_trial_leaves_no_interrupted_checkpoint()
    {
        var (objective, trial) = PrunedAt1024();
        Assert.Equal(TrialState.Pruned, trial.State);
        var run = new MetaRL.Tracking.RunDirectory(objective.RunDirectory(0));
        Assert.True(File.Exists(run.SummaryPath));
        Assert.Null(run.Checkpoints.Newest());
    }

    [Fact]
    public void Pruning_sees_the_learning_curve_of_the_metric_the_study_optimises()
    {
        // A study file allows a pruner only with final_return_mean; the hook itself reports whatever the study optimises.
        var (objective, trial) = PrunedAt1024(spec => spec with { Metric = "episodes" });
        Assert.Equal(TrialState.Pruned, trial.State);
        Assert.Equal([512, 1024], trial.IntermediateValues.Keys.ToArray());
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(objective.RunDirectory(0), "summary.json")));
        double episodes = summary.RootElement.GetProperty("episodes").GetInt64();
        Assert.Equal(episodes, trial.IntermediateValues[1024]);
        Assert.NotEqual(summary.RootElement.GetProperty("final_return_mean").GetDouble(), trial.IntermediateValues[1024]);
        Assert.InRange(trial.IntermediateValues[512], 1, episodes);
    }

    [Fact]
    public void A_trial_value_is_the_study_metric_of_the_finished_run()
    {
        string path = Write("steps.yaml", TinyConfig + """
            metric: episodes
            search_space: {learning_rate: {type: float, low: 1.0e-4, high: 1.0e-3}}
            """);
        var objective = new TrainObjective(StudyFileReader.Load(path), Path.Combine(_dir, "runs"));
        var study = Study.Create("s", new RandomSampler(1), direction: objective.Direction);
        study.Optimize(t => objective.Evaluate(t, default), 1);
        var trial = Assert.Single(study.Trials);
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(objective.RunDirectory(0), "summary.json")));
        Assert.Equal(summary.RootElement.GetProperty("episodes").GetInt64(), trial.Value!.Value);
        Assert.Equal(trial.Value!.Value, trial.IntermediateValues[2048]);
    }

    /// <summary>One trial of a tiny PPO study reporting every 512 steps, pruned once it reports at step 1024.</summary>
    private (TrainObjective Objective, FrozenTrial Trial) PrunedAt1024(Func<TrainStudySpec, TrainStudySpec>? change = null)
    {
        string path = Write("prune.yaml", TinyConfig + """
            metric: final_return_mean
            search_space: {learning_rate: {type: float, low: 1.0e-4, high: 1.0e-3}}
            report_every: 512
            """);
        var spec = StudyFileReader.Load(path);
        var objective = new TrainObjective(change is null ? spec : change(spec), Path.Combine(_dir, "runs"));
        var study = Study.Create("p", new RandomSampler(1), direction: objective.Direction, pruner: new PruneFromStep(1024));
        study.Optimize(t => objective.Evaluate(t, default), 1);
        return (objective, Assert.Single(study.Trials));
    }

    private sealed class PruneFromStep(int step) : Pruner
    {
        public override bool Prune(Study study, FrozenTrial trial) => trial.IntermediateValues.Keys.Max() >= step;
    }

    [Theory]
    [InlineData("metric: final_return_mean\nsearch_space: {lerning_rate: {type: float, low: 1.0e-4, high: 1.0e-2}}", "search_space.lerning_rate: unknown key 'lerning_rate'; did you mean 'learning_rate'?")]
    [InlineData("metric: final_return_mean\nsearch_space: {learning_rate: {type: float, low: 1.0e-2, high: 1.0e-4}}", "search_space.learning_rate: low (0.01) must be below high (0.0001)")]
    [InlineData("metric: final_return_mean\nsearch_space: {learning_rate: {type: float, low: 0, high: 1.0e-2, log: true}}", "log: true needs low > 0")]
    [InlineData("metric: final_return_mean\nsearch_space: {gamma: {type: float, low: 0.9, high: 1.5}}", "search_space.gamma: gamma must be in [0, 1]")]
    [InlineData("metric: final_return_mean\nsearch_space: {num_minibatches: {type: int, low: 3, high: 4}}", "search_space.num_minibatches: num_minibatches must divide")]
    [InlineData("metric: final_return_mean\nsearch_space: {num_minibatches: {type: float, low: 1, high: 4}}", "search_space.num_minibatches: key 'num_minibatches' must be an integer")]
    [InlineData("metric: final_return_mean\nsearch_space: {learning_rate: {type: float, low: 1.0e-4, hihg: 1.0e-2}}", "unknown key 'hihg'; did you mean 'high'?")]
    [InlineData("search_space: {learning_rate: {type: float, low: 1.0e-4, high: 1.0e-2}}", "needs metric:")]
    [InlineData("metric: final_reward_mean\nsearch_space: {learning_rate: {type: float, low: 1.0e-4, high: 1.0e-2}}", "unknown metric 'final_reward_mean'; did you mean 'final_return_mean'?")]
    [InlineData("metric: final_return_mean", "needs search_space:")]
    [InlineData("metric: final_return_mean\nsearch_space: {learning_rate: {type: float, low: 1.0e-4, high: 1.0e-2}}\nenqueue: [{learning_rate: 0.5}]", "enqueue[0].learning_rate: '0.5' lies outside the searched range")]
    [InlineData("metric: wall_seconds\nsearch_space: {learning_rate: {type: float, low: 1.0e-4, high: 1.0e-2}}\npruner: median", "pruning needs metric: final_return_mean")]
    [InlineData("metric: final_return_mean\nsearch_space: {learning_rate: {type: float, low: 1.0e-4, high: 1.0e-2}}\npruner: medain", "unknown pruner 'medain'; did you mean 'median'?")]
    [InlineData("metric: final_return_mean\nsearch_spcae: {learning_rate: {type: float, low: 1.0e-4, high: 1.0e-2}}", "unknown key 'search_spcae'; did you mean 'search_space'?")]
    public void Malformed_study_files_exit_2_with_one_line_naming_the_problem_before_any_trial(string body, string expected)
    {
        AssertRejected(Write("bad.yaml", TinyConfig + body), expected);
    }

    [Fact]
    public void An_unknown_algorithm_in_the_study_config_exits_2_before_any_trial()
    {
        string path = Write("algo.yaml", "config: {algo: ppq, env: CartPole-v1}\nmetric: final_return_mean\nsearch_space: {learning_rate: {type: float, low: 1.0e-4, high: 1.0e-2}}\n");
        AssertRejected(path, "config: unknown algorithm 'ppq'; did you mean 'ppo'?");
    }

    [Fact]
    public void A_config_path_is_read_relative_to_the_study_file()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "configs"));
        File.WriteAllText(Path.Combine(_dir, "configs", "c.yaml"), "algo: ppo\nenv: CartPole-v1\ntotal_steps: 4096\nlearnig_rate: 1\n");
        string path = Write("rel.yaml", "config: configs/c.yaml\nmetric: final_return_mean\nsearch_space: {ent_coef: {type: float, low: 0, high: 0.1}}\n");
        AssertRejected(path, "rel.yaml: config: unknown key 'learnig_rate'; did you mean 'learning_rate'?");
        File.WriteAllText(Path.Combine(_dir, "configs", "c.yaml"), "algo: ppo\nenv: CartPole-v1\ntotal_steps: 4096\n");
        var spec = StudyFileReader.Load(path);
        Assert.Contains(("total_steps", "4096"), spec.BaseConfig);
        Assert.Equal(409, spec.ReportEvery);
        Assert.True(spec.Pruner.IsNone);
    }

    [Fact]
    public void Two_commands_opening_one_new_study_together_enqueue_its_trials_once()
    {
        var spec = StudyFileReader.Load(RepoPaths.Of("samples", "studies", "ppo-cartpole.yaml"));
        var objective = new TrainObjective(spec, Path.Combine(_dir, "runs"));
        var storage = new InMemoryStorage();
        // Both open the study before either has enqueued anything, as two processes started together do.
        var first = Study.Create("ppo", new RandomSampler(1), storage, StudyDirection.Maximize);
        var second = Study.Create("ppo", new RandomSampler(1), storage, StudyDirection.Maximize);

        Assert.Equal(1, objective.EnqueueInitialTrials(first));
        Assert.Equal(0, objective.EnqueueInitialTrials(second));

        var waiting = Assert.Single(storage.GetAllTrials(first.Info.Id));
        Assert.Equal(TrialState.Waiting, waiting.State);
        Assert.Equal(2.5e-4, waiting.Params["learning_rate"]);
    }

    [Fact]
    public void The_sample_study_file_is_valid_and_enqueues_the_cleanrl_defaults()
    {
        string sample = RepoPaths.Of("samples", "studies", "ppo-cartpole.yaml");
        var spec = StudyFileReader.Load(sample);
        Assert.Equal(["learning_rate", "ent_coef"], spec.Parameters.Select(p => p.Key).ToArray());
        Assert.Equal(StudyDirection.Maximize, spec.Direction);
        Assert.Equal("median", spec.Pruner.Kind);
        var first = Assert.Single(spec.Enqueued);
        Assert.Equal(2.5e-4, first["learning_rate"]);
        Assert.Equal(0.01, first["ent_coef"]);
    }

    private void AssertRejected(string studyPath, string expected)
    {
        string db = Path.Combine(_dir, "never.db");
        var (code, _, error) = Run("tune", studyPath, "--storage", $"sqlite:{db}", "--trials", "2");
        Assert.Equal(2, code);
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.Single(error.Trim().Split('\n'));
        Assert.StartsWith("error: " + Path.GetFileName(studyPath) + ": ", error.Trim(), StringComparison.Ordinal);
        Assert.False(File.Exists(db), "no trial may run (or storage be created) for a malformed study file");
        Assert.False(Directory.Exists(Path.Combine(_dir, "runs")));
    }
}
