namespace MetaRL.Learning;

/// <summary>Suggests the valid key nearest to a mistyped one by Levenshtein edit distance.</summary>
public static class KeySuggester
{
    /// <summary>The nearest candidate, or null when none is within half the key's length (at least 2 edits).</summary>
    public static string? Nearest(string key, IEnumerable<string> candidates)
    {
        string? best = null;
        int bestDistance = int.MaxValue;
        foreach (var c in candidates)
        {
            int d = Distance(key, c);
            if (d < bestDistance) { (best, bestDistance) = (c, d); }
        }
        return bestDistance <= Math.Max(2, key.Length / 2) ? best : null;
    }

    /// <summary>The classic dynamic-programming edit distance (insert, delete, substitute cost 1).</summary>
    public static int Distance(string a, string b)
    {
        var row = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++) { row[j] = j; }
        for (int i = 1; i <= a.Length; i++)
        {
            int diagonal = row[0];
            row[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int saved = row[j];
                row[j] = Math.Min(Math.Min(row[j] + 1, row[j - 1] + 1), diagonal + (a[i - 1] == b[j - 1] ? 0 : 1));
                diagonal = saved;
            }
        }
        return row[b.Length];
    }

    /// <summary>"unknown key 'x'" plus "; did you mean 'y'?" when a near key exists.</summary>
    public static string UnknownKeyMessage(string key, IEnumerable<string> valid)
    {
        var list = valid.ToArray();
        var near = Nearest(key, list);
        return near is null
            ? $"unknown key '{key}'; valid keys: {string.Join(", ", list)}"
            : $"unknown key '{key}'; did you mean '{near}'?";
    }
}
