using MetaRL.Memory;

namespace MetaRL.Envs;

/// <summary>
/// What an id's settings make it hold and run, before anything is built: one environment with its current task
/// (<see cref="Environment"/>), one sampled task on its own (<see cref="Task"/>, what a task set holds per task), and the
/// length of an episode and of an RL² trial in steps. Each memory item is keyed by the setting that sizes it, so the
/// <see cref="MemoryLimit"/> names that setting when it refuses. <see cref="EnvRegistry.Make"/> checks
/// <see cref="Environment"/>; the learning layer multiplies both by its environment and task counts.
/// </summary>
/// <param name="Environment">One environment with its current task (lower bound).</param>
/// <param name="Task">One sampled task, the object and its tables (lower bound).</param>
/// <param name="EpisodeSteps">The time limit: steps per episode.</param>
/// <param name="EpisodeStepsKey">The setting that gives <paramref name="EpisodeSteps"/> (max_steps, pulls, horizon); empty for an id
/// registered without its <see cref="EnvSpec.HorizonKey"/> (then <paramref name="EpisodeSteps"/> is 1).</param>
/// <param name="TrialEpisodes">Episodes per RL² trial (the <c>episodes</c> setting; 1 for ids without one).</param>
public sealed record EnvFootprint(MemoryEstimate Environment, MemoryEstimate Task, int EpisodeSteps, string EpisodeStepsKey, int TrialEpisodes)
{
    /// <summary>Steps of one RL² trial (episodes × steps per episode, in doubles: no overflow).</summary>
    public double TrialSteps => (double)TrialEpisodes * EpisodeSteps;

    /// <summary>The settings that give <see cref="TrialSteps"/>, as a refusal names them.</summary>
    public string TrialStepsKey => (TrialEpisodes > 1, EpisodeStepsKey.Length > 0) switch
    {
        (true, true) => $"episodes × {EpisodeStepsKey}",
        (true, false) => "episodes",
        _ => EpisodeStepsKey,
    };
}
