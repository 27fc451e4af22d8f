using MetaRL.Memory;

namespace MetaRL.Learning.OffPolicy;

/// <summary>
/// Logged bandit feedback with a known true policy value: Open Bandit Pipeline's synthetic OPE example (Saito et al.
/// 2021, <c>examples/synthetic</c>: <c>SyntheticBanditDataset</c> with <c>logistic_reward_function</c>, the behaviour policy
/// softmax(β·q(x, ·)), an evaluation policy learnt by <c>IPWLearner</c> on a separate training log).
/// <list type="bullet">
/// <item>Contexts x ~ N(0, I_d). With x̃ = [1, x] and ã = [1, onehot(a)], the logit is x̃·θ_x + ã·θ_a + x̃ᵀMã with
/// θ_x, θ_a, M drawn uniform in [−1, 1] once per seed; as in OBP the logits of the batch are shifted by −mean/std (OBP's
/// z-score line subtracts mean/std, an operator-precedence slip kept here so the task is the same), and
/// q(x, a) = sigmoid(logit). Rewards are Bernoulli(q(x, a)).</item>
/// <item>Behaviour π_b(· | x) = softmax(β·q(x, ·)) (default β = −3: a policy that prefers the worse actions).</item>
/// <item>Evaluation π_e: OBP's <c>IPWLearner</c> with <c>LogisticRegression(C=100)</c>: a multinomial logistic
/// regression of the logged action on the context, weighted by r/pscore, on a training log drawn like the test log;
/// π_e(· | x) = softmax(p̂(· | x)) (<c>predict_proba</c> with τ = 1).</item>
/// <item>Ground truth V = (1/n) Σ_i Σ_a π_e(a | x_i) q(x_i, a) on the test log's contexts (OBP's
/// <c>calc_ground_truth_policy_value</c>).</item>
/// </list>
/// </summary>
public static class SyntheticBanditLog
{
    /// <summary>The test log (contexts, no q̂) and the evaluation policy's true value on it.</summary>
    public static (BanditLog Log, double GroundTruth) Generate(SyntheticBanditOptions options, long seed)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var rng = new Rng(seed);
        int d = options.ContextDim, a = options.Actions;
        var coef = new Coefficients(rng, d, a);
        var train = Sample(options.TrainRounds, rng, coef, options.Beta);
        var weight = new double[options.TrainRounds];
        for (int i = 0; i < weight.Length; i++) { weight[i] = train.Reward[i] / train.Pscore[i]; }
        var learner = SoftmaxRegression.Fit(train.Context, d, train.Action, weight, a, l2: 1.0 / options.EvaluationPolicyC);
        var test = Sample(options.Rounds, rng, coef, options.Beta);
        int n = options.Rounds;
        var target = new float[n * a];
        var probs = new double[a];
        double truth = 0;
        for (int i = 0; i < n; i++)
        {
            learner.Probabilities(test.Context.AsSpan(i * d, d), probs);
            Softmax(probs);
            double v = 0;
            for (int k = 0; k < a; k++)
            {
                target[i * a + k] = (float)probs[k];
                v += probs[k] * test.Expected[i * a + k];
            }
            truth += v;
        }
        Renormalise(target, a);
        var log = new BanditLog(a, test.Action, test.Reward, test.Pscore, target, test.Context, d);
        return (log, truth / n);
    }

    private sealed record Batch(float[] Context, double[] Expected, int[] Action, float[] Reward, float[] Pscore);

    /// <summary>θ_x (d + 1), θ_a (A + 1) and M ((d + 1) × (A + 1)), uniform in [−1, 1].</summary>
    private sealed class Coefficients
    {
        public Coefficients(Rng rng, int d, int actions)
        {
            ContextCoef = Draw(rng, d + 1);
            ActionCoef = Draw(rng, actions + 1);
            Interaction = Draw(rng, (d + 1) * (actions + 1));
            Actions = actions;
        }

        public double[] ContextCoef { get; }

        public double[] ActionCoef { get; }

        public double[] Interaction { get; }

        public int Actions { get; }

        /// <summary>x̃·θ_x + ã·θ_a + x̃ᵀMã for action <paramref name="action"/>.</summary>
        public double Logit(ReadOnlySpan<float> x, int action)
        {
            int cols = Actions + 1;
            double v = ContextCoef[0] + ActionCoef[0] + ActionCoef[action + 1] + Interaction[0] + Interaction[action + 1];
            for (int j = 0; j < x.Length; j++)
            {
                v += x[j] * (ContextCoef[j + 1] + Interaction[(j + 1) * cols] + Interaction[(j + 1) * cols + action + 1]);
            }
            return v;
        }

        private static double[] Draw(Rng rng, int count)
        {
            var v = new double[count];
            for (int i = 0; i < count; i++) { v[i] = rng.Uniform(-1, 1); }
            return v;
        }
    }

    private static Batch Sample(int n, Rng rng, Coefficients coef, double beta)
    {
        int d = coef.ContextCoef.Length - 1, a = coef.Actions;
        var context = new float[n * d];
        for (int i = 0; i < context.Length; i++) { context[i] = (float)rng.Normal(); }
        var logits = new double[n * a];
        for (int i = 0; i < n; i++) { for (int k = 0; k < a; k++) { logits[i * a + k] = coef.Logit(context.AsSpan(i * d, d), k); } }
        double mean = logits.Average(), std = Math.Sqrt(logits.Sum(v => (v - mean) * (v - mean)) / logits.Length);
        double shift = mean / std;
        var expected = new double[n * a];
        for (int i = 0; i < expected.Length; i++) { expected[i] = PenalizedGlm.Sigmoid(logits[i] - shift); }
        var action = new int[n];
        var reward = new float[n];
        var pscore = new float[n];
        var behaviour = new double[a];
        for (int i = 0; i < n; i++)
        {
            for (int k = 0; k < a; k++) { behaviour[k] = beta * expected[i * a + k]; }
            Softmax(behaviour);
            double u = rng.NextDouble(), cumulative = 0;
            int chosen = a - 1;
            for (int k = 0; k < a; k++)
            {
                cumulative += behaviour[k];
                if (u < cumulative) { chosen = k; break; }
            }
            action[i] = chosen;
            pscore[i] = (float)behaviour[chosen];
            reward[i] = rng.NextDouble() < expected[i * a + chosen] ? 1f : 0f;
        }
        return new Batch(context, expected, action, reward, pscore);
    }

    private static void Softmax(Span<double> v)
    {
        double max = double.NegativeInfinity;
        foreach (double x in v) { max = Math.Max(max, x); }
        double sum = 0;
        for (int k = 0; k < v.Length; k++) { v[k] = Math.Exp(v[k] - max); sum += v[k]; }
        for (int k = 0; k < v.Length; k++) { v[k] /= sum; }
    }

    /// <summary>Rows of float probabilities rescaled to sum to 1 in float arithmetic as closely as it allows.</summary>
    private static void Renormalise(float[] probs, int actions)
    {
        for (int i = 0; i < probs.Length; i += actions)
        {
            var row = probs.AsSpan(i, actions);
            float sum = 0;
            foreach (float p in row) { sum += p; }
            for (int k = 0; k < actions; k++) { row[k] /= sum; }
        }
    }
}

/// <summary>The synthetic example's sizes; the defaults are OBP's example (issue 28's OPE target).</summary>
public sealed class SyntheticBanditOptions
{
    /// <summary>Rows of the test log (the one evaluated).</summary>
    /// <value>The default value is 10,000.</value>
    public int Rounds { get; init; } = 10_000;

    /// <summary>Rows of the training log the evaluation policy is learnt on.</summary>
    /// <value>The default value is 10,000 (OBP's example draws train and test logs of the same size).</value>
    public int TrainRounds { get; init; } = 10_000;

    /// <value>The default value is 30.</value>
    public int Actions { get; init; } = 30;

    /// <value>The default value is 5.</value>
    public int ContextDim { get; init; } = 5;

    /// <summary>Inverse temperature of the behaviour policy softmax(β·q).</summary>
    /// <value>The default value is −3.</value>
    public double Beta { get; init; } = -3;

    /// <summary>C of the evaluation policy's logistic regression (OBP's example hyperparameter).</summary>
    /// <value>The default value is 100.</value>
    public double EvaluationPolicyC { get; init; } = 100;

    public void Validate()
    {
        if (Rounds < 1 || TrainRounds < 1 || Actions < 2 || ContextDim < 1 || !double.IsFinite(Beta) || !(EvaluationPolicyC > 0))
        {
            throw new ArgumentException("synthetic log: rounds and train rounds ≥ 1, actions ≥ 2, context dim ≥ 1, a finite beta and C > 0");
        }
        if ((double)Math.Max(Rounds, TrainRounds) * Actions > Array.MaxLength || (double)Math.Max(Rounds, TrainRounds) * ContextDim > Array.MaxLength)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"synthetic log: {Math.Max(Rounds, TrainRounds):N0} rounds × {Math.Max(Actions, ContextDim):N0} values per row is more than one array holds ({Array.MaxLength:N0}); lower --rounds or --actions"));
        }
    }

    /// <summary>What generating the log holds at the least: per row of the test and training logs the true q (double) of
    /// every action, the target (float) and the context; the evaluation policy's Newton system ((actions·(d + 1))² doubles);
    /// with <paramref name="withQHat"/> the fitted q̂. Keys are <c>metarl ope synth</c>'s options.</summary>
    public MemoryEstimate EstimateMemory(bool withQHat)
    {
        double rows = (double)Rounds + TrainRounds, p = (double)Actions * (ContextDim + 1);
        var estimate = new MemoryEstimate()
            .Add("actions", "the true q of every action in the test and training logs", rows * Actions * 8)
            .Add("actions", "the target probabilities of every action", (double)Rounds * Actions * MemoryEstimate.Float)
            .Add("actions", "the evaluation policy's Newton system (actions × (context dim + 1))²", p * p * 8)
            .Add("rounds", "the contexts, actions, rewards and propensities", rows * (ContextDim + 3) * MemoryEstimate.Float);
        return withQHat ? estimate.Add("actions", "the fitted q_hat of every action", (double)Rounds * Actions * MemoryEstimate.Float) : estimate;
    }
}
