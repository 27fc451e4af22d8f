namespace MetaRL.Learning.Decision;

/// <summary>
/// Settings of <c>metarl pretrain-data</c> beside the family's own (both given as <c>--set key=value</c>): the DPT
/// context and behaviour policy (Lee et al. 2023, "Supervised Pretraining Can Learn In-Context Reinforcement
/// Learning") and the AD source learner (Laskin et al. 2022, "In-context Reinforcement Learning with Algorithm
/// Distillation"). Keys are the snake_case property names.
/// </summary>
public sealed class DecisionDataOptions
{
    /// <summary>dpt: transitions in each row's context. <value>The default value is 100.</value></summary>
    public int Context { get; set; } = 100;

    /// <summary>dpt: the behaviour policy. <value>The default value is dirichlet (DPT's).</value></summary>
    public BehaviourPolicy Behaviour { get; set; } = BehaviourPolicy.Dirichlet;

    /// <summary>dpt: concentration α of the Dirichlet behaviour mix. <value>The default value is 1 (DPT's).</value></summary>
    public double DirichletAlpha { get; set; } = 1.0;

    /// <summary>dpt: how the context is collected. <value>The default value is trajectory.</value></summary>
    public RollIn Rollin { get; set; } = RollIn.Trajectory;

    /// <summary>dpt, Dark Room with <c>rollin=uniform_states</c>: the share of rows that ask about the goal's
    /// neighbourhood. Such a row's context opens with a transition onto the goal (drawn uniformly among the moves that
    /// arrive there, "stay" on it included; the other transitions follow the behaviour policy as usual) and its query is
    /// a cell drawn uniformly within <see cref="GoalQueryRadius"/> moves of the goal. With uniform queries only one row in
    /// Size² asks about the goal itself (label "stay"), and the few cells around it decide nearly the whole return
    /// online. Because every prefix of such a row after the first transition already shows the goal, the query's place
    /// tells the model nothing the context does not, so the optimal predictor is the same as with uniform queries;
    /// only the bare query token (no transition) sees the skew. The rows must be read in order (the pretraining's
    /// <c>shuffle_context</c> off). <value>The default value is 0 (DPT's uniform queries).</value></summary>
    public double GoalQueries { get; set; }

    /// <summary>dpt: the most moves between a <see cref="GoalQueries"/> row's query and the goal.
    /// <value>The default value is 2.</value></summary>
    public int GoalQueryRadius { get; set; } = 2;

    /// <summary>dpt, Dark Room: label a query with one of its shortest-path moves drawn uniformly (<c>true</c>) instead of
    /// the first of up, down, left, right that shortens the distance. With the fixed order, a model that does not know
    /// the goal yet predicts "up" or "down" almost everywhere (the goal is in the query's row one time in Size), and
    /// sampling its actions online walks up and down a column; drawn ties spread the prediction over both axes.
    /// <value>The default value is false (DPT's fixed order).</value></summary>
    public bool RandomTies { get; set; }

    /// <summary>ad: the source learner; empty for the family's first (ucb1 on bandits, q_learning on the grids).
    /// Bandit-v0 takes ucb1 or thompson; DarkRoom-v0, GridNav-v0 and TabularMDP-v0 take q_learning.
    /// <value>The default value is empty.</value></summary>
    public string Learner { get; set; } = "";

    /// <summary>ad, ucb1: exploration constant c in mean + c·√(ln t / nᵢ). <value>The default value is √2.</value></summary>
    public double Ucb1C { get; set; } = Math.Sqrt(2);

    /// <summary>ad, q_learning: step size α of the TD update. <value>The default value is 0.5.</value></summary>
    public double QLearningRate { get; set; } = 0.5;

    /// <summary>ad, q_learning: discount γ. <value>The default value is 0.9.</value></summary>
    public double QGamma { get; set; } = 0.9;

    /// <summary>ad, q_learning: exploration rate ε of the ε-greedy behaviour, fixed over the history.
    /// <value>The default value is 0.1.</value></summary>
    public double QEpsilon { get; set; } = 0.1;

    /// <summary>ad, q_learning: the initial value of every Q(s, a); above 0 is optimism that explores systematically.
    /// <value>The default value is 0.</value></summary>
    public double QInit { get; set; }

    /// <summary>Most rows in one Arrow file; a file is also closed once it holds 4,000,000 transitions.
    /// <value>The default value is 10000.</value></summary>
    public int RowsPerFile { get; set; } = 10_000;

    /// <summary>Rejects values out of range with a <see cref="ConfigException"/> naming the key.</summary>
    public void Validate()
    {
        Require(Context is >= 1 and <= 1_000_000, "context must be in [1, 1000000]");
        Require(DirichletAlpha > 0 && double.IsFinite(DirichletAlpha), "dirichlet_alpha must be a finite number > 0");
        Require(GoalQueries is >= 0 and <= 1, "goal_queries must be in [0, 1]");
        Require(GoalQueryRadius >= 0, "goal_query_radius must be at least 0");
        Require(Ucb1C >= 0 && double.IsFinite(Ucb1C), "ucb1_c must be a finite number ≥ 0");
        Require(QLearningRate is > 0 and <= 1, "q_learning_rate must be in (0, 1]");
        Require(QGamma is >= 0 and <= 1, "q_gamma must be in [0, 1]");
        Require(QEpsilon is >= 0 and <= 1, "q_epsilon must be in [0, 1]");
        Require(double.IsFinite(QInit), "q_init must be a finite number");
        Require(RowsPerFile >= 1, "rows_per_file must be at least 1");
    }

    private static void Require(bool ok, string message)
    {
        if (!ok) { throw new ConfigException(message); }
    }
}
