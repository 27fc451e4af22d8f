using MetaRL.Serving;

namespace MetaRL.Cli.Commands;

/// <summary><c>metarl serve --run RUN [--bind 127.0.0.1] [--port 8080] [--store sqlite:PATH]</c>: serves the run's policy
/// over HTTP (<see cref="ServeHost"/>; docs/serving.md) until Ctrl-C or SIGTERM, logging every decision and its feedback.</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var defaults = new ServeOptions { Run = "" };
        var run = new Option<string>("--run") { Description = "Run directory to serve (metarl train: ppo, a2c, reinforce, recurrent ppo; metarl meta-train / demo: maml, reptile, es).", Required = true };
        var bind = new Option<string>("--bind") { Description = "Address to listen on; loopback unless you say otherwise (0.0.0.0 for every interface).", DefaultValueFactory = _ => defaults.Bind };
        var port = new Option<int>("--port") { Description = "TCP port (0: a free one, printed).", DefaultValueFactory = _ => defaults.Port };
        var store = new Option<string?>("--store") { Description = "Feedback log: sqlite:PATH (default: sqlite:RUN/serve.db)." };
        var maxBody = new Option<long>("--max-body") { Description = "Largest request body in bytes (413 above).", DefaultValueFactory = _ => defaults.MaxBodyBytes };
        var rate = new Option<int>("--rate-limit") { Description = "Requests per second per token (429 above).", DefaultValueFactory = _ => defaults.RateLimit };
        var sessions = new Option<int>("--max-sessions") { Description = "Live sessions held at most.", DefaultValueFactory = _ => defaults.MaxSessions };
        var idle = new Option<double>("--idle-timeout") { Description = "Seconds an unused session stays in memory (its rows stay in the log).", DefaultValueFactory = _ => defaults.IdleTimeout.TotalSeconds };
        var seed = new Option<long>("--seed") { Description = "Seed of the sessions' action draws.", DefaultValueFactory = _ => defaults.Seed };
        var command = new Command("serve", "Serve a trained run's policy over HTTP: sessions, act, feedback (logged to SQLite before it is acknowledged), explain, /metrics, /openapi.json; a bearer token on every route but /healthz (METARL_SERVE_TOKEN, or one generated and printed once).")
        {
            run, bind, port, store, maxBody, rate, sessions, idle, seed,
        };
        command.SetAction(parse =>
        {
            double idleSeconds = parse.GetValue(idle);
            if (!(idleSeconds > 0) || double.IsInfinity(idleSeconds)) { throw new UserInputException("--idle-timeout must be a positive number of seconds"); }
            var options = new ServeOptions
            {
                Run = parse.GetValue(run)!, Bind = parse.GetValue(bind)!, Port = parse.GetValue(port), Store = parse.GetValue(store),
                MaxBodyBytes = parse.GetValue(maxBody), RateLimit = parse.GetValue(rate), MaxSessions = parse.GetValue(sessions),
                IdleTimeout = TimeSpan.FromSeconds(idleSeconds), Seed = parse.GetValue(seed),
            };
            return CtrlC.Run(token => Run(options, parse.InvocationConfiguration.Output, token), parse.InvocationConfiguration.Error,
                "stopping: the requests in flight are answered and the log is closed");
        });
        return command;
    }

    internal static int Run(ServeOptions options, TextWriter output, CancellationToken cancellation)
    {
        var host = ServeHost.Create(options);
        try
        {
            host.StartAsync(cancellation).GetAwaiter().GetResult();
            var m = host.Server.Model;
            double ready = (DateTime.Now - Process.GetCurrentProcess().StartTime).TotalSeconds;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Serving {m.Algo} on {m.Env} ({m.Kind}, checkpoint {m.Checkpoint}) as model {host.Server.ModelVersion}; log {host.Server.Log.Path}"));
            if (host.TokenGenerated) { output.WriteLine($"Token (shown once; set METARL_SERVE_TOKEN to choose it): {host.Token}"); }
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Listening on {host.Address} (ready {ready:F2} s after start); Ctrl-C stops."));
            output.Flush();
            cancellation.WaitHandle.WaitOne();
            return 0;
        }
        finally
        {
            host.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }
}
