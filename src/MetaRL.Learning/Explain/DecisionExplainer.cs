using MetaRL.Learning.Decision;
using MetaRL.Learning.Meta;

namespace MetaRL.Learning.Explain;

/// <summary>One context position of an explained in-context decision.</summary>
/// <param name="Position">Index in the model's input.</param>
/// <param name="Kind"><c>query</c> (DPT's first token: the observation decided on), <c>transition</c> (a step taken), or
/// <c>current</c> (AD's last token: the step decided on).</param>
/// <param name="Step">The step in the trial (null for DPT's query).</param>
/// <param name="Action">The action taken at that step (null where none was taken yet).</param>
/// <param name="Reward">Its reward (null where none was taken yet).</param>
/// <param name="Mass">The decision's attention weight on the position, averaged over heads and layers.</param>
public sealed record ContextPosition(int Position, string Kind, int? Step, int? Action, double? Reward, double Mass);

/// <summary>The next decision of a pretrained decision transformer after a trial on a held-out task, with the attention
/// it pays to each context step.</summary>
/// <param name="Action">The greedy action.</param>
/// <param name="Probs">The action probabilities.</param>
/// <param name="Steps">Transitions played in the trial.</param>
/// <param name="Positions">The model's input, query first.</param>
/// <param name="MassPerLayer">Attention mass on each position, per layer (mean over heads).</param>
public sealed record DecisionExplanation(int Action, IReadOnlyList<double> Probs, int Steps, IReadOnlyList<ContextPosition> Positions, double[][] MassPerLayer);

/// <summary>
/// <c>metarl explain</c> on a DPT or AD run: one trial of the run's family (the episodes its <c>meta-eval</c> plays) on
/// the held-out task <c>meta-eval --seed S</c> draws first, played in context as <c>meta-eval</c> plays it, then the
/// decision the model would take next, with <see cref="AttentionMass"/> over the context it reads (DPT: the query token,
/// then the most recent transitions that fit; AD: the most recent steps, the one decided on last).
/// </summary>
public static class DecisionExplainer
{
    /// <summary>The evaluation seed unless told otherwise: <c>meta-eval</c>'s.</summary>
    public const long DefaultSeed = 0;

    /// <summary>Explains the next decision of <paramref name="run"/>'s model after one trial on held-out task 0 of seed
    /// <paramref name="seed"/>.</summary>
    /// <exception cref="ConfigException">The run is not a single-family DPT or AD run.</exception>
    public static DecisionExplanation Explain(RunDirectory run, long seed)
    {
        ArgumentNullException.ThrowIfNull(run);
        var meta = MetaRun.Load(run.Root);
        if (meta.Setup.Algorithm is not PretrainedAlgorithm algorithm || meta.Setup.IsMixture)
        {
            throw new ConfigException($"'{run.Root}' is a {meta.Method}{(meta.Setup.IsMixture ? " generalist" : "")} run; explain takes single-task actor-critic runs and single-family dpt and ad runs");
        }
        var model = algorithm.TrainedModel(meta);
        var format = algorithm.Format;
        var tasks = meta.HeldOutTasks(1, seed);
        var history = OnlineActing.Run(model, format, meta.Setup, tasks, algorithm.TrialEpisodes(meta.Setup, tasks), EpisodeEvaluation.Stream(meta.EvalSeed(seed)), greedy: false).Histories[0];
        int length = history.Length(format, model.Settings.Context), width = history.Layout.Width, actions = history.Layout.Actions;
        var data = new float[length * width];
        history.Write(format, length, data);
        var tokens = Tensor.FromArray(data, 1, length, width);
        double[] probs;
        using (Autograd.Autograd.NoGrad())
        {
            var last = Ops.Slice(Ops.Slice(model.Forward(tokens), 1, length - 1, 1), 2, 0, actions);
            probs = Ops.Softmax(Tensor.FromArray(last.ToDoubleArray(), actions)).ToDoubleArray(); // in double: the printed probabilities sum to 1
        }
        var perLayer = AttentionMass.MeanOverHeads(AttentionMass.LastPosition(model.Gpt, tokens));
        int steps = history.Steps;
        var positions = Enumerable.Range(0, length).Select(j =>
        {
            double mass = perLayer.Average(layer => layer[j]);
            if (format == ContextFormat.Dpt && j == 0) { return new ContextPosition(0, "query", null, null, null, mass); }
            int k = format == ContextFormat.Dpt ? steps - (length - j) : steps + 1 - length + j;
            return k == steps
                ? new ContextPosition(j, "current", k, null, null, mass)
                : new ContextPosition(j, "transition", k, history.Actions[k], history.Rewards[k], mass);
        }).ToArray();
        return new DecisionExplanation(Array.IndexOf(probs, probs.Max()), probs, steps, positions, perLayer);
    }
}
