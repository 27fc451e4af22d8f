namespace MetaRL.Learning.SelfPlay;

/// <summary>What tree search asks of a position it reaches for the first time: prior probabilities of the actions
/// (only legal actions matter; they are renormalised over the legal ones) and the position's value for the player to move, in [−1, 1].</summary>
public interface IPolicyValueEvaluator
{
    /// <summary>Writes the priors over all actions into <paramref name="priors"/> and returns the value of the (unfinished) <paramref name="state"/>.</summary>
    float Evaluate(IGameState state, Span<float> priors, Rng rng);
}

/// <summary>Plain Monte-Carlo tree search's evaluator: uniform priors and the result of one game played out by uniformly
/// random legal moves (UCT with random rollouts: Kocsis and Szepesvári 2006).</summary>
public sealed class RolloutEvaluator : IPolicyValueEvaluator
{
    /// <inheritdoc/>
    public float Evaluate(IGameState state, Span<float> priors, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(rng);
        priors.Fill(1f);
        Span<bool> legal = stackalloc bool[priors.Length];
        Span<int> moves = stackalloc int[priors.Length];
        var s = state;
        int mover = state.CurrentPlayer;
        while (!s.IsTerminal)
        {
            s.LegalMask(legal);
            int n = 0;
            for (int a = 0; a < legal.Length; a++)
            {
                if (legal[a]) { moves[n++] = a; }
            }
            s = s.Play(moves[rng.NextInt(n)]);
        }
        return s.CurrentPlayer == mover ? s.TerminalValue : -s.TerminalValue;
    }
}
