namespace MetaRL.Learning.Decision;

/// <summary>A minibatch as a decision model reads it: tokens [B, T, width] and one action label per position
/// ([B·T, 1], Int32), scored by <see cref="DptLoss"/> (the mean cross-entropy over every position).</summary>
public sealed record PretrainBatch(Tensor Tokens, Tensor Labels, int Rows)
{
    /// <summary>Added to the logits before the loss ([B·T, A]: −∞ at the actions a row's family does not have), or null.</summary>
    public Tensor? Mask { get; init; }

    /// <summary>The family of a generalist's validation batch (its validation loss is logged on its own), or null.</summary>
    public string? Group { get; init; }
}

/// <summary>
/// The rows one pretraining objective learns from (DPT's query-labelled contexts, AD's windows of learning histories),
/// as <see cref="DecisionPretrainer"/> consumes them: minibatches drawn from a generator (so a resumed run draws what an
/// uninterrupted one would) and fixed validation minibatches.
/// </summary>
public interface IPretrainCorpus
{
    /// <summary>Tokens per sequence (for tokens/s).</summary>
    int SequenceTokens { get; }

    /// <summary>A training minibatch of <paramref name="rows"/> sequences, every choice (rows, windows, orders) drawn
    /// from <paramref name="rng"/>.</summary>
    PretrainBatch Draw(int rows, Rng rng);

    /// <summary>The validation sequences in a fixed order, in minibatches of at most <paramref name="rows"/>.</summary>
    IEnumerable<PretrainBatch> ValidationBatches(int rows);
}

/// <summary>
/// What differs between the pretrained decision models (<see cref="DptAlgorithm"/>, <see cref="AdAlgorithm"/>) around the
/// one pretraining loop (<see cref="DecisionPretrainer"/>): the settings, the model, the data, a base run to start
/// from, the parameters that train, and the files a finished run leaves.
/// </summary>
public interface IPretrainRecipe
{
    /// <summary>The optimisation settings.</summary>
    PretrainSettings Options { get; }

    /// <summary>A fresh model, its weights drawn from the run seed.</summary>
    DecisionTransformer CreateModel();

    /// <summary>Checks (and may read) the training data before the run folder is touched, so bad data leaves it alone;
    /// <paramref name="log"/> hears where they come from.</summary>
    void PrepareData(Action<string>? log);

    /// <summary>The training and validation data, once the run folder is ready (rows generated into the run go to its
    /// <c>data/</c> folder).</summary>
    IPretrainCorpus LoadData(string runRoot, Action<string>? log);

    /// <summary>Loads the weights a fresh run starts from (nothing for a plain pretraining).</summary>
    void LoadBase(DecisionTransformer model, Action<string>? log);

    /// <summary>The parameters the optimiser moves.</summary>
    IReadOnlyList<Tensor> Trainable(DecisionTransformer model);

    /// <summary>Writes what a completed run leaves beside its checkpoints (called last).</summary>
    void WriteOutputs(DecisionTransformer model, RunDirectory run);
}
