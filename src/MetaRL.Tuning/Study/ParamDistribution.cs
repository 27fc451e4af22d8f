using System.Text.Json;

namespace MetaRL.Tuning;

/// <summary>
/// The range a parameter is drawn from. Every value is stored as a double in its "internal" form
/// (the number itself for floats and ints, the choice index for categoricals); samplers that model the
/// space work on <see cref="ToModel"/> coordinates (log for log-scaled ranges) or on the unit cube.
/// </summary>
public abstract record ParamDistribution
{
    /// <summary>True when the value lies in the range (within rounding for ints and steps).</summary>
    public abstract bool Contains(double internalValue);

    /// <summary>The modelling coordinate: log for log-scaled numeric ranges, the value itself otherwise.</summary>
    public abstract double ToModel(double internalValue);

    /// <summary>Maps a modelling coordinate back to a valid internal value (clipped, rounded to the grid).</summary>
    public abstract double FromModel(double model);

    /// <summary>Lower end of the modelling coordinate.</summary>
    public abstract double ModelLow { get; }

    /// <summary>Upper end of the modelling coordinate.</summary>
    public abstract double ModelHigh { get; }

    /// <summary>Maps an internal value to [0, 1] along the modelling coordinate.</summary>
    public double ToUnit(double internalValue) =>
        ModelHigh > ModelLow ? (ToModel(internalValue) - ModelLow) / (ModelHigh - ModelLow) : 0.5;

    /// <summary>Maps a point of [0, 1] to a valid internal value.</summary>
    public double FromUnit(double unit) => FromModel(ModelLow + Math.Clamp(unit, 0, 1) * (ModelHigh - ModelLow));

    /// <summary>The value handed to user code (double, long or the categorical choice string).</summary>
    public abstract object ToExternal(double internalValue);

    /// <summary>A one-line text form, stored beside each parameter (see <see cref="Parse"/>).</summary>
    public abstract string Serialize();

    /// <summary>Reads the form written by <see cref="Serialize"/>.</summary>
    public static ParamDistribution Parse(string text)
    {
        // Choice texts may hold any character, so a categorical's JSON is everything after its tag.
        if (text.StartsWith("cat|", StringComparison.Ordinal)) { return new CategoricalDistribution(JsonSerializer.Deserialize<string[]>(text[4..])!); }
        var parts = text.Split('|');
        var inv = CultureInfo.InvariantCulture;
        return parts[0] switch
        {
            "float" => new FloatDistribution(double.Parse(parts[1], inv), double.Parse(parts[2], inv), parts[3] == "log",
                parts[4].Length == 0 ? null : double.Parse(parts[4], inv)),
            "int" => new IntDistribution(long.Parse(parts[1], inv), long.Parse(parts[2], inv), parts[3] == "log"),
            _ => throw new FormatException($"Unknown distribution '{text}'."),
        };
    }
}

/// <summary>A real range [Low, High], optionally log-scaled or on a grid of <see cref="Step"/>.</summary>
public sealed record FloatDistribution : ParamDistribution
{
    public FloatDistribution(double low, double high, bool log = false, double? step = null)
    {
        if (!(low <= high) || !double.IsFinite(low) || !double.IsFinite(high))
        {
            throw new ArgumentException($"Invalid float range [{low}, {high}].");
        }
        if (log && low <= 0) { throw new ArgumentException($"A log-scaled range needs low > 0 (got {low})."); }
        if (log && step is not null) { throw new ArgumentException("A range cannot be both log-scaled and stepped."); }
        (Low, High, Log, Step) = (low, high, log, step);
    }

    public double Low { get; }
    public double High { get; }
    public bool Log { get; }
    public double? Step { get; }

    public override bool Contains(double v) => v >= Low - 1e-12 * Math.Abs(Low) && v <= High + 1e-12 * Math.Abs(High);
    public override double ModelLow => Log ? Math.Log(Low) : Low;
    public override double ModelHigh => Log ? Math.Log(High) : High;
    public override double ToModel(double v) => Log ? Math.Log(v) : v;

    public override double FromModel(double model)
    {
        double v = Log ? Math.Exp(model) : model;
        if (Step is double s) { v = Low + Math.Round((v - Low) / s) * s; }
        return Math.Clamp(v, Low, High);
    }

    public override object ToExternal(double v) => v;

    public override string Serialize() => string.Create(CultureInfo.InvariantCulture,
        $"float|{Low:R}|{High:R}|{(Log ? "log" : "lin")}|{(Step is double s ? s.ToString("R", CultureInfo.InvariantCulture) : "")}");
}

/// <summary>An integer range [Low, High], optionally log-scaled.</summary>
public sealed record IntDistribution : ParamDistribution
{
    public IntDistribution(long low, long high, bool log = false)
    {
        if (low > high) { throw new ArgumentException($"Invalid int range [{low}, {high}]."); }
        if (log && low <= 0) { throw new ArgumentException($"A log-scaled range needs low > 0 (got {low})."); }
        (Low, High, Log) = (low, high, log);
    }

    public long Low { get; }
    public long High { get; }
    public bool Log { get; }

    public override bool Contains(double v) => v >= Low && v <= High && v == Math.Round(v);

    // Half a unit of slack either side so that every integer gets an equal share of the modelled range.
    public override double ModelLow => Log ? Math.Log(Low - 0.5 + 1e-9) : Low - 0.5 + 1e-9;
    public override double ModelHigh => Log ? Math.Log(High + 0.5 - 1e-9) : High + 0.5 - 1e-9;
    public override double ToModel(double v) => Log ? Math.Log(v) : v;
    public override double FromModel(double model) => Math.Clamp(Math.Round(Log ? Math.Exp(model) : model), Low, High);
    public override object ToExternal(double v) => (long)Math.Round(v);
    public override string Serialize() => string.Create(CultureInfo.InvariantCulture, $"int|{Low}|{High}|{(Log ? "log" : "lin")}");
}

/// <summary>A choice among strings; the internal value is the index of the choice.</summary>
public sealed record CategoricalDistribution : ParamDistribution
{
    public CategoricalDistribution(IReadOnlyList<string> choices)
    {
        if (choices.Count == 0) { throw new ArgumentException("A categorical parameter needs at least one choice."); }
        Choices = [.. choices];
    }

    public IReadOnlyList<string> Choices { get; }

    public override bool Contains(double v) => v >= 0 && v < Choices.Count && v == Math.Round(v);
    public override double ModelLow => -0.5;
    public override double ModelHigh => Choices.Count - 0.5;
    public override double ToModel(double v) => v;
    public override double FromModel(double model) => Math.Clamp(Math.Round(model), 0, Choices.Count - 1);
    public override object ToExternal(double v) => Choices[(int)v];
    public override string Serialize() => "cat|" + JsonSerializer.Serialize(Choices);

    public bool Equals(CategoricalDistribution? other) => other is not null && Choices.SequenceEqual(other.Choices);

    public override int GetHashCode() => Choices.Count;
}
