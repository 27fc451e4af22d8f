using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MetaRL.Serving;

/// <summary>
/// <c>metarl serve</c>'s library entry point: loads the run's policy, opens the feedback log and builds the Kestrel
/// application (<see cref="ServeRoutes"/>), secured as <see cref="ServeOptions"/> says. <see cref="StartAsync"/> returns
/// once the server listens.
/// </summary>
public sealed class ServeHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly RateLimiter _limiter;

    private ServeHost(WebApplication app, RateLimiter limiter, ModelServer server, string token, bool tokenGenerated)
    {
        _app = app;
        _limiter = limiter;
        Server = server;
        Token = token;
        TokenGenerated = tokenGenerated;
    }

    /// <summary>The request handling behind the routes.</summary>
    public ModelServer Server { get; }

    /// <summary>The bearer token clients must present.</summary>
    public string Token { get; }

    /// <summary>True when the token was generated here (the caller prints it once).</summary>
    public bool TokenGenerated { get; }

    /// <summary>The address the server listens on (after <see cref="StartAsync"/>).</summary>
    public Uri Address => new(_app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First());

    /// <summary>Loads <paramref name="options"/>' run, opens its log and builds the server (not yet listening).</summary>
    /// <exception cref="ConfigException">Bad settings, or a run serve does not take.</exception>
    /// <exception cref="RunFormatException">The run has no readable checkpoint.</exception>
    /// <exception cref="FeedbackLogException">The store cannot be opened.</exception>
    public static ServeHost Create(ServeOptions options, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        time ??= TimeProvider.System;
        string? token = options.Token ?? Environment.GetEnvironmentVariable("METARL_SERVE_TOKEN");
        bool generated = string.IsNullOrEmpty(token);
        if (generated) { token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).Replace('+', '-').Replace('/', '_'); }
        else if (token!.Length < 16) { throw new ConfigException("METARL_SERVE_TOKEN must have at least 16 characters"); }
        var run = ServedModels.Open(options.Run);
        // The model loads while the log opens and the web host is built: start-up is mostly JIT, on both cores.
        var loading = Task.Run(() => ServedModels.Load(options.Run));
        FeedbackLog? log = null;
        try
        {
            log = FeedbackLog.Open(options.Store ?? "sqlite:" + run.File("serve.db"));
            var (app, metrics, limiter) = Build(options, token!);
            var model = loading.GetAwaiter().GetResult();
            string version = log.RegisterVersion(run.Root, model.Checkpoint);
            var server = new ModelServer(model, log, version, new SessionTable(options.MaxSessions, options.IdleTimeout, time), options.Seed);
            ServeRoutes.Map(app, server, metrics);
            return new ServeHost(app, limiter, server, token!, generated);
        }
        catch
        {
            try { loading.Wait(); } catch (AggregateException) { } // never leave the load running behind a failure
            log?.DisposeAsync().AsTask().GetAwaiter().GetResult();
            throw;
        }
    }

    /// <summary>Starts listening.</summary>
    public Task StartAsync(CancellationToken cancellation = default) => _app.StartAsync(cancellation);

    /// <summary>Stops, then commits what the log holds queued.</summary>
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        await _limiter.DisposeAsync().ConfigureAwait(false);
        await Server.Log.DisposeAsync().ConfigureAwait(false);
    }

    private static (WebApplication App, ServeMetrics Metrics, RateLimiter Limiter) Build(ServeOptions options, string token)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders(); // no request logs, no exception pages: the token and internals stay out of any output
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Limits.MaxRequestBodySize = options.MaxBodyBytes;
            k.Limits.MaxRequestHeadersTotalSize = 16 * 1024;
            k.Listen(options.Bind == "localhost" ? IPAddress.Loopback : IPAddress.Parse(options.Bind), options.Port);
        });
        builder.Services.AddOpenApi();
        var app = builder.Build();
        // The server has one token, so the per-token limit is one bucket, taken after the token is checked.
        var limiter = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = options.RateLimit, TokensPerPeriod = options.RateLimit, ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0, AutoReplenishment = true,
        });
        var metrics = new ServeMetrics();
        byte[] expected = Encoding.UTF8.GetBytes("Bearer " + token);
        app.Use(async (ctx, next) =>
        {
            long start = Stopwatch.GetTimestamp();
            try
            {
                if (ctx.Request.Path != "/healthz")
                {
                    if (!Authorized(ctx, expected))
                    {
                        ctx.Response.Headers.WWWAuthenticate = "Bearer";
                        await ServeRoutes.Error(ctx, 401, "missing or wrong bearer token (Authorization: Bearer TOKEN)", ctx.RequestAborted).ConfigureAwait(false);
                        return;
                    }
                    using var lease = limiter.AttemptAcquire();
                    if (!lease.IsAcquired)
                    {
                        await ServeRoutes.Error(ctx, 429, "rate limit exceeded; retry later", ctx.RequestAborted).ConfigureAwait(false);
                        return;
                    }
                }
                await next(ctx).ConfigureAwait(false);
            }
            catch (Exception ex) when (!ctx.Response.HasStarted && ex is not OperationCanceledException)
            {
                // Never a stack trace or a path in a response: the type goes to the server's own error stream.
                Console.Error.WriteLine($"serve: {ctx.Request.Method} {(ctx.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "?"} failed: {ex.GetType().Name}");
                await ServeRoutes.Error(ctx, 500, "internal error", ctx.RequestAborted).ConfigureAwait(false);
            }
            finally
            {
                string route = (ctx.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "unmatched";
                metrics.Observe(route, ctx.Response.StatusCode, Stopwatch.GetElapsedTime(start));
            }
        });
        return (app, metrics, limiter);
    }

    private static bool Authorized(HttpContext ctx, byte[] expected)
    {
        var header = ctx.Request.Headers.Authorization;
        if (header.Count != 1 || header[0] is not { } value) { return false; }
        Span<byte> given = stackalloc byte[256];
        if (value.Length > given.Length || !Encoding.UTF8.TryGetBytes(value, given, out int n)) { return false; }
        return CryptographicOperations.FixedTimeEquals(given[..n], expected);
    }
}
