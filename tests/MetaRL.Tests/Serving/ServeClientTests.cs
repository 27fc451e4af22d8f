using MetaRL.Client;

namespace MetaRL.Tests.Serving;

public sealed class ServeClientTests(ServedRun run) : IClassFixture<ServedRun>
{
    [Fact]
    public async Task The_client_plays_an_episode_against_the_server()
    {
        var (host, _) = await run.StartAsync();
        await using var hostScope = host;
        using var client = new ServeClient(host.Address, ServedRun.Token);
        Assert.True(await client.IsHealthyAsync());
        string id = await client.CreateSessionAsync(new { user = "u1" });
        var env = new MetaRL.Envs.CartPole();
        var obs = env.NewObservation();
        env.Reset(obs, seed: 3);
        int steps = 0;
        while (steps < 20)
        {
            var decision = await client.ActAsync(id, obs);
            Assert.Equal(steps, decision.Step);
            var r = env.Step(decision.DiscreteAction, obs);
            await client.FeedbackAsync(id, r.Reward, terminated: r.Terminated, truncated: r.Truncated);
            steps++;
            if (r.Done) { break; }
        }
        var summary = await client.GetSessionAsync(id);
        Assert.Equal(steps, summary.Steps);
        Assert.Equal(steps, summary.Feedback);
        var error = await Assert.ThrowsAsync<ServeException>(() => client.ActAsync(id, [1f, 2f]));
        Assert.Equal(400, error.Status);
        Assert.Contains("observations have 4", error.Message, StringComparison.Ordinal);
    }
}
