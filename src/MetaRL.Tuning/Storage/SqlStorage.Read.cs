using System.Data.Common;

namespace MetaRL.Tuning;

public abstract partial class SqlStorage
{
    private const string TrialColumns =
        "trial_id, number, state, value, start, complete, heartbeat, complete_order, worker, error, retried";

    private List<FrozenTrial> LoadTrials(DbTransaction tx, string where, params (string, object?)[] args) =>
        LoadTrials(tx, where, "t.number", args);

    /// <summary>Reads the trials matching <paramref name="where"/> (over alias t) with their params, intermediate values and attributes.</summary>
    private List<FrozenTrial> LoadTrials(DbTransaction tx, string where, string orderBy, params (string, object?)[] args)
    {
        var rows = new List<TrialRecord>();
        var byId = new Dictionary<long, TrialRecord>();
        using (var cmd = Cmd($"SELECT {TrialColumns} FROM trials t WHERE {where} ORDER BY {orderBy}", tx, args))
        using (var r = cmd.ExecuteReader())
        {
            while (r.Read())
            {
                var row = new TrialRecord
                {
                    Id = r.GetInt64(0), Number = r.GetInt32(1), State = (TrialState)r.GetInt32(2),
                    Value = r.IsDBNull(3) ? null : r.GetDouble(3), Start = Time(r, 4), Complete = Time(r, 5), Heartbeat = Time(r, 6),
                    Order = r.IsDBNull(7) ? 0 : r.GetInt64(7), Worker = r.IsDBNull(8) ? null : r.GetString(8),
                    Error = r.IsDBNull(9) ? null : r.GetString(9), Retried = r.GetInt32(10) != 0,
                };
                rows.Add(row);
                byId[row.Id] = row;
            }
        }
        if (rows.Count == 0) { return []; }
        string sub = $"SELECT t.trial_id FROM trials t WHERE {where}";
        using (var cmd = Cmd($"SELECT trial_id, name, value, distribution FROM trial_params WHERE trial_id IN ({sub})", tx, args))
        using (var r = cmd.ExecuteReader())
        {
            var cache = new Dictionary<string, ParamDistribution>();
            while (r.Read())
            {
                var row = byId[r.GetInt64(0)];
                string text = r.GetString(3);
                if (!cache.TryGetValue(text, out var d)) { cache[text] = d = ParamDistribution.Parse(text); }
                row.Params[r.GetString(1)] = r.GetDouble(2);
                row.Dists[r.GetString(1)] = d;
            }
        }
        using (var cmd = Cmd($"SELECT trial_id, step, value FROM trial_intermediate WHERE trial_id IN ({sub})", tx, args))
        using (var r = cmd.ExecuteReader())
        {
            while (r.Read()) { byId[r.GetInt64(0)].Intermediate[r.GetInt32(1)] = r.GetDouble(2); }
        }
        using (var cmd = Cmd($"SELECT trial_id, key, value FROM trial_attrs WHERE trial_id IN ({sub})", tx, args))
        using (var r = cmd.ExecuteReader())
        {
            while (r.Read()) { byId[r.GetInt64(0)].Attrs[r.GetString(1)] = r.GetString(2); }
        }
        return [.. rows.Select(x => x.ToFrozen(copy: false))];
    }

    private static DateTime? Time(DbDataReader r, int i) => r.IsDBNull(i) ? null : new DateTime(r.GetInt64(i), DateTimeKind.Utc);
}
