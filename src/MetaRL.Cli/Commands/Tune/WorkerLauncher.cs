namespace MetaRL.Cli.Commands.Tune;

/// <summary>Starts worker processes (this same program, hidden <c>tune worker</c> subcommand) and waits for them.</summary>
internal static class WorkerLauncher
{
    /// <summary>How long workers may take to stop after Ctrl-C or SIGTERM before they are killed.</summary>
    public static readonly TimeSpan InterruptGrace = TimeSpan.FromSeconds(5);
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

    /// <summary>The start info of worker <paramref name="index"/>: its arguments, the storage in
    /// <see cref="TuneSettings.StorageVariable"/> rather than on the command line, and a pipe on its standard
    /// input that it watches (<c>--supervised</c>): closing it, or the supervisor dying, stops the worker.</summary>
    public static ProcessStartInfo WorkerStartInfo(TuneSettings s, int index)
    {
        var psi = StartInfo([.. s.WorkerArguments(index), "--supervised"]);
        psi.Environment[TuneSettings.StorageVariable] = s.Storage;
        psi.RedirectStandardInput = true;
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
    /// many exited with an error. On <paramref name="cancellation"/> (Ctrl-C, SIGTERM) every worker is told to
    /// stop at once by closing its input pipe, so the stop reaches workers the signal did not (a <c>kill</c> of
    /// this process alone); they get <see cref="InterruptGrace"/> to end their trials and are then killed. When a
    /// worker has exited, any trial it still held in <paramref name="study"/> is failed (as interrupted, after a
    /// stop), so no trial is left Running for the heartbeat reaper of some later run.
    /// </summary>
    public static int RunAll(TuneSettings s, int count, Action poll, TextWriter error, CancellationToken cancellation = default, Study? study = null)
    {
        var gate = new Lock();
        var live = new List<(int Index, Process Process)>();
        int failed = 0;
        Stopwatch? sinceStop = null;
        try
        {
            for (int i = 0; i < count; i++)
            {
                int index = i;
                live.Add((index, Start(s, index, line => { lock (gate) { error.WriteLine($"[worker {index}] {line}"); } })));
            }
            while (live.Count > 0)
            {
                poll();
                cancellation.WaitHandle.WaitOne(TimeSpan.FromMilliseconds(250));
                if (cancellation.IsCancellationRequested && sinceStop is null)
                {
                    sinceStop = Stopwatch.StartNew();
                    foreach (var (_, p) in live) { AskToStop(p); }
                }
                if (sinceStop?.Elapsed > InterruptGrace)
                {
                    foreach (var (_, p) in live) { Kill(p); }
                }
                foreach (var w in live.Where(w => w.Process.HasExited).ToList())
                {
                    live.Remove(w);
                    if (Release(w.Index, w.Process, study, stopped: sinceStop is not null) != 0) { failed++; }
                }
            }
        }
        finally
        {
            // Only reached with workers alive when something failed here: they must not outlive this process.
            foreach (var (_, p) in live) { AskToStop(p); }
            foreach (var (index, p) in live)
            {
                if (!p.WaitForExit(InterruptGrace)) { Kill(p); }
                Release(index, p, study, stopped: true);
            }
        }
        poll();
        return failed;
    }

    private static void AskToStop(Process p)
    {
        try { p.StandardInput.Close(); }
        catch (Exception ex) when (ex is IOException or InvalidOperationException) { }
    }

    private static void Kill(Process p)
    {
        try { p.Kill(entireProcessTree: true); }
        catch (Exception ex) when (ex is InvalidOperationException or System.ComponentModel.Win32Exception) { }
    }

    /// <summary>Waits for an exited worker, fails the trials it still held and returns its exit code.</summary>
    private static int Release(int index, Process p, Study? study, bool stopped)
    {
        p.WaitForExit();
        int code = p.ExitCode;
        string name = TuneSettings.WorkerName(index, p.Id);
        p.Dispose();
        study?.Storage.FailWorkerTrials(study.Info.Id, name,
            stopped ? Study.InterruptedError : string.Create(CultureInfo.InvariantCulture, $"worker process exited with code {code} while running this trial"));
        return code;
    }
}
