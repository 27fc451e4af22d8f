using Spectre.Console;

namespace MetaRL.Cli.Commands.Tune;

/// <summary>
/// Progress while a study runs: a live table of the latest trials on a terminal, plain lines otherwise
/// (every new best, plus about twenty progress lines), nothing with --json.
/// </summary>
internal sealed class TrialProgress(Study study, TuneSettings settings, TextWriter output, bool json)
{
    private readonly bool _live = !json && ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected;
    private readonly Queue<FrozenTrial> _recent = new();
    private LiveDisplayContext? _context;
    private double _best = double.NaN;
    private int _seen, _cursor;
    private DateTime _lastRefresh;

    public void Run(Action body)
    {
        if (!_live) { body(); return; }
        AnsiConsole.Live(Render()).AutoClear(false).Start(ctx =>
        {
            _context = ctx;
            body();
            ctx.UpdateTarget(Render());
            ctx.Refresh();
        });
    }

    /// <summary>Called by the in-process loop after each trial.</summary>
    public void OnTrialFinished(FrozenTrial t)
    {
        _seen++;
        if (t.State == TrialState.Complete && (double.IsNaN(_best) || study.IsBetter(t.Value!.Value, _best))) { _best = t.Value!.Value; Line(t, newBest: true); }
        else if (_seen % Math.Max(1, settings.Trials / 20) == 0 || t.State != TrialState.Complete) { Line(t, newBest: false); }
        _recent.Enqueue(t);
        while (_recent.Count > 12) { _recent.Dequeue(); }
        if (_context is not null && DateTime.UtcNow - _lastRefresh > TimeSpan.FromMilliseconds(100))
        {
            _lastRefresh = DateTime.UtcNow;
            _context.UpdateTarget(Render());
        }
    }

    /// <summary>Called while worker processes run: reports trials that finished since the last poll.</summary>
    public void Poll()
    {
        var finished = study.FinishedTrials;
        for (; _cursor < finished.Count; _cursor++) { OnTrialFinished(finished[_cursor]); }
        if (_context is not null) { _context.UpdateTarget(Render()); }
    }

    private void Line(FrozenTrial t, bool newBest)
    {
        if (json || _live) { return; }
        var inv = CultureInfo.InvariantCulture;
        string value = t.Value is double v ? v.ToString("G6", inv) : "-";
        string best = double.IsNaN(_best) ? "-" : _best.ToString("G6", inv);
        string duration = t.Duration is TimeSpan d ? d.TotalSeconds.ToString("F3", inv) + " s" : "";
        string note = t.Error is null ? (newBest ? "  new best" : "") : "  " + t.Error;
        output.WriteLine($"trial {t.Number,5}  {t.State.ToString().ToLowerInvariant(),-8}  value {value,-12}  best {best,-12} {duration}{note}");
    }

    private Table Render()
    {
        var inv = CultureInfo.InvariantCulture;
        var table = new Table().Border(TableBorder.Rounded)
            .Title($"{settings.StudyName}: {_seen}/{settings.Trials} trials, best {(double.IsNaN(_best) ? "-" : _best.ToString("G6", inv))}");
        table.AddColumns("#", "state", "value", "seconds", "params");
        foreach (var t in _recent)
        {
            string ps = string.Join(" ", t.ExternalParams.Take(6).Select(kv => $"{kv.Key}={Format(kv.Value)}"));
            table.AddRow(t.Number.ToString(inv), t.State.ToString(), t.Value?.ToString("G6", inv) ?? "-",
                t.Duration?.TotalSeconds.ToString("F3", inv) ?? "-", Markup.Escape(ps));
        }
        return table;
    }

    internal static string Format(object v) => v is double d ? d.ToString("G5", CultureInfo.InvariantCulture) : Convert.ToString(v, CultureInfo.InvariantCulture) ?? "";
}
