namespace MetaRL.Envs;

/// <summary>Parameters of the classical baselines (the defaults are the textbook ones, not tuned per setting).</summary>
public sealed class BaselineOptions
{
    /// <summary>Exploration rate of ε-greedy (bandits and MDPs).
    /// <value>The default value is 0.1.</value></summary>
    public double Epsilon { get; init; } = 0.1;

    /// <summary>UCB1's exploration constant c in mean + c·√(ln t / nᵢ) (Auer, Cesa-Bianchi and Fischer 2002 use √2).
    /// <value>The default value is √2.</value></summary>
    public double Ucb1C { get; init; } = Math.Sqrt(2);

    /// <summary>Largest look-ahead of the finite-horizon Gittins index: the index for r remaining pulls is
    /// computed with horizon min(r, cap); a cap keeps the calibration dynamic programme O(cap²).
    /// <value>The default value is 50.</value></summary>
    public int GittinsHorizonCap { get; init; } = 50;

    /// <summary>Default options.</summary>
    public static BaselineOptions Default { get; } = new();
}
