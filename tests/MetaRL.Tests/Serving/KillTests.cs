using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using MetaRL.Serving;

namespace MetaRL.Tests.Serving;

/// <summary>
/// kill -9 of a <c>metarl serve</c> child process while clients act and send feedback: every feedback row the server
/// acknowledged is in the log afterwards, none twice, and the log opens (and passes SQLite's quick check) after each kill.
/// </summary>
public sealed class KillTests(ServedRun run, Xunit.Abstractions.ITestOutputHelper output) : IClassFixture<ServedRun>
{
    [Fact]
    public Task A_kill_9_loses_no_acknowledged_feedback() => Soak(cycles: 1, TimeSpan.FromSeconds(0.5));

    [Fact]
    [Trait("Category", "Slow")]
    public Task A_60_second_soak_killed_every_10_seconds_loses_nothing() => Soak(cycles: 6, TimeSpan.FromSeconds(10));

    [Fact]
    public void Serve_runs_with_tiered_compilation_in_its_own_process()
    {
        // The CLI turns tiering off for training; serve re-executes itself with it on (execve: the same process id).
        if (!OperatingSystem.IsLinux()) { return; }
        using var server = StartChild(Path.Combine(run.Root, $"{Guid.NewGuid():N}.db"), out _);
        try
        {
            string[] environment = File.ReadAllText($"/proc/{server.Id}/environ").Split('\0');
            Assert.Contains("DOTNET_TieredCompilation=1", environment);
        }
        finally
        {
            server.Kill();
            server.WaitForExit();
        }
    }

    private async Task Soak(int cycles, TimeSpan each)
    {
        string db = Path.Combine(run.Root, $"{Guid.NewGuid():N}.db");
        var acknowledged = new ConcurrentDictionary<(string, long), double>();
        var sessions = new ConcurrentQueue<string>();
        long totalAcks = 0;
        for (int cycle = 0; cycle < cycles; cycle++)
        {
            using var server = StartChild(db, out var address);
            using var client = ServedRun.Client(address);
            long acksBefore = Interlocked.Read(ref totalAcks);
            bool killed = false;
            var workers = Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
            {
                // Each worker continues a session of an earlier cycle when there is one (it comes back from the log).
                string? id = sessions.TryDequeue(out var old) ? old : null;
                while (!Volatile.Read(ref killed))
                {
                    try
                    {
                        id ??= await NewSession(client);
                        var act = await client.PostAsync($"/v1/sessions/{id}/act", Json("{\"obs\":[0.01,0.02,0.03,0.04]}"));
                        if (act.StatusCode != HttpStatusCode.OK) { id = null; continue; }
                        long step = JsonDocument.Parse(await act.Content.ReadAsStringAsync()).RootElement.GetProperty("step").GetInt64();
                        double reward = step + 0.5;
                        var fb = await client.PostAsync($"/v1/sessions/{id}/feedback", Json($"{{\"reward\":{reward},\"step\":{step}}}"));
                        if (fb.StatusCode == HttpStatusCode.OK)
                        {
                            Assert.True(acknowledged.TryAdd((id, step), reward), $"step {step} of {id} acknowledged twice");
                            Interlocked.Increment(ref totalAcks);
                        }
                    }
                    catch (HttpRequestException) { break; } // the server is gone
                    catch (TaskCanceledException) { break; }
                }
                if (id is not null) { sessions.Enqueue(id); }
            })).ToArray();
            // The kill comes `each` after the first acknowledgements of the cycle (a loaded machine may take seconds to warm up).
            var warm = DateTime.UtcNow.AddSeconds(60);
            while (Interlocked.Read(ref totalAcks) < acksBefore + 5 && DateTime.UtcNow < warm) { await Task.Delay(20); }
            await Task.Delay(each);
            Volatile.Write(ref killed, true);
            server.Kill(); // SIGKILL: no shutdown, no flush
            await server.WaitForExitAsync();
            await Task.WhenAll(workers);

            await using var log = FeedbackLog.Open("sqlite:" + db); // opens only a readable, undamaged file
            var stored = log.FeedbackKeys();
            Assert.Equal(stored.Count, stored.Select(r => (r.Session, r.Step)).Distinct().Count());
            var byKey = stored.ToDictionary(r => (r.Session, r.Step), r => r.Reward);
            foreach (var (key, reward) in acknowledged)
            {
                Assert.True(byKey.TryGetValue(key, out double logged), $"acknowledged feedback {key} lost after kill {cycle + 1}");
                Assert.Equal(reward, logged);
            }
            output.WriteLine($"kill {cycle + 1}: {acknowledged.Count} feedback rows acknowledged so far, {stored.Count} in the log, none lost, none twice");
        }
        Assert.True(totalAcks >= cycles, $"only {totalAcks} feedback rows were acknowledged: the test did not exercise the server");
    }

    private static async Task<string> NewSession(HttpClient client)
    {
        var r = await client.PostAsync("/v1/sessions", Json("{}"));
        r.EnsureSuccessStatusCode();
        return JsonDocument.Parse(await r.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    /// <summary><c>dotnet metarl.dll serve</c> on a free port; returns once it prints its address.</summary>
    private System.Diagnostics.Process StartChild(string db, out Uri address)
    {
        var start = new System.Diagnostics.ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "metarl.dll"), "serve", "--run", run.Run, "--port", "0", "--store", "sqlite:" + db })
        {
            start.ArgumentList.Add(a);
        }
        start.Environment["METARL_SERVE_TOKEN"] = ServedRun.Token;
        start.Environment.Remove("DOTNET_TieredCompilation"); // serve sets it itself, in its own process image
        var process = System.Diagnostics.Process.Start(start)!;
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            string? line = process.StandardOutput.ReadLine();
            if (line is null) { throw new InvalidOperationException($"metarl serve exited: {process.StandardError.ReadToEnd()}"); }
            if (line.StartsWith("Listening on ", StringComparison.Ordinal))
            {
                address = new Uri(line["Listening on ".Length..].Split(' ')[0]);
                return process;
            }
            if (DateTime.UtcNow > deadline) { process.Kill(); throw new TimeoutException("metarl serve did not start"); }
        }
    }
}
