using System.Runtime.InteropServices;

namespace MetaRL.Cli.Commands.Tune;

/// <summary>
/// One stop request for a tune run or one of its workers: Ctrl-C (the outer token, from <see cref="CtrlC"/>),
/// SIGTERM and SIGHUP (what <c>timeout</c>, <c>kill</c>, schedulers and a closed terminal send), or the
/// supervisor closing a worker's standard input (<see cref="StopWhenInputCloses"/>). A signal no longer ends
/// the process at once: the trial in flight finishes or is failed as interrupted, the study stays consistent
/// and the exit code is the shell's 128 + signal number.
/// </summary>
/// <remarks>
/// SIGTERM and SIGHUP are registered here, inside the tune command, because <see cref="CtrlC"/> covered SIGINT
/// only when this was written; where <see cref="CtrlC"/> handles them too, both handlers run and this one only
/// adds the exit code.
/// </remarks>
internal sealed class StopSignals : IDisposable
{
    private const int SigHup = 1, SigInt = 2, SigTerm = 15;
    private readonly CancellationTokenSource _stop;
    private readonly List<PosixSignalRegistration> _registrations = [];
    private int _signal;

    public StopSignals(CancellationToken outer)
    {
        _stop = CancellationTokenSource.CreateLinkedTokenSource(outer);
        if (OperatingSystem.IsWindows()) { return; }
        _registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => OnSignal(c, SigTerm)));
        _registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGHUP, c => OnSignal(c, SigHup)));
    }

    /// <summary>Cancelled by any of the stop requests.</summary>
    public CancellationToken Token => _stop.Token;

    /// <summary>The exit code of a stopped run: 143 after SIGTERM, 129 after SIGHUP, 130 otherwise (Ctrl-C).</summary>
    public int ExitCode => 128 + (Volatile.Read(ref _signal) is int s and > 0 ? s : SigInt);

    /// <summary>
    /// Stops when standard input reaches its end: a supervised worker's input is a pipe from the supervisor,
    /// which closes it to ask the worker to stop, and which the system closes if the supervisor dies, so no
    /// worker outlives it.
    /// </summary>
    public void StopWhenInputCloses()
    {
        var input = Console.OpenStandardInput();
        var watcher = new Thread(() =>
        {
            var buffer = new byte[256];
            try { while (input.Read(buffer, 0, buffer.Length) > 0) { } }
            catch (IOException) { }
            Cancel();
        }) { IsBackground = true, Name = "tune supervisor pipe" };
        watcher.Start();
    }

    private void OnSignal(PosixSignalContext context, int number)
    {
        context.Cancel = true;
        Interlocked.CompareExchange(ref _signal, number, 0);
        Cancel();
    }

    private void Cancel()
    {
        try { _stop.Cancel(); }
        catch (ObjectDisposedException) { }
    }

    public void Dispose()
    {
        foreach (var r in _registrations) { r.Dispose(); }
        _stop.Dispose();
    }
}
