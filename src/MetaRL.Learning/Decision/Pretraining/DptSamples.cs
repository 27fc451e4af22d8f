namespace MetaRL.Learning.Decision;

/// <summary>
/// DPT's pretraining rows held in memory (Lee et al. 2023): per task, a context of <see cref="Context"/> transitions
/// (observation, action, reward, next observation) drawn by a behaviour policy, a query observation and the optimal
/// action there (the label). Arrays are row-major: row i's transitions start at <c>i·Context</c>.
/// </summary>
public sealed class DptSamples
{
    /// <param name="layout">Observation size and actions.</param>
    /// <param name="context">Transitions per row.</param>
    /// <param name="observations">[rows, context, observation].</param>
    /// <param name="actions">[rows, context].</param>
    /// <param name="rewards">[rows, context].</param>
    /// <param name="nextObservations">[rows, context, observation].</param>
    /// <param name="queries">[rows, observation].</param>
    /// <param name="labels">[rows]: the optimal action at the query.</param>
    /// <param name="querySteps">[rows]: the episode step of each query, or null (all 0) when the labels do not depend on it.</param>
    public DptSamples(TokenLayout layout, int context, float[] observations, int[] actions, float[] rewards, float[] nextObservations, float[] queries, int[] labels, int[]? querySteps = null)
    {
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(context);
        ArgumentNullException.ThrowIfNull(labels);
        int rows = labels.Length, o = layout.ObservationSize;
        if (observations.Length != rows * context * o || nextObservations.Length != rows * context * o || actions.Length != rows * context
            || rewards.Length != rows * context || queries.Length != rows * o)
        {
            throw new ArgumentException($"DPT rows: the arrays do not hold {rows} rows of {context} transitions with observations of {o}.");
        }
        if (actions.Any(a => (uint)a >= (uint)layout.Actions) || labels.Any(a => (uint)a >= (uint)layout.Actions))
        {
            throw new ArgumentException($"DPT rows: an action or label lies outside [0, {layout.Actions}).");
        }
        if (querySteps is not null && querySteps.Length != rows) { throw new ArgumentException($"DPT rows: {querySteps.Length} query steps for {rows} rows."); }
        Layout = layout;
        Context = context;
        Observations = observations;
        Actions = actions;
        Rewards = rewards;
        NextObservations = nextObservations;
        Queries = queries;
        Labels = labels;
        QuerySteps = querySteps;
    }

    /// <summary>The rows of a checked DPT dataset, in order, for tokens of <paramref name="layout"/> (a generalist's view of
    /// the dataset's family; null: the dataset's own layout). A dataset whose queries depend on the episode step
    /// (TabularMDP's finite-horizon labels) is refused unless the layout carries the query's step.</summary>
    public static DptSamples From(DecisionDataset dataset, TokenLayout? layout = null)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        var m = dataset.Manifest;
        if (m.Source != DecisionSource.Dpt) { throw new ConfigException($"{dataset.Directory}: an {DecisionDataRequest.SourceName(m.Source)} dataset has no DPT queries"); }
        int rows = m.Tasks, o = m.ObservationSize;
        int context = rows == 0 ? 0 : (int)(m.Transitions / rows);
        var observations = new float[(long)rows * context * o];
        var next = new float[observations.Length];
        var actions = new int[rows * context];
        var rewards = new float[rows * context];
        var queries = new float[rows * o];
        var labels = new int[rows];
        layout ??= new TokenLayout(o, m.Actions);
        if (layout.ObservationSize != o || layout.Actions != m.Actions) { throw new ConfigException($"{dataset.Directory}: {m.Family} rows have observations of {o} and {m.Actions} actions; the model's {layout.ObservationSize} and {layout.Actions}"); }
        bool timed = layout.Family >= 0 && layout.Members[layout.Family].Horizon > 0;
        var steps = timed ? new int[rows] : null;
        int i = 0;
        foreach (var row in dataset.ReadRows())
        {
            if (row.Steps != context) { throw new RunFormatException($"{dataset.Directory}: row {i} has {row.Steps} transitions, the others {context}."); }
            if (steps is not null) { steps[i] = row.QueryStep; }
            else if (row.QueryStep != 0) { throw new ConfigException($"{dataset.Directory}: its queries depend on the episode step ({m.Family}); the dpt model's query token has no step"); }
            row.Observations.CopyTo(observations, (long)i * context * o);
            row.NextObservations.CopyTo(next, (long)i * context * o);
            row.Actions.CopyTo(actions, i * context);
            row.Rewards.CopyTo(rewards, i * context);
            row.QueryObservation!.CopyTo(queries, i * o);
            labels[i] = row.OptimalAction;
            i++;
        }
        return new DptSamples(layout, context, observations, actions, rewards, next, queries, labels, steps);
    }

    public TokenLayout Layout { get; }

    /// <summary>Transitions per row.</summary>
    public int Context { get; }

    /// <summary>Rows (tasks).</summary>
    public int Count => Labels.Length;

    public float[] Observations { get; }

    public int[] Actions { get; }

    public float[] Rewards { get; }

    public float[] NextObservations { get; }

    public float[] Queries { get; }

    public int[] Labels { get; }

    /// <summary>The episode step of each query, or null when the labels do not depend on it.</summary>
    public int[]? QuerySteps { get; }

    /// <summary>Rows <paramref name="start"/> … <paramref name="start"/> + <paramref name="count"/> − 1 as their own set (copied).</summary>
    public DptSamples Slice(int start, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(start + count, Count);
        int c = Context, o = Layout.ObservationSize;
        return new DptSamples(Layout, c,
            Observations[(start * c * o)..((start + count) * c * o)], Actions[(start * c)..((start + count) * c)], Rewards[(start * c)..((start + count) * c)],
            NextObservations[(start * c * o)..((start + count) * c * o)], Queries[(start * o)..((start + count) * o)], Labels[start..(start + count)],
            QuerySteps?[start..(start + count)]);
    }

    /// <summary>Writes row <paramref name="row"/> as tokens (query first, then its transitions in <paramref name="order"/>)
    /// into <paramref name="tokens"/>, <c>(order.Length + 1)·width</c> floats, zeroed.</summary>
    public void WriteTokens(int row, ReadOnlySpan<int> order, Span<float> tokens)
    {
        int w = Layout.Width, o = Layout.ObservationSize;
        Layout.WriteQuery(Queries.AsSpan(row * o, o), tokens[..w], QuerySteps?[row] ?? 0);
        for (int j = 0; j < order.Length; j++)
        {
            int t = row * Context + order[j];
            Layout.WriteTransition(Observations.AsSpan(t * o, o), Actions[t], Rewards[t], NextObservations.AsSpan(t * o, o), tokens.Slice((j + 1) * w, w));
        }
    }
}
