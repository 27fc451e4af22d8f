namespace MetaRL.Cli;

/// <summary>
/// Ctrl-C as a cancellation token instead of the end of the process: the work in progress (a training
/// iteration, a meta-iteration, a trial) finishes, a checkpoint or a consistent study is left behind and
/// the command prints what ran. One handler for <c>train</c>, <c>meta-train</c> and <c>tune</c>.
/// </summary>
internal static class CtrlC
{
    /// <summary>Runs <paramref name="body"/> with a token that Ctrl-C cancels, for as long as the body runs.</summary>
    public static T Run<T>(Func<CancellationToken, T> body)
    {
        using var cancel = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        try { return body(cancel.Token); }
        finally { Console.CancelKeyPress -= onCancel; }
    }
}
