using MetaRL.Nn;
using MetaRL.Random;
using MetaRL.Tensors;
using MetaRL.Tests.TestSupport;

namespace MetaRL.Tests.Core.Nn;

/// <summary>
/// Float64 gradient checks (torch's gradcheck tolerances, <see cref="GradCheck"/>) of the modules with
/// respect to their inputs and, through <see cref="Functional.Call{T}"/>, their parameters.
/// </summary>
public sealed class NnGradientTests
{
    /// <summary>Checks f(input…) w.r.t. the inputs and every parameter of <paramref name="module"/>.</summary>
    private static void CheckWithParameters(Module module, Func<Tensor[], Tensor> forward, params Tensor[] inputs)
    {
        var parameters = NnTestUtil.Float64Copies(module);
        int n = inputs.Length;
        GradCheck.Assert(all => Functional.Call(module, all[n..], () => forward(all[..n])), [.. inputs, .. parameters]);
    }

    [Fact]
    public void Gru_cell_gradients_match_finite_differences()
    {
        var rng = new Rng(1);
        var cell = new GruCell(2, 3, rng, dtype: DType.Float64);
        CheckWithParameters(cell, a => cell.Forward(a[0], a[1]), GradCheck.Rand(2, -1, 1, 2, 2), GradCheck.Rand(3, -1, 1, 2, 3));
    }

    [Fact]
    public void Gru_sequence_with_a_reset_gradients_match_finite_differences()
    {
        var rng = new Rng(2);
        var gru = new Gru(2, 2, rng, dtype: DType.Float64);
        var mask = Tensor.FromArray(new double[] { 0, 0, 1, 0, 0, 1 }, 3, 2);
        CheckWithParameters(gru, a =>
        {
            var (outputs, last) = gru.Forward(a[0], a[1], mask);
            return Ops.Concat([Ops.Reshape(outputs, -1), Ops.Reshape(last, -1)], 0);
        }, GradCheck.Rand(4, -1, 1, 3, 2, 2), GradCheck.Rand(5, -1, 1, 2, 2));
    }

    [Fact]
    public void Lstm_sequence_with_a_reset_gradients_match_finite_differences()
    {
        var rng = new Rng(3);
        var lstm = new Lstm(2, 2, rng, dtype: DType.Float64);
        var mask = Tensor.FromArray(new double[] { 0, 0, 1, 0, 0, 1 }, 3, 2);
        CheckWithParameters(lstm, a =>
        {
            var (outputs, last) = lstm.Forward(a[0], a[1], mask);
            return Ops.Concat([Ops.Reshape(outputs, -1), Ops.Reshape(last, -1)], 0);
        }, GradCheck.Rand(6, -1, 1, 3, 2, 2), GradCheck.Rand(7, -1, 1, 2, 4));
    }

    [Fact]
    public void Counting_lstm_gradients_match_finite_differences_including_both_layer_norms()
    {
        var rng = new Rng(4);
        var lstm = new Lstm(2, 2, rng, dtype: DType.Float64, variant: LstmVariant.Counting);
        Assert.Equal(["weight_ih", "weight_hh", "ln_ih_weight", "ln_ih_bias", "ln_hh_weight", "ln_hh_bias"], lstm.NamedParameters().Select(p => p.Name));
        var mask = Tensor.FromArray(new double[] { 0, 0, 1, 0, 0, 1 }, 3, 2);
        CheckWithParameters(lstm, a =>
        {
            var (outputs, last) = lstm.Forward(a[0], a[1], mask);
            return Ops.Concat([Ops.Reshape(outputs, -1), Ops.Reshape(last, -1)], 0);
        }, GradCheck.Rand(8, -1, 1, 3, 2, 2), GradCheck.Rand(9, -1, 1, 2, 4));
    }

    [Fact]
    public void Layer_norm_gradients_match_finite_differences()
    {
        var ln = new LayerNorm(4, dtype: DType.Float64);
        var rng = new Rng(3);
        Init.Normal(ln.Weight!, 1, 0.5, rng);
        Init.Normal(ln.Bias!, 0, 0.5, rng);
        CheckWithParameters(ln, a => ln.Forward(a[0]), GradCheck.Rand(6, -2, 2, 3, 4));
    }

    [Fact]
    public void Causal_attention_gradients_match_finite_differences()
    {
        var attn = new CausalSelfAttention(4, 2, new Rng(4), dtype: DType.Float64);
        CheckWithParameters(attn, a => attn.Forward(a[0]), GradCheck.Rand(7, -1, 1, 2, 3, 4));
    }

    [Fact]
    public void Transformer_block_gradients_match_finite_differences()
    {
        var rng = new Rng(5);
        var block = new TransformerBlock(4, 2, 6, rng, Activation.Tanh, DType.Float64);
        Init.Normal(block.Ln1.Weight!, 1, 0.3, rng);
        Init.Normal(block.Ln2.Bias!, 0, 0.3, rng);
        CheckWithParameters(block, a => block.Forward(a[0]), GradCheck.Rand(8, -1, 1, 2, 3, 4));
    }

    [Fact]
    public void Embedding_gradients_match_finite_differences()
    {
        var emb = new Embedding(4, 3, new Rng(6), DType.Float64);
        int[] indices = [1, 3, 1, 0];
        CheckWithParameters(emb, _ => emb.Forward(indices));
    }
}
