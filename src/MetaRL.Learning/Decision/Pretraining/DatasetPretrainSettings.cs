namespace MetaRL.Learning.Decision;

/// <summary>
/// Pretraining settings of a decision model that learns from a dataset of tasks (<c>metarl pretrain-data</c>): a dataset
/// folder, or rows generated into the run from the family with the run seed (<see cref="DataTasks"/> rows, with the
/// dataset options of <see cref="DataSettings"/>).
/// </summary>
public class DatasetPretrainSettings : PretrainSettings
{
    /// <summary>A pretraining dataset folder (<c>metarl pretrain --data DIR</c>); empty: generate
    /// <see cref="DataTasks"/> rows from the family with the run seed.</summary>
    /// <value>The default value is "" (generate).</value>
    public string Data { get; set; } = "";

    /// <summary>Rows (one task each) to generate when there is no <see cref="Data"/> folder; <see cref="PretrainSettings.ValTasks"/>
    /// of them are held out for validation.</summary>
    /// <value>The default value is 20000.</value>
    public int DataTasks { get; set; } = 20_000;

    /// <summary>Settings of generated rows, as <c>metarl pretrain-data --set</c> takes them, comma-separated: dataset options
    /// (<c>rollin=uniform_states</c>, <c>q_init=1,q_gamma=0.9</c>; see docs/decision-model.md, "Sources") and family
    /// settings that differ from the run's (<c>goals=train</c>: the rows on Dark Room's training goals while the run's
    /// family, which <c>meta-eval</c> draws from, has <c>goals: test</c>).</summary>
    /// <value>The default value is "" (the dataset defaults).</value>
    public string DataSettings { get; set; } = "";

    /// <summary><see cref="DataSettings"/> as key/value pairs.</summary>
    public IReadOnlyDictionary<string, string> ParsedDataSettings()
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var part in DataSettings.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            int eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0) { throw new ConfigException($"data_settings: '{part}' is not key=value"); }
            result[part[..eq].Trim()] = part[(eq + 1)..].Trim();
        }
        return result;
    }

    /// <inheritdoc />
    public override void Validate()
    {
        base.Validate();
        _ = ParsedDataSettings();
        if (Data.Length == 0 && DataTasks <= ValTasks)
        {
            throw new ConfigException($"data_tasks ({DataTasks}) must exceed val_tasks ({ValTasks}): the validation rows are held out of them");
        }
    }
}
