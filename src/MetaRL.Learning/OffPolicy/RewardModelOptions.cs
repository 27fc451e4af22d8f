namespace MetaRL.Learning.OffPolicy;

/// <summary>
/// How <see cref="RewardModel"/> fits q̂(x, a) on a log's contexts. The defaults follow Open Bandit Pipeline's synthetic
/// example (<c>RegressionModel</c> with scikit-learn's <c>LogisticRegression(C=100)</c> and 3-fold cross-fitting) with one
/// change: the features are per action (each action its own intercept and context weights, i.e. the context ⊗ one-hot
/// action features), which can express how the best action depends on the context; OBP's model concatenates the
/// context and the one-hot action (<see cref="RewardFeatures.Additive"/>), one context effect shared by all actions.
/// </summary>
public sealed class RewardModelOptions
{
    public const string Auto = "auto", Logistic = "logistic", Ridge = "ridge";

    /// <summary>The default <see cref="Kind"/>.</summary>
    public const string DefaultKind = Auto;

    /// <summary>The default <see cref="Folds"/>.</summary>
    public const int DefaultFolds = 3;

    /// <summary>auto (logistic when every reward is 0 or 1, else ridge), logistic or ridge.</summary>
    /// <value>The default value is auto.</value>
    public string Kind { get; init; } = DefaultKind;

    /// <summary>Per action (context ⊗ one-hot action) or additive (OBP's [context, one-hot action]).</summary>
    /// <value>The default value is <see cref="RewardFeatures.PerAction"/>.</value>
    public RewardFeatures Features { get; init; } = RewardFeatures.PerAction;

    /// <summary>Cross-fitting folds (Chernozhukov et al. 2018): each row's q̂ comes from a model fitted on the other folds; 1 fits once on all rows.</summary>
    /// <value>The default value is 3 (OBP's example uses <c>n_folds=3</c>).</value>
    public int Folds { get; init; } = DefaultFolds;

    /// <summary>Inverse L2 strength of the logistic model (scikit-learn's C: the objective is C·Σ log-loss + ½‖w‖²).</summary>
    /// <value>The default value is 100 (OBP's example's hyperparameter).</value>
    public double LogisticC { get; init; } = 100;

    /// <summary>L2 strength of the ridge model (scikit-learn's alpha: Σ squared error + alpha·‖w‖²).</summary>
    /// <value>The default value is 1 (scikit-learn's default).</value>
    public double RidgeAlpha { get; init; } = 1.0;

    /// <summary>Seed of the fold assignment.</summary>
    /// <value>The default value is 0.</value>
    public long Seed { get; init; }

    public static RewardModelOptions Default { get; } = new();

    /// <summary>How <see cref="RewardFeatures"/> are written on the command line: per-action, additive.</summary>
    public static string FeatureName(RewardFeatures features) => features == RewardFeatures.PerAction ? "per-action" : "additive";

    /// <summary>The features named <paramref name="name"/> (<see cref="FeatureName"/>), or null for an unknown name.</summary>
    public static RewardFeatures? ParseFeatures(string name) => name switch
    {
        "per-action" => RewardFeatures.PerAction,
        "additive" => RewardFeatures.Additive,
        _ => null,
    };

    /// <summary>Throws <see cref="ArgumentException"/> for a value out of range.</summary>
    public void Validate()
    {
        if (Kind is not (Auto or Logistic or Ridge)) { throw new ArgumentException($"reward model '{Kind}' is unknown; known: {Auto}, {Logistic}, {Ridge}"); }
        if (Folds < 1) { throw new ArgumentException($"cross-fitting folds must be ≥ 1, not {Folds}"); }
        if (!(LogisticC > 0) || !(RidgeAlpha >= 0)) { throw new ArgumentException("the logistic C must be > 0 and the ridge alpha ≥ 0"); }
    }
}

/// <summary>The reward model's features.</summary>
public enum RewardFeatures
{
    /// <summary>[1, x] per action: one regression per action (context ⊗ one-hot action).</summary>
    PerAction,

    /// <summary>[1, x, onehot(a)]: one regression over all rows, OBP's <c>RegressionModel</c> features.</summary>
    Additive,
}
