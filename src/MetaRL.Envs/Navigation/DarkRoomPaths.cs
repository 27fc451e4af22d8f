namespace MetaRL.Envs;

/// <summary>
/// The shortest-path oracle of <see cref="DarkRoom"/>. The room has no walls, so the distance to the goal is the
/// Manhattan distance, every move that shortens it is optimal, and at the goal the optimal action is to stay.
/// </summary>
public static class DarkRoomPaths
{
    /// <summary>Action ids: 0 up (y−1), 1 down (y+1), 2 left (x−1), 3 right (x+1), 4 stay.</summary>
    public static readonly (int Dx, int Dy)[] Moves = [(0, -1), (0, 1), (-1, 0), (1, 0), (0, 0)];

    /// <summary>The action that stays in place.</summary>
    public const int Stay = 4;

    /// <summary>The cell reached from (<paramref name="x"/>, <paramref name="y"/>) by an action (moves into a wall stay).</summary>
    public static (int X, int Y) Move(int size, int x, int y, int action)
    {
        var (dx, dy) = Moves[action];
        return (Math.Clamp(x + dx, 0, size - 1), Math.Clamp(y + dy, 0, size - 1));
    }

    /// <summary>Moves from (<paramref name="x"/>, <paramref name="y"/>) to the goal.</summary>
    public static int Distance(DarkRoomTask task, int x, int y) => Math.Abs(task.GoalX - x) + Math.Abs(task.GoalY - y);

    /// <summary>A shortest-path action: the first of up, down, left, right that shortens the distance (the vertical
    /// moves first), or <see cref="Stay"/> at the goal.</summary>
    public static int OracleAction(DarkRoomTask task, int x, int y) =>
        y > task.GoalY ? 0 : y < task.GoalY ? 1 : x > task.GoalX ? 2 : x < task.GoalX ? 3 : Stay;

    /// <summary>True when <paramref name="action"/> is optimal at (x, y): it shortens the distance, or it stays at the goal.</summary>
    public static bool IsOptimal(DarkRoomTask task, int x, int y, int action)
    {
        int d = Distance(task, x, y);
        var (nx, ny) = Move(task.Size, x, y, action);
        return d == 0 ? action == Stay || Distance(task, nx, ny) == 0 : Distance(task, nx, ny) == d - 1;
    }

    /// <summary>The optimal return of one episode of <paramref name="horizon"/> steps from (0, 0): one per step spent
    /// on the goal, counting the step that arrives, so horizon − d + 1 for a goal d ≥ 1 moves away (0 when d &gt; horizon)
    /// and horizon when the goal is the start.</summary>
    public static int OptimalReturn(DarkRoomTask task, int horizon)
    {
        int d = Distance(task, 0, 0);
        return d == 0 ? horizon : Math.Max(0, horizon - d + 1);
    }
}
