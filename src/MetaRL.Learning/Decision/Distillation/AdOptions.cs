namespace MetaRL.Learning.Decision;

/// <summary>
/// Settings of Algorithm Distillation (Laskin et al. 2022, "In-context Reinforcement Learning with Algorithm
/// Distillation"): the model (<see cref="DecisionModelSettings"/>; its <c>context</c> is the number of consecutive steps
/// of a learning history in one sequence, AD's across-episode context), the optimisation (<see cref="PretrainSettings"/>)
/// and the histories: a dataset folder of source <c>ad</c>, or histories generated into the run (the family's source
/// learner from scratch across <see cref="HistoryEpisodes"/> episodes per task).
/// </summary>
public sealed class AdOptions : DatasetPretrainSettings
{
    /// <summary>Creates the settings with AD's defaults: 1,000 generated histories and a context of 400 steps.</summary>
    public AdOptions()
    {
        DataTasks = 1_000;
        Context = 400;
        ValTasks = 32;
    }

    /// <summary>Episodes of each generated history (the dataset's <c>episodes</c> setting); the family's own
    /// <c>episodes</c> setting is the length of an evaluation trial.</summary>
    /// <value>The default value is 40.</value>
    public int HistoryEpisodes { get; set; } = 40;

    /// <summary>Keep every k-th episode of each history (episodes 0, k, 2k, …), the rest dropped before windows are cut:
    /// the model then sees k episodes of its source's improvement per episode of its context and can learn faster than
    /// its source did (our addition: AD distils a source from its histories as recorded).</summary>
    /// <value>The default value is 1 (every episode).</value>
    public int HistoryStride { get; set; } = 1;

    /// <summary>Validation windows cut from each held-out history, evenly spaced from its start to its end (so the
    /// validation loss weighs early and late learning alike).</summary>
    /// <value>The default value is 4.</value>
    public int ValWindows { get; set; } = 4;

    /// <inheritdoc />
    public override void Validate()
    {
        base.Validate();
        if (HistoryEpisodes < 1) { throw new ConfigException("history_episodes must be at least 1"); }
        if (HistoryStride < 1) { throw new ConfigException("history_stride must be at least 1"); }
        if (ValWindows < 1) { throw new ConfigException("val_windows must be at least 1"); }
    }
}
