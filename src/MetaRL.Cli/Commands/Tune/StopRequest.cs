namespace MetaRL.Cli.Commands.Tune;

/// <summary>
/// One stop request for a tune run or one of its workers: a signal (the outer token, from <see cref="CtrlC"/>, which
/// handles SIGINT, SIGTERM and SIGHUP and turns them into the exit code) or the supervisor closing a worker's
/// standard input (<see cref="StopWhenInputCloses"/>). The trial in flight finishes or is failed as interrupted and
/// the study stays consistent.
/// </summary>
internal sealed class StopRequest : IDisposable
{
    private readonly CancellationTokenSource _stop;

    public StopRequest(CancellationToken outer) => _stop = CancellationTokenSource.CreateLinkedTokenSource(outer);

    /// <summary>Cancelled by any of the stop requests.</summary>
    public CancellationToken Token => _stop.Token;

    /// <summary>The exit code of a stopped run: 130, as for Ctrl-C (<see cref="CtrlC"/> puts the signal's own code in its
    /// place when a signal stopped it).</summary>
    public int ExitCode => 130;

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

    private void Cancel()
    {
        try { _stop.Cancel(); }
        catch (ObjectDisposedException) { }
    }

    public void Dispose() => _stop.Dispose();
}
