using MetaRL.Learning.Meta;

namespace MetaRL.Learning.Decision;

/// <summary>
/// A <see cref="MetaAlgorithm"/> row that learns by supervised pretraining (<c>metarl pretrain</c>, one
/// <see cref="DecisionPretrainer"/> loop around the algorithm's <see cref="IPretrainRecipe"/>) and adapts in context,
/// with no gradient step; <c>metarl meta-train</c> refuses it.
/// </summary>
public abstract class PretrainedAlgorithm : MetaAlgorithm, IPretrainable
{
    /// <inheritdoc />
    public override bool AdaptsByGradient => false;

    /// <inheritdoc />
    public override MetaLearner CreateLearner(MetaSetup setup) =>
        throw new ConfigException($"{Name} learns by supervised pretraining on a dataset of tasks, not by meta-iterations: run 'metarl pretrain --algo {Name}'");

    /// <inheritdoc />
    public PretrainResult Pretrain(MetaSetup setup, RunDirectory run, PretrainSession session)
    {
        ArgumentNullException.ThrowIfNull(setup);
        return new DecisionPretrainer(setup, Recipe(setup), run).Run(session);
    }

    /// <summary>What this algorithm's pretraining of <paramref name="setup"/> trains and on what.</summary>
    protected abstract IPretrainRecipe Recipe(MetaSetup setup);
}
