namespace MetaRL.Learning.Decision;

/// <summary>
/// One AD row (Laskin et al. 2022): a source learner's whole history on one task, from scratch across one trial of
/// the family's <c>episodes</c> setting, every transition in order, with the return of each episode.
/// </summary>
internal sealed class AdRows(Env env, IHistoryLearner learner, int episodes)
{
    private readonly float[] _obs = env.NewObservation(), _next = env.NewObservation();
    private readonly int _horizon = env.Find<TimeLimit>()?.MaxEpisodeSteps ?? 0;

    /// <summary>Writes the history on the pinned task; every draw comes from <paramref name="rng"/>.</summary>
    public void Write(DecisionBatchBuilder batch, Rng rng) => Play(rng, batch);

    /// <summary>Plays the history on the pinned task without recording it; every draw comes from <paramref name="rng"/>.
    /// Returns the return of each episode.</summary>
    public IReadOnlyList<double> Returns(Rng rng) => Play(rng, null);

    private List<double> Play(Rng rng, DecisionBatchBuilder? batch)
    {
        var returns = new List<double>(episodes);
        env.Reset(_obs, (long)rng.NextULong());
        learner.Begin(_horizon * episodes);
        for (int e = 0; e < episodes; e++)
        {
            if (e > 0) { env.Reset(_obs); }
            float[] obs = _obs, next = _next;
            double total = 0;
            StepResult r;
            do
            {
                int a = learner.Act(rng);
                r = env.Step(a, next);
                learner.Observe(a, r.Reward, r.Terminated);
                batch?.AddTransition(obs, a, r.Reward, next, r.Terminated, r.Truncated);
                total += r.Reward;
                (obs, next) = (next, obs);
            }
            while (!r.Done);
            batch?.AddEpisodeReturn(total);
            returns.Add(total);
        }
        return returns;
    }
}
