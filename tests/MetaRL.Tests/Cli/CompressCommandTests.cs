using System.Text.Json;
using MetaRL.Tests.Cli.UserErrors;
using static MetaRL.Tests.TestSupport.CliRun;

namespace MetaRL.Tests.Cli;

public sealed class CompressCommandTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "metarl-compress-test-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root)) { Directory.Delete(_root, recursive: true); }
    }

    private string Dir(string name) => Path.Combine(_root, name);

    [Fact]
    public void Int8_writes_a_smaller_run_that_evaluate_and_explain_take_and_reports_the_comparison()
    {
        Assert.Equal(0, Run("train", "--out", Dir("ppo"), "--set", "total_steps=4096").Code);
        var (code, json, err) = Run("compress", "--run", Dir("ppo"), "--method", "int8", "--out", Dir("int8"), "--episodes", "5", "--json");
        Assert.True(code == 0, err);
        var doc = JsonDocument.Parse(json).RootElement;
        Assert.Equal(json.Trim(), File.ReadAllText(Path.Combine(Dir("int8"), "compression.json")).Trim());
        Assert.True(doc.GetProperty("size_ratio").GetDouble() >= 3.5, json);
        Assert.True(doc.GetProperty("file_bytes_after").GetInt64() < doc.GetProperty("file_bytes_before").GetInt64());
        Assert.InRange(doc.GetProperty("action_agreement").GetDouble(), 0.9, 1.0);
        Assert.True(doc.GetProperty("decisions").GetInt64() >= 5);
        var (ecode, eval, _) = Run("evaluate", "--run", Dir("int8"), "--episodes", "5", "--seed", "1000000", "--json");
        Assert.Equal(0, ecode);
        Assert.Equal(doc.GetProperty("return_after").GetProperty("mean").GetDouble(), JsonDocument.Parse(eval).RootElement.GetProperty("mean_return").GetDouble(), 9);
        Assert.Equal(0, Run("explain", "--run", Dir("int8"), "--obs", "0,0,0,0").Code);
        Assert.Empty(Directory.GetDirectories(_root, "int8.tmp-*"));
        CliCall.Run("compress", "--run", Dir("int8"), "--method", "int8", "--out", Dir("again")).IsUserError("already holds int8");
    }

    [Fact]
    public void Compressing_a_recurrent_run_resets_the_compressed_policys_state_every_episode()
    {
        Assert.Equal(0, Run("train", "--algo", "recurrent_ppo", "--out", Dir("gru"), "--set", "total_steps=4096").Code);
        var (code, json, err) = Run("compress", "--run", Dir("gru"), "--method", "int8", "--out", Dir("gru8"), "--episodes", "10", "--json");
        Assert.True(code == 0, err);
        var doc = JsonDocument.Parse(json).RootElement;
        // Without the reset the compressed GRU carried its state across episodes: 87.7% agreement on this run, 100% with it.
        Assert.True(doc.GetProperty("action_agreement").GetDouble() >= 0.95, json);
    }

    [Fact]
    public void Distill_writes_a_smaller_student_run_that_evaluate_and_explain_take_and_reports_the_comparison()
    {
        Assert.Equal(0, Run("train", "--out", Dir("ppo"), "--set", "total_steps=8192").Code);
        var (code, json, err) = Run("compress", "--run", Dir("ppo"), "--method", "distill", "--student", "hidden=[8,8]", "--out", Dir("small"),
            "--rounds", "4", "--steps-per-round", "512", "--episodes", "5", "--json");
        Assert.True(code == 0, err);
        var doc = JsonDocument.Parse(json).RootElement;
        Assert.Equal(json.Trim(), File.ReadAllText(Path.Combine(Dir("small"), "compression.json")).Trim());
        Assert.Equal(9155, doc.GetProperty("parameters_before").GetInt64());
        Assert.Equal(4 * 8 + 8 + 8 * 8 + 8 + 8 * 2 + 2 + 4 * 8 + 8 + 8 * 8 + 8 + 8 + 1, doc.GetProperty("parameters_after").GetInt64());
        Assert.InRange(doc.GetProperty("action_agreement").GetDouble(), 0.9, 1.0);
        var kl = doc.GetProperty("distill").GetProperty("kl_per_round").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        Assert.Equal(4, kl.Length);
        Assert.True(kl[^1] < kl[0], json);
        Assert.Contains("hidden: [8, 8]", File.ReadAllText(Path.Combine(Dir("small"), "config.yaml")));
        var (ecode, eval, _) = Run("evaluate", "--run", Dir("small"), "--episodes", "5", "--seed", "1000000", "--json");
        Assert.Equal(0, ecode);
        Assert.Equal(doc.GetProperty("return_after").GetProperty("mean").GetDouble(), JsonDocument.Parse(eval).RootElement.GetProperty("mean_return").GetDouble(), 9);
        Assert.Equal(0, Run("explain", "--run", Dir("small"), "--obs", "0,0,0,0").Code);
        Assert.Empty(Directory.GetDirectories(_root, "small.tmp-*"));
    }

    [Fact]
    public void Distill_refuses_a_missing_or_malformed_student_another_environment_and_a_recurrent_teacher()
    {
        Assert.Equal(0, Run("train", "--out", Dir("ppo"), "--set", "total_steps=1024").Code);
        CliCall.Run("compress", "--run", Dir("ppo"), "--method", "distill", "--out", Dir("a")).IsUserError("needs --student");
        CliCall.Run("compress", "--run", Dir("ppo"), "--method", "distill", "--student", "hidden", "--out", Dir("b")).IsUserError("KEY=VALUE", "'hidden'");
        CliCall.Run("compress", "--run", Dir("ppo"), "--method", "distill", "--student", "env=Pendulum-v1", "--out", Dir("c")).IsUserError("teacher's environment");
        CliCall.Run("compress", "--run", Dir("ppo"), "--method", "int8", "--student", "hidden=[8]", "--out", Dir("d")).IsUserError("--student belongs to --method distill");
        CliCall.Run("compress", "--run", Dir("ppo"), "--method", "int8", "--rounds", "3", "--out", Dir("d")).IsUserError("--rounds, --steps-per-round, --epochs and --learning-rate belong to --method distill");
        CliCall.Run("compress", "--run", Dir("ppo"), "--method", "int8", "--tasks", "3", "--out", Dir("d")).IsUserError("single-task run", "--episodes");
        Assert.Equal(0, Run("train", "--algo", "recurrent_ppo", "--out", Dir("gru"), "--set", "total_steps=1024").Code);
        CliCall.Run("compress", "--run", Dir("gru"), "--method", "distill", "--student", "hidden=[8]", "--out", Dir("e")).IsUserError("stateless actor-critic");
        foreach (var name in new[] { "a", "b", "c", "d", "e" }) { Assert.False(Directory.Exists(Dir(name)), name); }
    }

    [Fact]
    public void Int8_and_distill_on_an_rl2_run_write_meta_runs_whose_returns_are_meta_evals()
    {
        Assert.Equal(0, Run("meta-train", "--algo", "rl2", "--env", "Bandit-v0", "--set", "arms=3", "--set", "pulls=5", "--out", Dir("rl2"),
            "--set", "iterations=3", "--set", "trials_per_iteration=16", "--set", "hidden_size=16").Code);
        var (code, json, err) = Run("compress", "--run", Dir("rl2"), "--method", "int8", "--out", Dir("rl2-int8"), "--tasks", "30", "--seed", "4", "--json");
        Assert.True(code == 0, err);
        var doc = JsonDocument.Parse(json).RootElement;
        Assert.Equal(30, doc.GetProperty("tasks").GetInt32());
        Assert.True(doc.GetProperty("size_ratio").GetDouble() > 2, json);
        Assert.Equal(5L * 30, doc.GetProperty("decisions").GetInt64());
        Assert.InRange(doc.GetProperty("action_agreement").GetDouble(), 0.9, 1.0);
        double MetaEvalMean(string run)
        {
            var (ecode, eval, eerr) = Run("meta-eval", "--run", run, "--tasks", "30", "--seed", "4", "--json");
            Assert.True(ecode == 0, eerr);
            return JsonDocument.Parse(eval).RootElement.GetProperty("rows").EnumerateArray()
                .First(r => r.GetProperty("method").GetString() == "rl2").GetProperty("mean").GetDouble();
        }
        Assert.Equal(MetaEvalMean(Dir("rl2")), doc.GetProperty("return_before").GetProperty("mean").GetDouble(), 5);
        Assert.Equal(MetaEvalMean(Dir("rl2-int8")), doc.GetProperty("return_after").GetProperty("mean").GetDouble(), 5);

        (code, json, err) = Run("compress", "--run", Dir("rl2"), "--method", "distill", "--student", "hidden_size=4", "--out", Dir("rl2-small"),
            "--rounds", "2", "--steps-per-round", "320", "--tasks", "30", "--seed", "4", "--json");
        Assert.True(code == 0, err);
        doc = JsonDocument.Parse(json).RootElement;
        Assert.True(doc.GetProperty("parameters_after").GetInt64() < doc.GetProperty("parameters_before").GetInt64() / 5, json);
        Assert.Contains("hidden_size: 4", File.ReadAllText(Path.Combine(Dir("rl2-small"), "config.yaml")));
        Assert.Equal(MetaEvalMean(Dir("rl2-small")), doc.GetProperty("return_after").GetProperty("mean").GetDouble(), 5);
        // A student that reads other trials, or has heads distillation would leave untrained, is refused before any work.
        CliCall.Run("compress", "--run", Dir("rl2"), "--method", "distill", "--student", "time_features=true", "--out", Dir("r1")).IsUserError("teacher's trials");
        CliCall.Run("compress", "--run", Dir("rl2"), "--method", "distill", "--student", "max_trial_steps=2", "--out", Dir("r2")).IsUserError("teacher's trials");
        CliCall.Run("compress", "--run", Dir("rl2"), "--method", "distill", "--student", "privileged_critic=true", "--out", Dir("r3")).IsUserError("untrained");
        Assert.False(Directory.Exists(Dir("r1")) || Directory.Exists(Dir("r2")) || Directory.Exists(Dir("r3")));
        Assert.Empty(Directory.GetDirectories(_root, "*.tmp-*"));
    }

    [Fact]
    public void Int8_on_a_maml_run_compares_after_one_adaptation_step_and_distill_refuses_it()
    {
        Assert.Equal(0, Run("meta-train", "--algo", "maml", "--env", "PointNav2D-v0", "--out", Dir("maml"), "--set", "iterations=2", "--set", "max_steps=8",
            "--set", "meta_batch_size=2", "--set", "episodes_per_task=2", "--set", "hidden=[16]", "--set", "pretrain_iterations=1").Code);
        var (code, json, err) = Run("compress", "--run", Dir("maml"), "--method", "int8", "--out", Dir("maml-int8"), "--tasks", "6", "--json");
        Assert.True(code == 0, err);
        var doc = JsonDocument.Parse(json).RootElement;
        // Without --seed a meta run is compared on meta-eval's default seed (a single-task run's 1,000,000 gave other tasks).
        var (ecode, eval, eerr) = Run("meta-eval", "--run", Dir("maml"), "--tasks", "6", "--json");
        Assert.True(ecode == 0, eerr);
        double afterOneStep = JsonDocument.Parse(eval).RootElement.GetProperty("rows").EnumerateArray()
            .First(r => r.GetProperty("method").GetString() == "maml" && r.GetProperty("steps").GetInt32() == 1).GetProperty("mean").GetDouble();
        Assert.Equal(afterOneStep, doc.GetProperty("return_before").GetProperty("mean").GetDouble(), 5);
        Assert.True(doc.GetProperty("size_ratio").GetDouble() > 1.9, json); // 84 parameters: the scales weigh
        Assert.Equal(6 * 8L, doc.GetProperty("decisions").GetInt64());
        Assert.True(File.Exists(Path.Combine(Dir("maml-int8"), "pretrained.safetensors")));
        Assert.Equal(0, Run("meta-eval", "--run", Dir("maml-int8"), "--tasks", "4").Code);
        CliCall.Run("compress", "--run", Dir("maml"), "--method", "distill", "--student", "hidden=[4]", "--out", Dir("x")).IsUserError("maml run", "RL²");
        CliCall.Run("compress", "--run", Dir("maml-int8"), "--method", "int8", "--out", Dir("y")).IsUserError("already holds int8");
        CliCall.Run("compress", "--run", Dir("maml"), "--method", "int8", "--episodes", "3", "--out", Dir("y")).IsUserError("meta run", "--tasks");
        Assert.False(Directory.Exists(Dir("x")));
        Assert.False(Directory.Exists(Dir("y")));
    }

    [Fact]
    public void Bad_methods_taken_folders_and_runs_without_checkpoints_are_user_errors()
    {
        Assert.Equal(0, Run("train", "--out", Dir("ppo"), "--set", "total_steps=1024").Code);
        CliCall.Run("compress", "--run", Dir("ppo"), "--method", "int4", "--out", Dir("x")).IsUserError("int4", "int8, distill");
        CliCall.Run("compress", "--run", Dir("ppo"), "--method", "int8", "--out", Dir("ppo")).IsUserError("not empty");
        CliCall.Run("compress", "--run", Dir("nothing"), "--method", "int8", "--out", Dir("y")).IsUserError("holds no run");
        Assert.False(Directory.Exists(Dir("x")));
        Assert.False(Directory.Exists(Dir("y")));
    }
}
