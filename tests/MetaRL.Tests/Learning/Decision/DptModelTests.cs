using MetaRL.Envs;
using MetaRL.Learning;
using MetaRL.Learning.Decision;
using MetaRL.Nn;
using MetaRL.Random;
using MetaRL.Tensors;

namespace MetaRL.Tests.Learning.Decision;

public sealed class DptModelTests
{
    private static DecisionTransformer Model(PositionalEmbedding positional) =>
        new(new DecisionModelSettings { NLayer = 2, NHead = 2, DModel = 8, DFf = 16, Context = 6, Positional = positional }, new TokenLayout(1, 3), new Rng(5));

    [Theory]
    [InlineData(PositionalEmbedding.Learned)]
    [InlineData(PositionalEmbedding.None)]
    public void The_prediction_at_a_prefix_does_not_change_when_a_later_transition_does(PositionalEmbedding positional)
    {
        var model = Model(positional);
        var tokens = Tensor.RandN([2, 7, model.Layout.Width], new Rng(9));
        var changed = tokens.Clone();
        for (int k = 0; k < model.Layout.Width; k++) { changed.F32[(0 * 7 + 5) * model.Layout.Width + k] += 3f; } // row 0, position 5
        using var noGrad = MetaRL.Autograd.Autograd.NoGrad();
        var a = model.Forward(tokens).ToFloatArray();
        var b = model.Forward(changed).ToFloatArray();
        int perRow = 7 * 3;
        Assert.Equal(a[..(5 * 3)], b[..(5 * 3)]); // positions 0-4 of row 0: bit-identical
        Assert.NotEqual(a[(5 * 3)..(6 * 3)], b[(5 * 3)..(6 * 3)]);
        Assert.Equal(a[perRow..], b[perRow..]); // row 1 untouched
    }

    [Fact]
    public void A_batch_puts_the_query_first_labels_every_position_and_only_reorders_the_transitions()
    {
        using var folder = new DatasetFolder();
        var rows = DptSamples.From(DecisionDataset.Open(folder.Generate("rows", "Bandit-v0", "dpt", 4, 1, "arms=3", "pulls=12", "context=12", "behaviour=uniform")));
        var plain = DptBatch.Build(rows, [2, 0], null);
        var shuffled = DptBatch.Build(rows, [2, 0], new Rng(4));
        int w = rows.Layout.Width;
        Assert.Equal([2, 13, w], plain.Tokens.Shape.ToArray());
        Assert.Equal(1f, plain.Tokens.F32[0]); // query flag
        Assert.Equal(0f, plain.Tokens.F32[w]); // a transition has none
        Assert.Equal(Enumerable.Repeat(rows.Labels[2], 13).Concat(Enumerable.Repeat(rows.Labels[0], 13)), plain.Labels.Data<int>().ToArray());
        var tokensOf = (DptBatch b, int row) => Enumerable.Range(1, 12).Select(j => string.Join(",", b.Tokens.F32.Slice((row * 13 + j) * w, w).ToArray())).ToArray();
        for (int row = 0; row < 2; row++)
        {
            Assert.Equal(tokensOf(plain, row).Order(), tokensOf(shuffled, row).Order());
            Assert.Equal(tokensOf(plain, row)[0], string.Join(",", new[] { 0f, 0f }.Concat(OneHot(rows.Actions[rows.Context * (2 - 2 * row)], 3)).Append(rows.Rewards[rows.Context * (2 - 2 * row)]).Append(0f)));
        }
        Assert.True(Enumerable.Range(0, 2).Any(row => !tokensOf(plain, row).SequenceEqual(tokensOf(shuffled, row))), "shuffling reorders the context");
    }

    private static IEnumerable<float> OneHot(int index, int n) => Enumerable.Range(0, n).Select(i => i == index ? 1f : 0f);

    [Fact]
    public void Generated_rows_are_labelled_with_the_best_arm_and_hold_real_pulls()
    {
        using var folder = new DatasetFolder();
        var rows = DptSamples.From(DecisionDataset.Open(folder.Generate("rows", "Bandit-v0", "dpt", 300, 2, "arms=4", "pulls=8", "context=8")));
        Assert.Equal(300, rows.Count);
        Assert.All(rows.Actions, a => Assert.InRange(a, 0, 3));
        Assert.All(rows.Rewards, r => Assert.True(r is 0f or 1f));
        // The labels follow the arms: every arm is best in some tasks, and a context's best-arm pulls pay more often.
        Assert.Equal([0, 1, 2, 3], rows.Labels.Distinct().Order());
        double best = 0, bestN = 0, other = 0, otherN = 0;
        for (int i = 0; i < rows.Count; i++)
        {
            for (int t = 0; t < 8; t++)
            {
                int k = i * 8 + t;
                if (rows.Actions[k] == rows.Labels[i]) { best += rows.Rewards[k]; bestN++; } else { other += rows.Rewards[k]; otherN++; }
            }
        }
        Assert.True(best / bestN > other / otherN + 0.2, $"best-arm pulls pay {best / bestN:F2}, others {other / otherN:F2}");
        var ad = DecisionDataset.Open(folder.Generate("ad", "Bandit-v0", "ad", 2, 2, "arms=4", "pulls=8"));
        Assert.Throws<ConfigException>(() => DptSamples.From(ad));
    }

    [Fact]
    public void Model_settings_reject_heads_that_do_not_divide_the_width()
    {
        var ex = Assert.Throws<ConfigException>(new DptOptions { DModel = 30, NHead = 4 }.Validate);
        Assert.Contains("n_head", ex.Message, StringComparison.Ordinal);
        Assert.Throws<ConfigException>(new DptOptions { DataTasks = 100, ValTasks = 100 }.Validate);
        Assert.Throws<ConfigException>(new DptOptions { Dropout = 1 }.Validate);
    }
}
