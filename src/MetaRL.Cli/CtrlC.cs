using System.Runtime.InteropServices;

namespace MetaRL.Cli;

/// <summary>
/// The stop signals as a cancellation token instead of the end of the process: Ctrl-C (SIGINT), SIGTERM (what
/// <c>kill</c>, <c>timeout</c>, Docker and batch schedulers send) and SIGHUP (a closed terminal) all let the work in
/// progress (a training iteration, a meta-iteration, a trial) finish, leave a checkpoint or a consistent study behind,
/// release the run's lock, and end the command with the conventional exit code 128 + the signal's number: 130 for
/// SIGINT, 143 for SIGTERM, 129 for SIGHUP. A second signal ends the process at once. One handler for
/// <c>train</c>, <c>meta-train</c>, <c>tune</c> and the demos.
/// </summary>
internal static class CtrlC
{
    /// <summary>The signals handled, with their conventional numbers.</summary>
    private static readonly (PosixSignal Signal, int Number, string Name)[] Signals =
        [(PosixSignal.SIGINT, 2, "Ctrl-C"), (PosixSignal.SIGTERM, 15, "SIGTERM"), (PosixSignal.SIGHUP, 1, "SIGHUP")];

    /// <summary>
    /// Runs <paramref name="body"/> with a token that a stop signal cancels, for as long as the body runs; returns the
    /// body's exit code, or 128 + the signal's number when a signal stopped it.
    /// </summary>
    /// <param name="body">The command's work; it returns the command's exit code.</param>
    /// <param name="error">Told in one line when a signal arrives (the work may take a while to reach a safe point).</param>
    /// <param name="stopping">What stopping does, as that line says it.</param>
    public static int Run(Func<CancellationToken, int> body, TextWriter? error = null, string stopping = "stopping at the next safe point (a checkpoint is written)")
    {
        ArgumentNullException.ThrowIfNull(body);
        using var cancel = new CancellationTokenSource();
        int received = 0;
        var registrations = new List<PosixSignalRegistration>();
        foreach (var (signal, number, name) in Signals)
        {
            try
            {
                registrations.Add(PosixSignalRegistration.Create(signal, context =>
                {
                    if (Interlocked.CompareExchange(ref received, number, 0) != 0) { return; } // a second signal: the default, the end
                    context.Cancel = true;
                    error?.WriteLine($"{name}: {stopping}; send it again to stop at once.");
                    cancel.Cancel();
                }));
            }
            catch (PlatformNotSupportedException) { } // a signal this platform does not have
        }
        try
        {
            int code = body(cancel.Token);
            return Volatile.Read(ref received) is int n and > 0 ? 128 + n : code;
        }
        finally
        {
            foreach (var r in registrations) { r.Dispose(); }
        }
    }
}
