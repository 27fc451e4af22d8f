namespace MetaRL.Cli.Commands.Bench;

/// <summary>
/// One RL² minibatch through each recurrent cell: a sequence of <see cref="Steps"/> steps × <see cref="Batch"/>
/// trials with <see cref="Inputs"/> inputs (a tabular MDP's trial observation) into <see cref="Hidden"/> units,
/// forward and backward of the sum of the outputs; the median milliseconds of several runs after a warm-up.
/// </summary>
internal static class RecurrenceBench
{
    public const int Steps = 100;
    public const int Batch = 64;
    public const int Inputs = 19;
    public const int Hidden = 128;

    /// <summary>The cells measured, by the names RL²'s <c>cell</c> option uses.</summary>
    public static readonly string[] Cells = ["gru", "lstm", "counting_lstm"];

    /// <summary>Median milliseconds of forward plus backward for <paramref name="cell"/>.</summary>
    public static double Measure(string cell, int samples)
    {
        var rng = new Rng(7);
        Module module = cell switch
        {
            "gru" => new Gru(Inputs, Hidden, rng),
            "lstm" => new Lstm(Inputs, Hidden, rng),
            "counting_lstm" => new Lstm(Inputs, Hidden, rng, variant: LstmVariant.Counting),
            _ => throw new ArgumentOutOfRangeException(nameof(cell), cell, "Unknown cell."),
        };
        var x = Tensor.RandN([Steps, Batch, Inputs], rng);
        void Once()
        {
            var outputs = module is Gru gru ? gru.Forward(x).Outputs : ((Lstm)module).Forward(x).Outputs;
            module.ZeroGrad();
            Ops.Sum(outputs).Backward();
        }
        for (int i = 0; i < 3; i++) { Once(); }
        var times = new double[samples];
        for (int s = 0; s < samples; s++)
        {
            long start = Stopwatch.GetTimestamp();
            Once();
            times[s] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }
        Array.Sort(times);
        return times[samples / 2];
    }
}
