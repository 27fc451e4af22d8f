using MetaRL.Learning.Meta;

namespace MetaRL.Learning.Decision;

/// <summary>DPT's part of <see cref="DecisionPretrainer"/>: its model with the LoRA adapters its options ask for, its rows
/// (<see cref="DptData"/>), the base run of a fine-tuning and the adapter files (<see cref="DptFinetune"/>).</summary>
public sealed class DptRecipe(MetaSetup setup) : IPretrainRecipe
{
    private readonly DptOptions _options = (DptOptions)setup.LearnerOptions;
    private DptDataPlan? _plan;
    private IReadOnlyList<DptDataPlan>? _plans; // a generalist's, one per family

    /// <inheritdoc />
    public PretrainSettings Options => _options;

    /// <inheritdoc />
    public DecisionTransformer CreateModel() => DptAlgorithm.CreateModel(setup);

    /// <inheritdoc />
    public void PrepareData(Action<string>? log)
    {
        if (setup.IsMixture) { _plans = MixtureData.Plan(setup); }
        else { _plan = DptData.Plan(setup, _options); }
    }

    /// <inheritdoc />
    public IPretrainCorpus LoadData(string runRoot, Action<string>? log) => setup.IsMixture
        ? MixtureData.Load(setup, _plans ?? MixtureData.Plan(setup), DptAlgorithm.Layout(setup), runRoot, log)
        : DptData.Load(_plan ?? DptData.Plan(setup, _options), runRoot, _options, log);

    /// <inheritdoc />
    public void LoadBase(DecisionTransformer model, Action<string>? log) => DptFinetune.LoadBase(model, setup.Run.InitFrom, log);

    /// <inheritdoc />
    public IReadOnlyList<Tensor> Trainable(DecisionTransformer model) => DptFinetune.Trainable(model);

    /// <inheritdoc />
    public void WriteOutputs(DecisionTransformer model, RunDirectory run) => DptFinetune.WriteOutputs(model, setup, run);
}
