using MetaRL.Learning.Decision;
using MetaRL.Learning.Meta;
using MetaRL.Tracking;

namespace MetaRL.Tests.Learning.Decision;

/// <summary>Tiny DPT settings and runs for the tests: a bandit family, a small model, a few hundred rows.</summary>
internal static class DptTestRuns
{
    /// <summary>A 2-arm, 10-pull bandit with a 2-layer model of width 16 and no positions.</summary>
    public static (string Key, string Value)[] TwoArms(int iterations, params (string, string)[] more) =>
    [
        ("algo", "dpt"), ("env", "Bandit-v0"), ("seed", "7"), ("arms", "2"), ("pulls", "10"), ("context", "10"),
        ("n_layer", "2"), ("n_head", "2"), ("d_model", "16"), ("d_ff", "32"), ("positional", "none"),
        ("iterations", iterations.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("warmup_steps", "10"),
        ("learning_rate", "0.003"), ("batch_size", "16"), ("data_tasks", "600"), ("val_tasks", "64"), ("val_every", "50"),
        ("log_every", "5"), ("checkpoint_every", "100"), .. more,
    ];

    /// <summary>Pretrains <paramref name="pairs"/> into run <paramref name="name"/> under <paramref name="root"/>, stopped as
    /// Ctrl-C stops it once <paramref name="stopAfter"/> iterations are done.</summary>
    public static (MetaSetup Setup, RunDirectory Run, PretrainResult Result) Pretrain(string root, string name, (string Key, string Value)[] pairs,
        bool resume = false, long? stopAfter = null)
    {
        var setup = MetaSetup.Parse(pairs);
        var run = new RunDirectory(Path.Combine(root, name));
        using var stop = new CancellationTokenSource();
        var session = new PretrainSession(Resume: resume, Progress: p => { if (p.Step == stopAfter) { stop.Cancel(); } }, Cancel: stop.Token);
        var result = ((IPretrainable)setup.Algorithm).Pretrain(setup, run, session);
        return (setup, run, result);
    }
}
