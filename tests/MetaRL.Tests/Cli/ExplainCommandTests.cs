using System.Text.Json;
using MetaRL.Tests.Cli.UserErrors;
using static MetaRL.Tests.TestSupport.CliRun;

namespace MetaRL.Tests.Cli;

public sealed class ExplainCommandTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "metarl-explain-test-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root)) { Directory.Delete(_root, recursive: true); }
    }

    private string Dir(string name) => Path.Combine(_root, name);

    [Fact]
    public void Explain_prints_the_decision_with_named_features_and_attributions_that_add_up()
    {
        Assert.Equal(0, Run("train", "--out", Dir("ppo"), "--set", "total_steps=2048").Code);
        var (code, output, _) = Run("explain", "--run", Dir("ppo"), "--obs", "0.01,0.2,-0.03,-0.3");
        Assert.Equal(0, code);
        Assert.Contains("theta_dot", output, StringComparison.Ordinal);
        Assert.Contains("completeness gap", output, StringComparison.Ordinal);
        var (jcode, json, _) = Run("explain", "--run", Dir("ppo"), "--obs", "0.01,0.2,-0.03,-0.3", "--json");
        Assert.Equal(0, jcode);
        var doc = JsonDocument.Parse(json).RootElement;
        int action = doc.GetProperty("action").GetInt32();
        var probs = doc.GetProperty("probs").EnumerateArray().Select(p => p.GetDouble()).ToArray();
        Assert.Equal(2, probs.Length);
        Assert.Equal(1.0, probs.Sum(), 5);
        Assert.Equal(probs.Max(), probs[action]);
        var attributions = doc.GetProperty("attributions").EnumerateArray().ToArray();
        Assert.Equal(["x", "x_dot", "theta", "theta_dot"], attributions.Select(a => a.GetProperty("feature").GetString()));
        double sum = attributions.Sum(a => a.GetProperty("value").GetDouble());
        double delta = doc.GetProperty("log_prob").GetDouble() - doc.GetProperty("log_prob_baseline").GetDouble();
        Assert.True(doc.GetProperty("completeness_gap").GetDouble() <= 0.01);
        Assert.Equal(delta, sum, 0.01 * Math.Abs(delta) + 1e-6);
        Assert.Equal(Math.Log(probs[action]), doc.GetProperty("log_prob").GetDouble(), 5);
        Assert.Equal([0.0, 0, 0, 0], doc.GetProperty("baseline").EnumerateArray().Select(b => b.GetDouble()));
        Assert.InRange(doc.GetProperty("steps").GetInt32(), 16, 256); // the target: within 1% in at most 300 points
    }

    [Fact]
    public void The_mean_baseline_of_a_gaussian_policy_with_observation_statistics_is_their_mean()
    {
        Assert.Equal(0, Run("train", "--algo", "ppo", "--env", "Pendulum-v1", "--out", Dir("pend"), "--set", "total_steps=2048", "--set", "norm_obs=true").Code);
        var (code, json, err) = Run("explain", "--run", Dir("pend"), "--obs", "1,0,0.5", "--baseline", "mean", "--json");
        Assert.True(code == 0, err);
        var doc = JsonDocument.Parse(json).RootElement;
        Assert.Equal(1, doc.GetProperty("mean").GetArrayLength());
        Assert.True(doc.GetProperty("std").EnumerateArray().Single().GetDouble() > 0);
        Assert.Equal(["cos_theta", "sin_theta", "theta_dot"], doc.GetProperty("attributions").EnumerateArray().Select(a => a.GetProperty("feature").GetString()));
        Assert.NotEqual([0.0, 0, 0], doc.GetProperty("baseline").EnumerateArray().Select(b => b.GetDouble()));
    }

    [Fact]
    public void Malformed_observations_baselines_and_runs_are_user_errors()
    {
        Assert.Equal(0, Run("train", "--out", Dir("ppo"), "--set", "total_steps=1024").Code);
        CliCall.Run("explain", "--run", Dir("ppo"), "--obs", "0.1,0.2").IsUserError("2 values", "x_dot");
        CliCall.Run("explain", "--run", Dir("ppo"), "--obs", "0.1,NaN,0,0").IsUserError("x_dot", "finite");
        CliCall.Run("explain", "--run", Dir("ppo"), "--obs", "0.1,abc,0,0").IsUserError("--obs", "'abc'");
        CliCall.Run("explain", "--run", Dir("ppo"), "--obs", "0,0,0,0", "--baseline", "median").IsUserError("median", "zeros, mean");
        CliCall.Run("explain", "--run", Dir("missing"), "--obs", "0,0,0,0").IsUserError();
        Assert.Equal(0, Run("train", "--algo", "reinforce", "--out", Dir("reinforce"), "--set", "total_steps=1024").Code);
        Assert.Equal(0, Run("explain", "--run", Dir("reinforce"), "--obs", "0,0,0,0", "--baseline", "mean").Code);
        Assert.Equal(0, Run("train", "--algo", "recurrent_ppo", "--out", Dir("gru"), "--set", "total_steps=256", "--set", "num_steps=64", "--set", "num_envs=2", "--set", "num_minibatches=1").Code);
        var (gcode, gjson, gerr) = Run("explain", "--run", Dir("gru"), "--obs", "0.01,0.2,-0.03,-0.3", "--json");
        Assert.True(gcode == 0, gerr);
        Assert.True(JsonDocument.Parse(gjson).RootElement.GetProperty("completeness_gap").GetDouble() <= 0.01, gjson);
    }

    [Fact]
    public void Explain_on_a_dqn_run_attributes_the_chosen_actions_value_and_the_largest_value()
    {
        Assert.Equal(0, Run("train", "--algo", "dqn", "--out", Dir("dqn"), "--set", "total_steps=600", "--set", "learning_starts=100").Code);
        var (code, json, err) = Run("explain", "--run", Dir("dqn"), "--obs", "0.01,0.2,-0.03,-0.3", "--json");
        Assert.True(code == 0, err);
        var doc = JsonDocument.Parse(json).RootElement;
        var q = doc.GetProperty("q_values").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        Assert.Equal(2, q.Length);
        int action = doc.GetProperty("action").GetInt32();
        Assert.Equal(q.Max(), q[action]);
        Assert.Equal(q[action], doc.GetProperty("value").GetDouble(), 6);
        Assert.Equal(q[action], doc.GetProperty("q").GetDouble(), 5);
        Assert.False(doc.TryGetProperty("probs", out _));
        // Completeness: the attributions of Q(x, a) sum to Q(x, a) − Q(baseline, a) within the gap reported (≤ 1%).
        double sum = doc.GetProperty("attributions").EnumerateArray().Sum(a => a.GetProperty("value").GetDouble());
        double delta = doc.GetProperty("q").GetDouble() - doc.GetProperty("q_baseline").GetDouble();
        Assert.True(doc.GetProperty("completeness_gap").GetDouble() <= 0.01, json);
        Assert.Equal(delta, sum, Math.Max(1e-6, 0.011 * Math.Abs(delta)));
        Assert.True(doc.GetProperty("value_completeness_gap").GetDouble() <= 0.01, json);
        var (tcode, text, _) = Run("explain", "--run", Dir("dqn"), "--obs", "0.01,0.2,-0.03,-0.3");
        Assert.Equal(0, tcode);
        Assert.Contains("Q(obs, action) attribution", text);
    }

    [Fact]
    public void Explain_on_an_rl2_run_attributes_the_first_decision_of_a_trial_to_the_trials_named_inputs()
    {
        Assert.Equal(0, Run("meta-train", "--algo", "rl2", "--env", "Bandit-v0", "--set", "arms=3", "--set", "pulls=5", "--out", Dir("rl2"),
            "--set", "iterations=3", "--set", "trials_per_iteration=16", "--set", "hidden_size=16").Code);
        var (code, json, err) = Run("explain", "--run", Dir("rl2"), "--obs", "0,0,1,0,1,0", "--json");
        Assert.True(code == 0, err);
        var doc = JsonDocument.Parse(json).RootElement;
        Assert.Equal(["obs[0]", "prev_action[0]", "prev_action[1]", "prev_action[2]", "prev_reward", "prev_done"],
            doc.GetProperty("attributions").EnumerateArray().Select(a => a.GetProperty("feature").GetString()!));
        Assert.Equal(3, doc.GetProperty("probs").GetArrayLength());
        Assert.True(doc.GetProperty("completeness_gap").GetDouble() <= 0.01, json);
        CliCall.Run("explain", "--run", Dir("rl2"), "--obs", "0,0,1,0,1,0", "--baseline", "mean").IsUserError("RL²", "zero observation");
        CliCall.Run("explain", "--run", Dir("rl2"), "--obs", "0,0,1").IsUserError("3 values", "prev_done");
    }
}
