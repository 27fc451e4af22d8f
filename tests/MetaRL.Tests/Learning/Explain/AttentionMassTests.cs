using System.Text.Json;
using MetaRL.Learning.Explain;
using MetaRL.Nn;
using MetaRL.Random;
using MetaRL.Tensors;
using MetaRL.Tests.Cli.UserErrors;
using MetaRL.Tests.TestSupport;

namespace MetaRL.Tests.Learning.Explain;

public sealed class AttentionMassTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "metarl-attention-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root)) { Directory.Delete(_root, recursive: true); }
    }

    [Fact]
    public void The_weights_rebuild_the_first_blocks_attention_output_at_the_last_position()
    {
        var rng = new Rng(11);
        var gpt = new Gpt(new GptOptions { TokenDim = 5, OutputDim = 3, Layers = 2, Heads = 2, ModelDim = 8, MlpWidth = 16, Context = 10 }, rng);
        int steps = 7;
        var tokens = Tensor.FromArray([.. Enumerable.Range(0, steps * 5).Select(_ => (float)rng.Uniform(-1, 1))], 1, steps, 5);
        var weights = AttentionMass.LastPosition(gpt, tokens);
        Assert.Equal(2, weights.Length);
        foreach (var head in weights.SelectMany(l => l)) { Assert.Equal(1.0, head.Sum(), 9); Assert.Equal(steps, head.Length); }

        // The first block's attention output at the last position, from the weights and the value projection alone.
        var block = gpt.Blocks[0];
        var x = Ops.Add(gpt.Wte.Forward(tokens), Ops.Slice(gpt.Wpe!, 0, 0, steps));
        var h = block.Ln1.Forward(x);
        var v = block.Attn.VProj.Forward(h).F32.ToArray();
        var joined = new float[8];
        for (int head = 0; head < 2; head++)
        {
            for (int j = 0; j < steps; j++)
            {
                for (int i = 0; i < 4; i++) { joined[head * 4 + i] += (float)(weights[0][head][j] * v[j * 8 + head * 4 + i]); }
            }
        }
        var rebuilt = block.Attn.OutProj.Forward(Tensor.FromArray(joined, 1, 8)).F32.ToArray();
        var engine = block.Attn.Forward(h).F32.Slice((steps - 1) * 8, 8).ToArray();
        for (int i = 0; i < 8; i++) { Assert.Equal(engine[i], rebuilt[i], 4); }
        var mean = AttentionMass.MeanOverHeads(weights);
        Assert.Equal((weights[1][0][3] + weights[1][1][3]) / 2, mean[1][3], 12);
    }

    [Fact]
    public void Explain_on_a_dpt_run_gives_the_next_decision_and_the_attention_on_each_context_step()
    {
        string dir = Path.Combine(_root, "dpt");
        var pre = CliRun.Run("pretrain", "--algo", "dpt", "--set", "env=Bandit-v0", "--set", "arms=3", "--set", "pulls=8", "--set", "context=8", "--set", "n_layer=2",
            "--set", "n_head=2", "--set", "d_model=16", "--set", "d_ff=32", "--set", "data_tasks=80", "--set", "val_tasks=16", "--set", "batch_size=8",
            "--set", "warmup_steps=2", "--set", "iterations=10", "--out", dir, "--quiet");
        Assert.True(pre.Code == 0, pre.Err);
        var (code, json, err) = CliRun.Run("explain", "--run", dir, "--seed", "2", "--json");
        Assert.True(code == 0, err);
        var doc = JsonDocument.Parse(json).RootElement;
        Assert.Equal(1.0, doc.GetProperty("probs").EnumerateArray().Sum(p => p.GetDouble()), 9);
        Assert.Equal(8, doc.GetProperty("trial_steps").GetInt32());
        var positions = doc.GetProperty("attention").EnumerateArray().ToArray();
        Assert.Equal(9, positions.Length); // the query and the trial's 8 pulls
        Assert.Equal("query", positions[0].GetProperty("kind").GetString());
        Assert.Equal(Enumerable.Range(0, 8), positions[1..].Select(p => p.GetProperty("step").GetInt32()));
        Assert.Equal(1.0, positions.Sum(p => p.GetProperty("mass").GetDouble()), 9);
        foreach (var layer in doc.GetProperty("attention_per_layer").EnumerateArray()) { Assert.Equal(1.0, layer.EnumerateArray().Sum(m => m.GetDouble()), 9); }
        CliCall.Run("explain", "--run", dir, "--obs", "0,0,0").IsUserError("--obs applies to single-task runs");
    }

    [Fact]
    public void Explain_on_an_ad_run_reads_the_newest_steps_with_the_one_decided_on_last()
    {
        string data = Path.Combine(_root, "ad-data"), dir = Path.Combine(_root, "ad");
        var made = CliRun.Run("pretrain-data", "--env", "DarkRoom-v0", "--tasks", "12", "--source", "ad", "--out", data, "--set", "size=3", "--set", "max_steps=6",
            "--set", "episodes=3");
        Assert.True(made.Code == 0, made.Err);
        var pre = CliRun.Run("pretrain", "--algo", "ad", "--data", data, "--out", dir, "--set", "iterations=4", "--set", "context=6", "--set", "n_layer=1",
            "--set", "n_head=1", "--set", "d_model=8", "--set", "d_ff=16", "--set", "val_tasks=4", "--set", "batch_size=4", "--set", "warmup_steps=1", "--quiet");
        Assert.True(pre.Code == 0, pre.Err);
        var (code, json, err) = CliRun.Run("explain", "--run", dir, "--seed", "1", "--json");
        Assert.True(code == 0, err);
        var doc = JsonDocument.Parse(json).RootElement;
        int steps = doc.GetProperty("trial_steps").GetInt32();
        Assert.True(steps >= 6, json); // a whole trial of Dark Room episodes of 6 steps
        var positions = doc.GetProperty("attention").EnumerateArray().ToArray();
        Assert.Equal(6, positions.Length); // the context: the newest 5 steps taken and the step decided on
        Assert.Equal(Enumerable.Range(steps - 5, 6), positions.Select(p => p.GetProperty("step").GetInt32()));
        Assert.All(positions[..5], p => Assert.Equal("transition", p.GetProperty("kind").GetString()));
        Assert.Equal("current", positions[5].GetProperty("kind").GetString());
        Assert.Equal(JsonValueKind.Null, positions[5].GetProperty("action").ValueKind);
        Assert.Equal(1.0, positions.Sum(p => p.GetProperty("mass").GetDouble()), 9);
        CliCall.Run("explain", "--run", dir, "--obs", "0,0").IsUserError("an ad run explains", "--seed");
    }
}
