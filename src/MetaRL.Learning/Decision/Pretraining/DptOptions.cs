namespace MetaRL.Learning.Decision;

/// <summary>
/// Settings of DPT pretraining (Lee et al. 2023, "Supervised Pretraining Can Learn In-Context Reinforcement Learning"):
/// the model (<see cref="DecisionModelSettings"/>), the optimisation (<see cref="PretrainSettings"/>) and where the
/// pretraining rows come from: a dataset folder, or rows generated into the run from the family and the run seed.
/// </summary>
public sealed partial class DptOptions : DatasetPretrainSettings
{
    /// <summary>The behaviour policy of generated contexts.</summary>
    /// <value>The default value is <see cref="ContextBehaviour.Dirichlet"/>.</value>
    public ContextBehaviour Behaviour { get; set; } = ContextBehaviour.Dirichlet;

    /// <summary>Present each row's transitions in a fresh random order every time it is drawn (DPT's <c>--shuffle</c>).</summary>
    /// <value>The default value is true.</value>
    public bool ShuffleContext { get; set; } = true;

    /// <inheritdoc />
    public override void Validate()
    {
        base.Validate();
        ValidateFinetune();
    }
}
