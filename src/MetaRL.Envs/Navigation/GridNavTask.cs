using System.Collections.Immutable;

namespace MetaRL.Envs;

/// <summary>A grid navigation task: a Size×Size occupancy grid (<see cref="Blocked"/>, row-major,
/// cell = y·Size + x) with start and goal cells.</summary>
public sealed record GridNavTask(int Size, ImmutableArray<bool> Blocked, int Start, int Goal) : EnvTask
{
    /// <summary>The grid as text rows ('#' obstacle, 'S' start, 'G' goal, '.' free).</summary>
    public string Render()
    {
        var sb = new System.Text.StringBuilder();
        for (int y = 0; y < Size; y++)
        {
            for (int x = 0; x < Size; x++)
            {
                int c = y * Size + x;
                sb.Append(c == Start ? 'S' : c == Goal ? 'G' : Blocked[c] ? '#' : '.');
            }
            sb.Append('\n');
        }
        return sb.ToString();
    }
}
