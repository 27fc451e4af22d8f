using MetaRL.Memory;

namespace MetaRL.Learning.Decision;

/// <summary>
/// The shape of an in-context decision model: a GPT-style causal transformer over transition tokens (Lee et al. 2023,
/// "Supervised Pretraining Can Learn In-Context Reinforcement Learning"). The defaults are DPT's bandit model
/// (4 layers, width 32, GPT-2's MLP of 4·width) with 4 heads instead of its 1; keys are snake_case in configs
/// (<c>n_layer</c>, <c>d_model</c>, …).
/// </summary>
public class DecisionModelSettings : ILearnerOptions
{
    /// <summary>Transformer blocks.</summary>
    /// <value>The default value is 4.</value>
    public int NLayer { get; set; } = 4;

    /// <summary>Attention heads per block; must divide <see cref="DModel"/>.</summary>
    /// <value>The default value is 4.</value>
    public int NHead { get; set; } = 4;

    /// <summary>Width of the residual stream (the token embedding).</summary>
    /// <value>The default value is 32.</value>
    public int DModel { get; set; } = 32;

    /// <summary>Hidden width of each block's MLP.</summary>
    /// <value>The default value is 128.</value>
    public int DFf { get; set; } = 128;

    /// <summary>Transitions in a context (the query token comes on top: sequences are <c>context + 1</c> tokens).</summary>
    /// <value>The default value is 100.</value>
    public int Context { get; set; } = 100;

    /// <summary>Dropout probability on the embedded tokens while training (DPT's bandit runs used 0).</summary>
    /// <value>The default value is 0.</value>
    public double Dropout { get; set; }

    /// <summary>Positional embedding: <c>learned</c> (GPT-2's) or <c>none</c>.</summary>
    /// <value>The default value is <see cref="PositionalEmbedding.Learned"/>.</value>
    public PositionalEmbedding Positional { get; set; } = PositionalEmbedding.Learned;

    /// <inheritdoc />
    /// <remarks>Parameters (attention 4·d², MLP 2·d·d_ff per block, the token and positional embeddings, the action head)
    /// held four times (weights, gradients, AdamW's two moments), and one sequence's activations kept for the backward
    /// pass (about a dozen d_model-wide rows and the attention scores per token and block).</remarks>
    public virtual MemoryEstimate EstimateMemory(ModelShape shape)
    {
        double d = DModel, tokens = (double)Context + 1;
        double perBlock = 4 * d * d + 4 * d + 2 * d * DFf + DFf + d + 4 * d;
        double embed = (shape.Observations + shape.Actions + 1) * d + d + tokens * d;
        double parameters = NLayer * perBlock + embed + d * shape.Actions + shape.Actions;
        return new MemoryEstimate()
            .Parameters("d_model", parameters, 4, "weights, gradients, AdamW moments")
            .Buffer("context", "one sequence's activations", tokens * NLayer, 12 * d + (double)NHead * tokens + DFf);
    }

    /// <inheritdoc />
    public virtual void Validate()
    {
        if (NLayer < 1) { throw new ConfigException("n_layer must be at least 1"); }
        if (NHead < 1) { throw new ConfigException("n_head must be at least 1"); }
        if (DModel < 1) { throw new ConfigException("d_model must be at least 1"); }
        if (DModel % NHead != 0) { throw new ConfigException($"d_model ({DModel}) must be a multiple of n_head ({NHead})"); }
        if (DFf < 1) { throw new ConfigException("d_ff must be at least 1"); }
        if (Context < 1) { throw new ConfigException("context must be at least 1"); }
        if (!(Dropout >= 0 && Dropout < 1)) { throw new ConfigException($"dropout must lie in [0, 1), got {Dropout}"); }
    }
}
