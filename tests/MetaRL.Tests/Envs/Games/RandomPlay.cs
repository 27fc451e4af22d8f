using MetaRL.Envs;
using MetaRL.Random;

namespace MetaRL.Tests.Envs.Games;

/// <summary>Positions for the solver tests, reached by random moves that never take an immediate win.</summary>
internal static class RandomPlay
{
    // a position from random play that avoids immediate wins, at least minPlies deep (fewer when no such move is left)
    public static (ConnectFourState State, List<int> Moves) Position(ConnectFour game, ReferenceConnect? reference, int minPlies, Rng rng)
    {
        var s = (ConnectFourState)game.Initial();
        var moves = new List<int>();
        int target = minPlies + rng.NextInt(Math.Max(1, game.MaxPlies - minPlies - 4));
        while (s.Plies < target)
        {
            var legal = Enumerable.Range(0, game.Rules.Columns).Where(c => s.IsLegal(c) && !s.WinsAt(c)).ToList();
            if (legal.Count == 0) { break; }
            int move = legal[rng.NextInt(legal.Count)];
            reference?.Play(move);
            moves.Add(move);
            s = s.PlayColumn(move);
        }
        return (s, moves);
    }
}
