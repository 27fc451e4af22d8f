using System.Globalization;
using MetaRL.Memory;

namespace MetaRL.Envs;

/// <summary>The <c>--set</c> keys of <c>RecSlate-v0</c>, one per <see cref="RecSlateConfig"/> property, with RecSim's defaults.</summary>
internal static class RecSlateSettings
{
    private static string F(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    public static IReadOnlyList<EnvSetting> Keys(EnvSetting maxSteps, EnvSetting episodes)
    {
        var d = RecSlateConfig.Default;
        return
        [
            new("candidates", $"{d.Candidates}", "candidate documents per step N"),
            new("slate", $"{d.SlateSize}", "documents per slate k"),
            new("topics", $"{d.Topics}", "topics (one-hot document features, one interest each)"),
            new("action", "slate", "action encoding: slate (MultiDiscrete of k candidate indices; a repeat is shown once) or index (Discrete over the N!/(N-k)! ordered slates)"),
            new("choice", "proportional", "choice model: proportional, logit, cascade or exp-cascade (RecSim's)"),
            new("time_budget", F(d.TimeBudget), "minutes per session"),
            new("step_penalty", F(d.StepPenalty), "minutes a slate without a click costs"),
            new("no_click_mass", F(d.NoClickMass), "score of not clicking"),
            new("min_normalizer", F(d.MinNormalizer), "offset the proportional models subtract from scores"),
            new("score_scaling", F(d.ScoreScaling), "score scaling (cascade models)"),
            new("attention", F(d.Attention), "position attention (cascade models)"),
            new("doc_length", F(d.DocLength), "video length in minutes"),
            new("quality_low", F(d.QualityLow), "lowest topic quality mean"),
            new("quality_high", F(d.QualityHigh), "highest topic quality mean"),
            new("quality_std", F(d.QualityStd), "quality standard deviation around the topic mean"),
            new("trashy_fraction", F(d.TrashyFraction), "fraction of topics with quality means in [quality_low, 0]"),
            new("budget_alpha", F(d.BudgetAlpha), "budget change per watched minute and unit of utility (0.9/3.4)"),
            new("user_quality_factor", F(d.UserQualityFactor), "weight of the expected utility in the budget update"),
            new("document_quality_factor", F(d.DocumentQualityFactor), "weight of the document quality in the budget update"),
            new("interest_step", F(d.InterestStep), "interest step size at zero interest (alpha_y_intercept)"),
            new("interest_x_intercept", F(d.InterestXIntercept), "interest at which the step size reaches 0 (alpha_x_intercept)"),
            new("catalogue", $"{d.Catalogue}", "catalogue documents; 0: fresh candidates every step (RecSim)"),
            new("catalogue_seed", $"{d.CatalogueSeed}", "seed of the catalogue"),
            new("new_items", F(d.NewItems), "cold start: probability per step that a new document joins the catalogue and the candidates"),
            new("segments", $"{d.Segments}", "user segments; 0: interests uniform in [-1, 1] (RecSim), S: each user near one of S seeded centres"),
            new("segment_spread", F(d.SegmentSpread), "half-width of a segment's interest prior around its centre"),
            new("segment_seed", $"{d.SegmentSeed}", "seed of the segment centres"),
            maxSteps,
            episodes,
        ];
    }

    public static RecSlateConfig Read(EnvSettings s) => new()
    {
        Candidates = s.Int("candidates", 1, 100_000),
        SlateSize = s.Int("slate", 1, 100_000),
        Topics = s.Int("topics", 1, 100_000),
        IndexActions = s.Choice("action", "slate", "index") == "index",
        Choice = s.Choice("choice", "proportional", "logit", "cascade", "exp-cascade") switch
        {
            "proportional" => RecSlateChoice.Proportional,
            "logit" => RecSlateChoice.Logit,
            "cascade" => RecSlateChoice.Cascade,
            _ => RecSlateChoice.ExpCascade,
        },
        TimeBudget = s.Double("time_budget"),
        StepPenalty = s.Double("step_penalty"),
        NoClickMass = s.Double("no_click_mass"),
        MinNormalizer = s.Double("min_normalizer"),
        ScoreScaling = s.Double("score_scaling"),
        Attention = s.Double("attention"),
        DocLength = s.Double("doc_length"),
        QualityLow = s.Double("quality_low"),
        QualityHigh = s.Double("quality_high"),
        QualityStd = s.Double("quality_std"),
        TrashyFraction = s.Double("trashy_fraction"),
        BudgetAlpha = s.Double("budget_alpha"),
        UserQualityFactor = s.Double("user_quality_factor"),
        DocumentQualityFactor = s.Double("document_quality_factor"),
        InterestStep = s.Double("interest_step"),
        InterestXIntercept = s.Double("interest_x_intercept"),
        Catalogue = s.Int("catalogue", 0, 10_000_000),
        CatalogueSeed = s.Int("catalogue_seed"),
        NewItems = s.Double("new_items"),
        Segments = s.Int("segments", 0, 100_000),
        SegmentSpread = s.Double("segment_spread"),
        SegmentSeed = s.Int("segment_seed"),
    };

    /// <summary>The environment holds the base catalogue and a session copy (topic, quality, id, slot each) and N candidates;
    /// a task holds one interest per topic.</summary>
    public static (MemoryEstimate, MemoryEstimate) Memory(EnvSettings s)
    {
        double catalogue = s.Int("catalogue", 0), topics = s.Int("topics", 1), candidates = s.Int("candidates", 1);
        var env = new MemoryEstimate()
            .Add("catalogue", $"the catalogue and its session copy: {MemoryEstimate.Count(catalogue)} documents", catalogue * 40)
            .Add("candidates", $"the candidates: {MemoryEstimate.Count(candidates)} documents", candidates * 24);
        var task = new MemoryEstimate().Add("topics", $"the user's interests: {MemoryEstimate.Count(topics)} numbers", topics * sizeof(double));
        return (env, task);
    }
}
