using System.Net;
using MetaRL.Distributed;
using Microsoft.Extensions.Hosting;

namespace MetaRL.Cli.Commands;

/// <summary>
/// <c>metarl cluster silo [--clustering localhost|postgres:CONN] [--port 11111 --gateway-port 30000]</c>: a worker silo
/// of an Orleans cluster that runs the meta-batch tasks of <c>meta-train --cluster</c> runs (docs/distributed.md). It
/// runs until Ctrl-C, SIGTERM or SIGHUP, then stops gracefully: it finishes the calls in progress and leaves the
/// membership (exit code 130, 143 or 129, as the training commands).
/// </summary>
internal static class ClusterCommand
{
    public static Command Create() => CommandGroup.Create("cluster", "Orleans cluster for distributed meta-training (docs/distributed.md).", Silo(), Probe());

    /// <summary><c>metarl cluster probe --cluster C [--floats 1000,1000000] [--calls 500]</c>: microseconds per grain call
    /// (a payload sent, its size answered) for each payload size, the overhead a meta-batch task pays beyond its work.</summary>
    private static Command Probe()
    {
        var cluster = new Option<string>("--cluster") { Description = "localhost[:GATEWAY,…] or postgres:CONNECTION_STRING.", DefaultValueFactory = _ => "localhost" };
        var clusterId = new Option<string>("--cluster-id") { Description = $"The silos' cluster id (default {SiloHostOptions.DefaultClusterId}).", DefaultValueFactory = _ => SiloHostOptions.DefaultClusterId };
        var floats = new Option<string>("--floats") { Description = "Payload sizes in floats, comma-separated; 4 KB and 4 MB (default 1000,1000000).", DefaultValueFactory = _ => "1000,1000000" };
        var calls = new Option<int>("--calls") { Description = "Measured calls per size (default 500; 50 more warm up).", DefaultValueFactory = _ => 500 };
        var json = new Option<bool>("--json") { Description = "One JSON object per size instead of a table line." };
        var command = new Command("probe", "Measure the time of a grain call with a small and a large payload (µs per call).") { cluster, clusterId, floats, calls, json };
        command.SetAction(parse =>
        {
            var o = parse.InvocationConfiguration.Output;
            var sizes = parse.GetValue(floats)!.Split(',').Select(s => int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out int n) ? n
                : throw new UserInputException($"--floats '{s}' is not a count")).ToArray();
            int n = parse.GetValue(calls);
            if (n < 1) { throw new UserInputException("--calls must be at least 1"); }
            using var connection = ClusterClientHost.Connect(Membership(parse.GetValue(cluster)!), parse.GetValue(clusterId)!);
            foreach (int size in sizes)
            {
                var r = PayloadProbe.Measure(connection.Client, size, size >= 100_000 ? Math.Max(1, n / 10) : n);
                o.WriteLine(parse.GetValue(json)
                    ? JsonSerializer.Serialize(new { floats = r.Floats, bytes = r.Bytes, calls = r.Calls, mean_us = r.MeanMicroseconds, median_us = r.MedianMicroseconds })
                    : string.Create(CultureInfo.InvariantCulture, $"{r.Bytes,12:N0} bytes  {r.Calls,5} calls  mean {r.MeanMicroseconds,10:F1} us  median {r.MedianMicroseconds,10:F1} us"));
            }
            return 0;
        });
        return command;
    }

    private static Command Silo()
    {
        var defaults = new SiloHostOptions();
        var clustering = new Option<string>("--clustering") { Description = "localhost (development clustering on this machine; the silo on --primary-port keeps the membership) or postgres:CONNECTION_STRING (membership tables in PostgreSQL, created when missing).", DefaultValueFactory = _ => "localhost" };
        var port = new Option<int>("--port") { Description = $"Silo-to-silo port (default {defaults.Port}; a second silo on this machine: 11112).", DefaultValueFactory = _ => defaults.Port };
        var gateway = new Option<int>("--gateway-port") { Description = $"Port runs connect to (default {defaults.GatewayPort}; a second silo: 30001).", DefaultValueFactory = _ => defaults.GatewayPort };
        var primary = new Option<int>("--primary-port") { Description = $"localhost clustering: the silo port of the first silo (default {defaults.PrimaryPort}).", DefaultValueFactory = _ => defaults.PrimaryPort };
        var advertise = new Option<string>("--advertise") { Description = "postgres clustering: the address other machines reach this silo at; 127.0.0.1 serves this machine only.", DefaultValueFactory = _ => defaults.Advertise.ToString() };
        var clusterId = new Option<string>("--cluster-id") { Description = $"Cluster id; runs pass the same --cluster-id (default {defaults.ClusterId}).", DefaultValueFactory = _ => defaults.ClusterId };
        var fast = new Option<bool>("--fast-failure-detection") { Description = "Declare a silo that stops answering dead after a few seconds instead of Orleans' tens of seconds (a killed silo's tasks re-run sooner; a silo stalled by load may be dropped)." };
        var supervised = new Option<bool>("--supervised") { Description = "Also stop when standard input closes (a parent process holding the pipe ended).", Hidden = true };
        var command = new Command("silo", "Run a worker silo until Ctrl-C (meta-train --cluster sends it meta-batch tasks).")
        {
            clustering, port, gateway, primary, advertise, clusterId, fast, supervised,
        };
        command.SetAction(parse =>
        {
            var o = parse.InvocationConfiguration.Output;
            var options = new SiloHostOptions
            {
                Membership = Membership(parse.GetValue(clustering)!),
                Port = Port(parse.GetValue(port), "--port"),
                GatewayPort = Port(parse.GetValue(gateway), "--gateway-port"),
                PrimaryPort = Port(parse.GetValue(primary), "--primary-port"),
                Advertise = IPAddress.TryParse(parse.GetValue(advertise), out var ip) ? ip : throw new UserInputException($"--advertise '{parse.GetValue(advertise)}' is not an IP address"),
                ClusterId = parse.GetValue(clusterId) is { Length: > 0 } id ? id : throw new UserInputException("--cluster-id is empty"),
                FastFailureDetection = parse.GetValue(fast),
            };
            if (options.Port == options.GatewayPort) { throw new UserInputException($"--port and --gateway-port are both {options.Port}"); }
            bool watchInput = parse.GetValue(supervised);
            return CtrlC.Run(signal =>
            {
                using var stop = CancellationTokenSource.CreateLinkedTokenSource(signal);
                if (watchInput) { _ = Task.Run(() => { Console.In.ReadToEnd(); stop.Cancel(); }, CancellationToken.None); }
                var token = stop.Token;
                using var host = SiloHost.Build(options);
                try
                {
                    host.StartAsync(token).GetAwaiter().GetResult();
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    throw new UserInputException($"the silo could not start on {options.Membership} (port {options.Port}, gateway {options.GatewayPort}): {ex.GetBaseException().Message.Split('\n')[0].Trim()}");
                }
                o.WriteLine($"silo ready: {options.Advertise}:{options.Port} (gateway {options.GatewayPort}), cluster '{options.ClusterId}' on {options.Membership}; Ctrl-C stops it");
                o.Flush();
                token.WaitHandle.WaitOne();
                host.StopAsync(TimeSpan.FromSeconds(30)).GetAwaiter().GetResult();
                o.WriteLine("silo stopped");
                return 0;
            }, parse.InvocationConfiguration.Error, stopping: "stopping the silo (its calls in progress finish, it leaves the cluster)");
        });
        return command;
    }

    /// <summary>The clustering of a <c>--clustering</c> or <c>--cluster</c> value; a malformed one is the user's mistake.</summary>
    public static ClusterMembership Membership(string value)
    {
        try { return ClusterMembership.Parse(value); }
        catch (ArgumentException ex) { throw new UserInputException(ex.Message); }
    }

    private static int Port(int value, string name) =>
        value is >= 1 and <= 65535 ? value : throw new UserInputException($"{name} {value} is not a port (1-65535)");
}
