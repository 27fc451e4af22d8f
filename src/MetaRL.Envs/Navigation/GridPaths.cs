namespace MetaRL.Envs;

/// <summary>Breadth-first search on a <see cref="GridNavTask"/>: the shortest-path oracle.</summary>
public static class GridPaths
{
    /// <summary>Moves in action order: up (y−1), down (y+1), left (x−1), right (x+1).</summary>
    public static readonly (int Dx, int Dy)[] Moves = [(0, -1), (0, 1), (-1, 0), (1, 0)];

    /// <summary>The cell reached by an action (the same cell when blocked or off the grid).</summary>
    public static int Move(GridNavTask task, int cell, int action)
    {
        int n = task.Size, x = cell % n + Moves[action].Dx, y = cell / n + Moves[action].Dy;
        if (x < 0 || y < 0 || x >= n || y >= n) { return cell; }
        int next = y * n + x;
        return task.Blocked[next] ? cell : next;
    }

    /// <summary>Distance in moves from every cell to the goal (−1 where unreachable).</summary>
    public static int[] DistancesToGoal(GridNavTask task)
    {
        int cells = task.Size * task.Size;
        var dist = new int[cells];
        Array.Fill(dist, -1);
        var queue = new Queue<int>();
        dist[task.Goal] = 0;
        queue.Enqueue(task.Goal);
        while (queue.Count > 0)
        {
            int c = queue.Dequeue();
            for (int a = 0; a < 4; a++)
            {
                int m = Move(task, c, a); // moves are symmetric, so neighbours of c reach c in one move
                if (m != c && dist[m] < 0) { dist[m] = dist[c] + 1; queue.Enqueue(m); }
            }
        }
        return dist;
    }

    /// <summary>Length of the shortest start→goal path (−1 when there is none).</summary>
    public static int ShortestPathLength(GridNavTask task) => DistancesToGoal(task)[task.Start];

    /// <summary>An action on a shortest path from <paramref name="cell"/> (the first in action order), or −1 at the goal or when cut off.</summary>
    public static int OracleAction(GridNavTask task, int[] distances, int cell)
    {
        if (cell == task.Goal || distances[cell] < 0) { return -1; }
        for (int a = 0; a < 4; a++)
        {
            int m = Move(task, cell, a);
            if (m != cell && distances[m] == distances[cell] - 1) { return a; }
        }
        return -1;
    }
}
