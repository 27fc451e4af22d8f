using System.Diagnostics;

namespace MetaRL.Cli.Commands.Tune;

/// <summary>Starts worker processes (this same program, hidden <c>tune worker</c> subcommand) and waits for them.</summary>
internal static class WorkerLauncher
{
    /// <summary>How long workers may take to stop after Ctrl-C before they are killed.</summary>
    public static readonly TimeSpan InterruptGrace = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The command that re-invokes this program: the <c>metarl</c> apphost when that is what runs, otherwise
    /// the dotnet host with this assembly (covers <c>dotnet metarl.dll</c>, <c>dotnet run</c> and test hosts).
    /// </summary>
    public static ProcessStartInfo StartInfo(IEnumerable<string> arguments)
    {
        var self = Environment.ProcessPath;
        ProcessStartInfo psi;
        if (self is not null && Path.GetFileNameWithoutExtension(self).Equals("metarl", StringComparison.OrdinalIgnoreCase))
        {
            psi = new ProcessStartInfo(self);
        }
        else
        {
            string host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH")
                ?? (self is not null && Path.GetFileNameWithoutExtension(self) == "dotnet" ? self : "dotnet");
            psi = new ProcessStartInfo(host);
            psi.ArgumentList.Add(typeof(CliApp).Assembly.Location);
        }
        foreach (var a in arguments) { psi.ArgumentList.Add(a); }
        psi.UseShellExecute = false;
        psi.RedirectStandardOutput = true;
        psi.RedirectStandardError = true;
        return psi;
    }

    /// <summary>The start info of worker <paramref name="index"/>: its arguments, and the storage in
    /// <see cref="TuneSettings.StorageVariable"/> rather than on the command line.</summary>
    public static ProcessStartInfo WorkerStartInfo(TuneSettings s, int index)
    {
        var psi = StartInfo(s.WorkerArguments(index));
        psi.Environment[TuneSettings.StorageVariable] = s.Storage;
        return psi;
    }

    /// <summary>Starts a worker whose standard error lines go to <paramref name="onError"/>.</summary>
    public static Process Start(TuneSettings s, int index, Action<string> onError)
    {
        var p = new Process { StartInfo = WorkerStartInfo(s, index) };
        p.ErrorDataReceived += (_, e) => { if (e.Data is not null) { onError(e.Data); } };
        p.OutputDataReceived += (_, _) => { };
        p.Start();
        p.BeginErrorReadLine();
        p.BeginOutputReadLine();
        return p;
    }

    /// <summary>
    /// Runs <paramref name="count"/> workers to completion, calling <paramref name="poll"/> meanwhile; returns how
    /// many failed. After <paramref name="cancellation"/> (Ctrl-C, which the terminal also delivers to the workers)
    /// the workers get <see cref="InterruptGrace"/> to finish their trials and are then killed; a killed worker's
    /// trial is failed by the heartbeat reaper when the study next runs.
    /// </summary>
    public static int RunAll(TuneSettings s, int count, Action poll, TextWriter error, CancellationToken cancellation = default)
    {
        var gate = new Lock();
        var procs = Enumerable.Range(0, count).Select(i => Start(s, i, line => { lock (gate) { error.WriteLine($"[worker {i}] {line}"); } })).ToList();
        Stopwatch? sinceCancel = null;
        while (!procs.All(p => p.HasExited))
        {
            poll();
            Thread.Sleep(250);
            if (cancellation.IsCancellationRequested)
            {
                sinceCancel ??= Stopwatch.StartNew();
                if (sinceCancel.Elapsed > InterruptGrace)
                {
                    foreach (var p in procs.Where(p => !p.HasExited)) { p.Kill(entireProcessTree: true); }
                }
            }
        }
        poll();
        int failed = 0;
        foreach (var p in procs)
        {
            p.WaitForExit();
            if (p.ExitCode != 0) { failed++; }
            p.Dispose();
        }
        return failed;
    }
}
