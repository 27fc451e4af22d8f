using System.Net.Http.Headers;
using MetaRL.Learning;
using MetaRL.Serving;
using MetaRL.Tracking;

namespace MetaRL.Tests.Serving;

/// <summary>A PPO CartPole-v1 run of one 512-step iteration, trained once for the serving tests.</summary>
public sealed class ServedRun : IDisposable
{
    public const string Token = "test-token-0123456789abcdef";

    public ServedRun()
    {
        Root = Path.Combine(Path.GetTempPath(), $"metarl-serve-tests-{Guid.NewGuid():N}");
        var cfg = TrainConfig.Resolve([("algo", "ppo"), ("env", "CartPole-v1"), ("seed", "1"), ("total_steps", "512"), ("num_envs", "4"), ("num_steps", "128")]);
        TrainingRun.Execute(cfg, new RunDirectory(Path.Combine(Root, "run")), resume: false);
    }

    public string Root { get; }

    public string Run => Path.Combine(Root, "run");

    /// <summary>A started host on a free loopback port with a fresh log (or <paramref name="store"/>).</summary>
    public async Task<(ServeHost Host, HttpClient Client)> StartAsync(string? store = null, int rateLimit = 100_000, int maxSessions = 1000, long maxBody = 64 * 1024)
    {
        var host = ServeHost.Create(new ServeOptions
        {
            Run = Run, Port = 0, Token = Token, Store = store ?? "sqlite:" + Path.Combine(Root, $"{Guid.NewGuid():N}.db"),
            RateLimit = rateLimit, MaxSessions = maxSessions, MaxBodyBytes = maxBody,
        });
        await host.StartAsync();
        return (host, Client(host.Address));
    }

    public static HttpClient Client(Uri address, string? token = Token)
    {
        var client = new HttpClient { BaseAddress = address };
        if (token is not null) { client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token); }
        return client;
    }

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); }
        catch (IOException) { }
    }
}
