using System.Text.Json;
using MetaRL.Learning;
using MetaRL.Learning.Decision;
using MetaRL.Learning.Deploy;
using MetaRL.Learning.Meta;
using MetaRL.Random;
using MetaRL.Tests.Cli.UserErrors;
using MetaRL.Tests.TestSupport;

namespace MetaRL.Tests.Deploy;

/// <summary>An in-context transformer (DPT, AD) distilled into an RL² GRU: the teacher reads the student's trials as its
/// own history, the comparison uses meta-eval's numbers, and the student is an ordinary RL² run.</summary>
public sealed class TransformerDistillationTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "metarl-distill-transformer-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root)) { Directory.Delete(_root, recursive: true); }
    }

    private string Dir(string name) => Path.Combine(_root, name);

    [Theory]
    [InlineData(ContextFormat.Dpt)]
    [InlineData(ContextFormat.Ad)]
    public void A_greedy_teacher_in_the_students_trials_plays_exactly_its_own_online_trials_across_episodes(ContextFormat format)
    {
        // Dark Room with 3 short episodes per trial: every episode boundary (the final observation the trial's reset
        // overwrites, the next episode's start) must reach the teacher's history as OnlineActing builds it.
        var setup = MetaSetup.Parse([("algo", format == ContextFormat.Dpt ? "dpt" : "ad"), ("env", "DarkRoom-v0"), ("size", "4"), ("max_steps", "6"),
            ("episodes", "3"), ("context", "8"), ("n_layer", "1"), ("n_head", "1"), ("d_model", "8"), ("d_ff", "16")]);
        var model = DptAlgorithm.CreatePlainModel(setup);
        var studentSetup = MetaSetup.Parse([("algo", "rl2"), ("env", "DarkRoom-v0"), ("size", "4"), ("max_steps", "6"), ("episodes", "3"), ("hidden_size", "4")]);
        var (student, pool) = Rl2Algorithm.CreatePolicy(studentSetup, 1);
        var tasks = setup.Distribution(setup.MakeEnv()).SampleTasks(5, new Rng(7));
        var online = OnlineActing.Run(model, format, setup, tasks, 3, new Rng(11), greedy: true);
        var r = TransformerTrials.Run(model, format, "DarkRoom-v0", student, teacherActs: true, greedy: true, pool.Rent(5), tasks, new Rng(11), 1000);
        Assert.Equal(18, r.Batch.Steps);
        Assert.Equal(5 * 18L, r.Batch.ValidSteps);
        for (int b = 0; b < 5; b++)
        {
            var actions = Enumerable.Range(0, r.Batch.Steps).Select(t => (int)r.Batch.Actions[t * 5 + b]).ToArray();
            Assert.Equal(online.Actions[b], actions);
            Assert.Equal(online.EpisodeReturns[b], r.Batch.EpisodeReturns[b]);
        }
        Assert.Contains(online.Actions, a => a.Distinct().Count() > 1); // the test would not see a history that never matters
    }

    [Fact]
    public void Returns_to_go_discount_each_trials_rewards_to_its_end_and_leave_padding_at_zero()
    {
        var batch = new TrialBatch(3, 2, 1, 1);
        float[] rewards = [1, 2, 1, 0, 1, 5], valid = [1, 1, 1, 1, 1, 0]; // time-major [T=3, B=2]; trial 1 ends after 2 steps
        rewards.CopyTo(batch.Rewards, 0);
        valid.CopyTo(batch.Valid, 0);
        var g = TransformerTrials.ReturnsToGo(batch, 0.5);
        Assert.Equal([1 + 0.5f * (1 + 0.5f * 1), 2 + 0.5f * 0, 1 + 0.5f * 1, 0, 1, 0], g);
    }

    [Fact]
    public void Distilling_a_dpt_run_writes_an_rl2_student_whose_returns_are_meta_evals_and_refuses_what_it_cannot_train()
    {
        var pre = CliRun.Run("pretrain", "--algo", "dpt", "--set", "env=Bandit-v0", "--set", "arms=3", "--set", "pulls=8", "--set", "context=8", "--set", "n_layer=1",
            "--set", "n_head=1", "--set", "d_model=16", "--set", "d_ff=32", "--set", "data_tasks=80", "--set", "val_tasks=16", "--set", "batch_size=8",
            "--set", "warmup_steps=2", "--set", "iterations=20", "--out", Dir("dpt"), "--quiet");
        Assert.True(pre.Code == 0, pre.Err);
        var (code, json, err) = CliRun.Run("compress", "--run", Dir("dpt"), "--method", "distill", "--student", "hidden_size=4", "--out", Dir("student"),
            "--rounds", "2", "--steps-per-round", "256", "--epochs", "2", "--learning-rate", "0.005", "--tasks", "20", "--seed", "3", "--json");
        Assert.True(code == 0, err);
        var doc = JsonDocument.Parse(json).RootElement;
        Assert.Equal(20 * 8L, doc.GetProperty("decisions").GetInt64());
        Assert.True(doc.GetProperty("parameters_after").GetInt64() < doc.GetProperty("parameters_before").GetInt64() / 10, json);
        Assert.Equal(0.005, doc.GetProperty("distill").GetProperty("learning_rate").GetDouble());
        string config = File.ReadAllText(Path.Combine(Dir("student"), "config.yaml"));
        Assert.Contains("algo: rl2", config);
        Assert.Contains("hidden_size: 4", config);
        Assert.Contains("env.pulls: 8", config);
        double MetaEvalMean(string run, string method)
        {
            var (ecode, eval, eerr) = CliRun.Run("meta-eval", "--run", run, "--tasks", "20", "--seed", "3", "--json");
            Assert.True(ecode == 0, eerr);
            return JsonDocument.Parse(eval).RootElement.GetProperty("rows").EnumerateArray()
                .First(r => r.GetProperty("method").GetString() == method).GetProperty("mean").GetDouble();
        }
        Assert.Equal(MetaEvalMean(Dir("dpt"), "dpt"), doc.GetProperty("return_before").GetProperty("mean").GetDouble(), 5);
        Assert.Equal(MetaEvalMean(Dir("student"), "rl2"), doc.GetProperty("return_after").GetProperty("mean").GetDouble(), 5);
        CliCall.Run("compress", "--run", Dir("dpt"), "--method", "distill", "--student", "belief_coef=1", "--out", Dir("x")).IsUserError("untrained");
        CliCall.Run("compress", "--run", Dir("dpt"), "--method", "distill", "--student", "env.arms=4", "--out", Dir("y")).IsUserError("teacher's task family");
        CliCall.Run("compress", "--run", Dir("dpt"), "--method", "int8", "--out", Dir("z")).IsUserError("dpt run");
        CliCall.Run("compress", "--run", Dir("dpt"), "--method", "distill", "--student", "hidden_size=4", "--learning-rate", "0", "--out", Dir("w")).IsUserError("--learning-rate");
        Assert.False(Directory.Exists(Dir("x")) || Directory.Exists(Dir("y")) || Directory.Exists(Dir("z")) || Directory.Exists(Dir("w")));
    }
}
