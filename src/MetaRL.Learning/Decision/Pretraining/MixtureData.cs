using MetaRL.Learning.Meta;

namespace MetaRL.Learning.Decision;

/// <summary>
/// A generalist's pretraining rows (issue 25, item 7): each family's DPT rows (<see cref="DptData"/>, planned and
/// generated exactly as a specialist run of the family's setup would, into <c>RUN/data/FAMILY</c>) as tokens of the
/// common layout (<see cref="TokenLayout.Mixture"/>). Each minibatch row first draws its family (by
/// <see cref="DptOptions.FamilyWeights"/>, uniform without them), then a row of that family; rows of a family with fewer
/// actions than the model's outputs come with a mask that removes the others from the loss. Validation batches hold one
/// family each (<see cref="PretrainBatch.Group"/>), so the pretrainer logs a validation loss per family.
/// </summary>
public sealed class MixtureData : IPretrainCorpus
{
    private readonly IReadOnlyList<(string Family, DptData Data)> _members;
    private readonly double[] _shares;
    private readonly int _outputs;

    /// <param name="members">Each family's rows, tokens of its view of one mixture layout, all of one context.</param>
    /// <param name="shares">The share of minibatch rows of each family (summing to 1).</param>
    public MixtureData(IReadOnlyList<(string Family, DptData Data)> members, double[] shares)
    {
        ArgumentNullException.ThrowIfNull(members);
        ArgumentNullException.ThrowIfNull(shares);
        if (members.Count == 0 || shares.Length != members.Count) { throw new ArgumentException("A mixture needs one share per family and at least one family."); }
        var layouts = members.Select(m => m.Data.Train.Layout).ToList();
        if (layouts.Any(l => l.Width != layouts[0].Width) || members.Any(m => m.Data.Train.Context != members[0].Data.Train.Context))
        {
            throw new ArgumentException("The families' rows must share one token layout and one context.");
        }
        _members = members;
        _shares = shares;
        _outputs = layouts[0].ActionSlot;
    }

    /// <summary>The rows of each family of <paramref name="setup"/>, checked before the run folder is touched (as a
    /// specialist's, TabularMDP-v0's step-dependent labels allowed: the mixture's tokens carry the query step).</summary>
    public static IReadOnlyList<DptDataPlan> Plan(MetaSetup setup)
    {
        ArgumentNullException.ThrowIfNull(setup);
        return [.. setup.Families.Select(f => DptData.Plan(f, (DptOptions)f.LearnerOptions, timedQueries: true))];
    }

    /// <summary>Loads (generating where needed) the rows of <paramref name="plans"/> into <paramref name="runRoot"/>'s
    /// <c>data/FAMILY</c> folders, as tokens of <paramref name="layout"/>.</summary>
    public static MixtureData Load(MetaSetup setup, IReadOnlyList<DptDataPlan> plans, TokenLayout layout, string runRoot, Action<string>? log)
    {
        ArgumentNullException.ThrowIfNull(setup);
        ArgumentNullException.ThrowIfNull(plans);
        ArgumentNullException.ThrowIfNull(layout);
        var members = new List<(string, DptData)>();
        for (int i = 0; i < setup.Families.Count; i++)
        {
            var family = setup.Families[i];
            string id = family.Run.Env;
            var options = (DptOptions)family.LearnerOptions;
            members.Add((id, DptData.Load(plans[i], runRoot, options, log is null ? null : msg => log($"{id}: {msg}"), id, layout.For(id))));
        }
        return new MixtureData(members, ((DptOptions)setup.LearnerOptions).FamilyShares());
    }

    /// <inheritdoc />
    public int SequenceTokens => _members[0].Data.Train.Context + 1;

    /// <inheritdoc />
    public PretrainBatch Draw(int rows, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        var picks = new (int Family, int Row)[rows];
        for (int b = 0; b < rows; b++)
        {
            int f = Pick(rng.NextDouble());
            picks[b] = (f, rng.NextInt(_members[f].Data.Train.Count));
        }
        return Batch(picks, f => _members[f].Data.Train, f => _members[f].Data.Shuffle ? rng : null, group: null);
    }

    /// <inheritdoc />
    public IEnumerable<PretrainBatch> ValidationBatches(int rows)
    {
        for (int f = 0; f < _members.Count; f++)
        {
            var validation = _members[f].Data.Validation;
            for (int start = 0; start < validation.Count; start += rows)
            {
                int family = f;
                var picks = Enumerable.Range(start, Math.Min(rows, validation.Count - start)).Select(i => (family, i)).ToArray();
                yield return Batch(picks, _ => validation, _ => null, _members[f].Family);
            }
        }
    }

    /// <summary>The family of a uniform draw <paramref name="u"/> by the shares.</summary>
    private int Pick(double u)
    {
        for (int f = 0; f < _shares.Length - 1; f++)
        {
            u -= _shares[f];
            if (u < 0) { return f; }
        }
        return _shares.Length - 1;
    }

    private PretrainBatch Batch((int Family, int Row)[] picks, Func<int, DptSamples> samples, Func<int, Rng?> shuffle, string? group)
    {
        int c = _members[0].Data.Train.Context, n = c + 1, w = _members[0].Data.Train.Layout.Width, a = _outputs, b = picks.Length;
        var tokens = new float[b * n * w];
        var labels = new int[b * n];
        var order = new int[c];
        float[]? mask = null;
        for (int i = 0; i < b; i++)
        {
            var (f, row) = picks[i];
            var rows = samples(f);
            DptBatch.WriteRow(rows, row, shuffle(f), order, tokens.AsSpan(i * n * w, n * w), labels.AsSpan(i * n, n));
            int own = rows.Layout.Actions;
            if (own == a) { continue; }
            mask ??= new float[b * n * a];
            for (int j = 0; j < n; j++) { mask.AsSpan((i * n + j) * a + own, a - own).Fill(float.NegativeInfinity); }
        }
        return new PretrainBatch(Tensor.FromArray(tokens, b, n, w), Tensor.FromArray(labels, b * n, 1), b)
        {
            Mask = mask is null ? null : Tensor.FromArray(mask, b * n, a),
            Group = group,
        };
    }
}
