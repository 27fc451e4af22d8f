using MetaRL.Memory;

namespace MetaRL.Learning.Decision;

/// <summary>
/// Settings of DPT pretraining (Lee et al. 2023, "Supervised Pretraining Can Learn In-Context Reinforcement Learning"):
/// the model (<see cref="DecisionModelSettings"/>), the optimisation (<see cref="PretrainSettings"/>) and where the
/// pretraining rows come from: a dataset folder written by <c>metarl pretrain-data</c>, or a dataset of
/// <see cref="DatasetPretrainSettings.DataTasks"/> rows that the run generates into its own <c>data/</c> folder from the family, the keys below
/// and the run seed. The context length of the data is the model's <see cref="DecisionModelSettings.Context"/>.
/// </summary>
public sealed partial class DptOptions : DatasetPretrainSettings
{
    /// <summary>The behaviour policy of generated contexts: <c>dirichlet</c>, DPT's bandit mix (per row
    /// p = (1 − c)·Dirichlet(α·1) + c·e_k, c uniform on {0, 0.1, …, 1}), or <c>uniform</c>.</summary>
    /// <value>The default value is <see cref="BehaviourPolicy.Dirichlet"/>.</value>
    public BehaviourPolicy Behaviour { get; set; } = BehaviourPolicy.Dirichlet;

    /// <summary>Concentration α of the Dirichlet behaviour mix.</summary>
    /// <value>The default value is 1 (DPT's).</value>
    public double DirichletAlpha { get; set; } = 1.0;

    /// <summary>How generated contexts are collected: <c>trajectory</c> (episodes through the environment) or
    /// <c>uniform_states</c> (DPT's Dark Room roll-in).</summary>
    /// <value>The default value is <see cref="RollIn.Trajectory"/>.</value>
    public RollIn Rollin { get; set; } = RollIn.Trajectory;

    /// <summary>Present each row's transitions in a fresh random order every time it is drawn (DPT's <c>--shuffle</c>).</summary>
    /// <value>The default value is true.</value>
    public bool ShuffleContext { get; set; } = true;

    /// <inheritdoc />
    /// <remarks>The model's estimate, plus the rows held in memory while training: per transition the observation and
    /// the next one, the action and the reward, per row the query (<see cref="DatasetPretrainSettings.DataTasks"/> rows when generated; a
    /// dataset folder's size is checked when it is opened).</remarks>
    public override MemoryEstimate EstimateMemory(ModelShape shape) =>
        base.EstimateMemory(shape).Buffer("data_tasks", "the pretraining rows in memory", Data.Length == 0 ? DataTasks : 0,
            (double)Context * (2 * shape.Observations + 2) + shape.Observations + 1);

    /// <inheritdoc />
    public override void Validate()
    {
        base.Validate();
        ValidateFinetune();
        ValidateGeneralist();
        if (!(DirichletAlpha > 0 && double.IsFinite(DirichletAlpha))) { throw new ConfigException("dirichlet_alpha must be a finite number > 0"); }
    }
}
