namespace MetaRL.Envs;

/// <summary>
/// RecSim's choice models (<c>choice_model.py</c>) over a slate's scores (a user's interest in each document's topic):
/// the weight of each position and of no click, whose ratios to their sum are the choice probabilities. The multinomial
/// models ignore positions; the cascade ones examine the slate in order with attention and score scaling.
/// </summary>
public static class RecSlateChoiceModel
{
    /// <summary>Writes each position's weight into <paramref name="weights"/> (the length of <paramref name="scores"/>) and
    /// returns the no-click weight; P(position i) = weights[i] / (Σ weights + no-click weight).</summary>
    public static double Weights(RecSlateConfig c, ReadOnlySpan<double> scores, Span<double> weights)
    {
        switch (c.Choice)
        {
            case RecSlateChoice.Proportional:
                for (int i = 0; i < scores.Length; i++) { weights[i] = scores[i] - c.MinNormalizer; }
                return c.NoClickMass - c.MinNormalizer;
            case RecSlateChoice.Logit:
            {
                // softmax over the scores and the no-click mass, shifted by the largest for stability
                double max = c.NoClickMass;
                foreach (double s in scores) { max = Math.Max(max, s); }
                for (int i = 0; i < scores.Length; i++) { weights[i] = Math.Exp(scores[i] - max); }
                return Math.Exp(c.NoClickMass - max);
            }
            default:
            {
                double none = 1;
                for (int i = 0; i < scores.Length; i++)
                {
                    double s = c.ScoreScaling * (c.Choice == RecSlateChoice.Cascade ? scores[i] - c.MinNormalizer : Math.Exp(scores[i]));
                    weights[i] = none * c.Attention * s;
                    none *= 1 - c.Attention * s;
                }
                return none;
            }
        }
    }

    /// <summary>The "expected utility" RecSim's budget update reads for a clicked document of score <paramref name="score"/>:
    /// the choice model's score of that document scored alone (<c>score_documents(user, [doc]).scores[0]</c>).</summary>
    public static double ExpectedUtility(RecSlateConfig c, double score) => c.Choice switch
    {
        RecSlateChoice.Proportional => score - c.MinNormalizer,
        RecSlateChoice.Logit => 1 / (1 + Math.Exp(c.NoClickMass - score)),
        RecSlateChoice.Cascade => c.Attention * c.ScoreScaling * (score - c.MinNormalizer),
        _ => c.Attention * c.ScoreScaling * Math.Exp(score),
    };

    /// <summary>The interest step size at interest <paramref name="x"/>: (−y/x₀)·|x| + y (RecSim's <c>compute_alpha</c>).</summary>
    public static double InterestAlpha(RecSlateConfig c, double x) => -c.InterestStep / c.InterestXIntercept * Math.Abs(x) + c.InterestStep;
}
