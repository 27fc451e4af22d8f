namespace MetaRL.Learning.OffPolicy;

/// <summary>
/// Logged bandit feedback held by column, one entry per decision (Saito et al. 2021, Open Bandit Pipeline's
/// <c>bandit_feedback</c>): the logged <see cref="Action"/>, its <see cref="Reward"/> and behaviour propensity
/// <see cref="Pscore"/>, the evaluated policy's probabilities over all actions (<see cref="Target"/>, row-major
/// <see cref="Rows"/> × <see cref="Actions"/>), and optionally the contexts, positions and a reward model's estimates
/// (<see cref="QHat"/>). On disk it is JSON lines (<see cref="BanditLogReader"/>, <see cref="BanditLogWriter"/>).
/// <para><see cref="Target"/> and <see cref="QHat"/> are the ones for the row's own position (OBP's
/// <c>action_dist[i, :, position[i]]</c>); <see cref="Position"/> is carried for grouping and does not enter the estimators.</para>
/// </summary>
public sealed class BanditLog
{
    /// <summary>How far a row's target probabilities may sum from 1 (absolute): rows written with float precision pass.</summary>
    public const double TargetSumTolerance = 1e-4;

    public BanditLog(int actions, int[] action, float[] reward, float[] pscore, float[] target, float[]? context = null, int contextDim = 0, int[]? position = null, float[]? qHat = null)
    {
        ArgumentNullException.ThrowIfNull(action);
        ArgumentNullException.ThrowIfNull(reward);
        ArgumentNullException.ThrowIfNull(pscore);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(actions);
        int n = action.Length;
        if (reward.Length != n || pscore.Length != n || target.Length != (long)n * actions
            || (context is not null && (contextDim <= 0 || context.Length != (long)n * contextDim))
            || (context is null && contextDim != 0)
            || (position is not null && position.Length != n) || (qHat is not null && qHat.Length != (long)n * actions))
        {
            throw new ArgumentException("the columns of a bandit log disagree in length");
        }
        Actions = actions;
        Action = action;
        Reward = reward;
        Pscore = pscore;
        Target = target;
        Context = context;
        ContextDim = contextDim;
        Position = position;
        QHat = qHat;
    }

    /// <summary>Decisions in the log.</summary>
    public int Rows => Action.Length;

    /// <summary>Size of the action set (the length of every row's <see cref="Target"/>).</summary>
    public int Actions { get; }

    public int[] Action { get; }

    public float[] Reward { get; }

    /// <summary>π_b(a_i | x_i), the behaviour policy's probability of the logged action.</summary>
    public float[] Pscore { get; }

    /// <summary>π_e(· | x_i) for every row, row-major.</summary>
    public float[] Target { get; }

    /// <summary>Contexts, row-major <see cref="Rows"/> × <see cref="ContextDim"/>, or null.</summary>
    public float[]? Context { get; }

    /// <summary>Length of a context (0 without contexts).</summary>
    public int ContextDim { get; }

    public int[]? Position { get; }

    /// <summary>q̂(x_i, ·) for every row, row-major, or null.</summary>
    public float[]? QHat { get; }

    /// <summary>Row <paramref name="i"/> of the target policy.</summary>
    public ReadOnlySpan<float> TargetRow(int i) => Target.AsSpan(i * Actions, Actions);

    /// <summary>Row <paramref name="i"/> of q̂ (the log must hold q̂).</summary>
    public ReadOnlySpan<float> QHatRow(int i) => QHat.AsSpan(i * Actions, Actions);

    /// <summary>Row <paramref name="i"/>'s context (the log must hold contexts).</summary>
    public ReadOnlySpan<float> ContextRow(int i) => Context.AsSpan(i * ContextDim, ContextDim);

    /// <summary>The line of the first row when the log's rows carry <c>context</c> as an empty array (0 otherwise). Such a
    /// log is read like one without contexts (<see cref="Context"/> is null); only fitting q̂ needs context values, and
    /// <see cref="OffPolicyEvaluation"/> then refuses it naming this line.</summary>
    public long EmptyContextLine { get; init; }

    /// <summary>True when every reward is 0 or 1 (then a logistic reward model fits).</summary>
    public bool HasBinaryRewards => Reward.All(r => r is 0f or 1f);

    /// <summary>The same log with <paramref name="qHat"/> as its reward-model estimates.</summary>
    public BanditLog WithQHat(float[] qHat) => new(Actions, Action, Reward, Pscore, Target, Context, ContextDim, Position, qHat) { EmptyContextLine = EmptyContextLine };
}
