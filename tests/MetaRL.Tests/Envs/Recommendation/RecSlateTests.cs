using System.Collections.Immutable;
using MetaRL.Envs;
using MetaRL.Random;

namespace MetaRL.Tests.Envs.Recommendation;

public sealed class RecSlateTests
{
    private static RecSlateTask User(int seed, int topics = 20)
    {
        var rng = new Rng(seed);
        return new RecSlateTask([.. Enumerable.Range(0, topics).Select(_ => rng.Uniform(-1, 1))]);
    }

    private static (Env Env, RecSlate Sim, float[] Obs) Pinned(RecSlateTask user, Dictionary<string, string>? settings = null, long seed = 0)
    {
        var env = EnvRegistry.Make("RecSlate-v0", settings);
        var sim = env.Find<RecSlate>()!;
        sim.SetTask(user);
        var obs = env.NewObservation();
        env.Reset(obs, seed);
        return (env, sim, obs);
    }

    private static float[] RandomSlate(Rng rng, int n, int k)
    {
        var picks = Enumerable.Range(0, n).OrderBy(_ => rng.NextDouble()).Take(k).ToArray();
        return [.. picks.Select(p => (float)p)];
    }

    [Fact]
    public void Topic_quality_means_are_recsims_linspace_of_fourteen_trashy_and_six_nutritious_topics()
    {
        var means = new RecSlateConfig().TopicQualityMeans();
        double[] trashy = [.. Enumerable.Range(0, 14).Select(i => -3 + 3.0 * i / 13)];
        double[] nutritious = [.. Enumerable.Range(0, 6).Select(i => 3.0 * i / 5)];
        Assert.Equal([.. trashy, .. nutritious], means, (a, b) => Math.Abs(a - b) < 1e-12);
    }

    [Fact]
    public void Given_a_fixed_seed_every_step_follows_recsims_budget_and_interest_updates_and_the_choices_match_the_proportional_probabilities()
    {
        // A naive reference of RecSim's IEvUserModel with the defaults: the choice probabilities are
        // (interest + 1) / (Σ slate (interest + 1) + (1 + 1)); a click watches min(budget, 4) minutes and moves the budget by
        // −watch + 0.9/3.4 · watch · quality; the clicked topic's interest x moves by ±(0.3 − 0.3|x|)(1 − x), towards with
        // probability (x + 1)/2, clipped to [−1, 1]; no click costs 0.5 minutes.
        var (env, sim, obs) = Pinned(User(5));
        var rng = new Rng(17);
        double predictedClicks0 = 0, varClicks0 = 0, predictedNone = 0, varNone = 0, predictedTowards = 0, varTowards = 0;
        int clicks0 = 0, none = 0, towards = 0, steps = 0;
        for (int session = 0; session < 120; session++)
        {
            StepResult r = default;
            while (!r.Done)
            {
                double[] before = sim.Interests.ToArray();
                double budget = sim.Budget;
                var slate = RandomSlate(rng, 10, 2);
                int[] topics = [.. slate.Select(d => sim.CandidateTopics[(int)d])];
                double[] quality = [.. slate.Select(d => sim.CandidateQuality((int)d))];
                double w0 = before[topics[0]] + 1, w1 = before[topics[1]] + 1, total = w0 + w1 + 2;
                predictedClicks0 += w0 / total; varClicks0 += w0 / total * (1 - w0 / total);
                predictedNone += 2 / total; varNone += 2 / total * (1 - 2 / total);

                r = env.Step(slate, obs);
                steps++;
                int c = sim.LastClickPosition;
                if (c < 0)
                {
                    none++;
                    Assert.Equal(0.0, r.Reward);
                    Assert.Equal(budget - 0.5, sim.Budget, 12);
                    Assert.Equal(before, sim.Interests.ToArray());
                    continue;
                }
                if (c == 0) { clicks0++; }
                double watch = Math.Min(budget, 4);
                Assert.Equal(watch, r.Reward, 12);
                Assert.Equal(budget - watch + 0.9 / 3.4 * watch * quality[c], sim.Budget, 9);
                int t = topics[c];
                double x = before[t], step = (-0.3 * Math.Abs(x) + 0.3) * (1 - x);
                double up = Math.Clamp(x + step, -1, 1), down = Math.Clamp(x - step, -1, 1);
                double now = sim.Interests[t];
                Assert.True(now == up || now == down, $"interest {x} became {now}, neither {up} nor {down}");
                if (up != down) // at |x| = 1 the step is 0 and the flip shows nothing
                {
                    predictedTowards += (x + 1) / 2;
                    varTowards += (x + 1) / 2 * (1 - (x + 1) / 2);
                    if (now == up) { towards++; }
                }
                for (int i = 0; i < 20; i++) { if (i != t) { Assert.Equal(before[i], sim.Interests[i]); } }
            }
            Assert.True(r.Terminated);
            Assert.True(sim.Budget <= 0);
            env.Reset(obs);
        }
        Assert.True(steps > 5000, $"{steps} steps");
        // Frequencies within 4 standard deviations of the reference's probabilities.
        Assert.InRange(clicks0, predictedClicks0 - 4 * Math.Sqrt(varClicks0), predictedClicks0 + 4 * Math.Sqrt(varClicks0));
        Assert.InRange(none, predictedNone - 4 * Math.Sqrt(varNone), predictedNone + 4 * Math.Sqrt(varNone));
        Assert.InRange(towards, predictedTowards - 4 * Math.Sqrt(varTowards), predictedTowards + 4 * Math.Sqrt(varTowards));
    }

    [Fact]
    public void Cascade_and_logit_weights_match_recsims_formulas()
    {
        double[] scores = [0.4, -0.7, 1.0];
        var w = new double[3];
        var cascade = new RecSlateConfig { Choice = RecSlateChoice.Cascade };
        double none = RecSlateChoiceModel.Weights(cascade, scores, w);
        double remaining = 1;
        for (int i = 0; i < 3; i++)
        {
            double s = 0.05 * (scores[i] + 1);
            Assert.Equal(remaining * 0.65 * s, w[i], 14);
            remaining *= 1 - 0.65 * s;
        }
        Assert.Equal(remaining, none, 14);
        Assert.Equal(1.0, w.Sum() + none, 12); // cascade weights are already probabilities
        var logit = new RecSlateConfig { Choice = RecSlateChoice.Logit };
        none = RecSlateChoiceModel.Weights(logit, scores, w);
        double z = scores.Sum(Math.Exp) + Math.Exp(1);
        for (int i = 0; i < 3; i++) { Assert.Equal(Math.Exp(scores[i]) / z, w[i] / (w.Sum() + none), 12); }
        Assert.Equal(1 / (1 + Math.Exp(1 - 0.4)), RecSlateChoiceModel.ExpectedUtility(logit, 0.4), 14);
    }

    [Fact]
    public void Quality_of_fresh_documents_is_normal_around_the_topic_mean()
    {
        var env = new RecSlate();
        var obs = env.NewObservation();
        var means = env.TopicQualityMeans.ToArray();
        var residuals = new List<double>();
        for (int e = 0; e < 400; e++)
        {
            env.Reset(obs, e);
            for (int i = 0; i < 10; i++) { residuals.Add(env.CandidateQuality(i) - means[env.CandidateTopics[i]]); }
        }
        double mean = residuals.Average(), std = Math.Sqrt(residuals.Select(r => (r - mean) * (r - mean)).Average());
        Assert.InRange(mean, -0.01, 0.01);
        Assert.InRange(std, 0.095, 0.105);
        Assert.Equal(env.CandidateQuality(3), env.CandidateQuality(3)); // asking twice gives the same document
    }

    [Fact]
    public void The_same_seed_gives_the_same_sessions_and_another_seed_does_not()
    {
        static (List<float> Obs, List<double> Rewards) Play(long seed)
        {
            var env = EnvRegistry.Make("RecSlate-v0");
            var obs = env.NewObservation();
            env.Reset(obs, seed);
            var rng = new Rng(1);
            var seen = new List<float>();
            var rewards = new List<double>();
            for (int t = 0; t < 500; t++)
            {
                var r = env.Step(RandomSlate(rng, 10, 2), obs);
                seen.AddRange(obs);
                rewards.Add(r.Reward);
                if (r.Done) { env.Reset(obs); }
            }
            return (seen, rewards);
        }
        var a = Play(42);
        var b = Play(42);
        Assert.Equal(a.Obs, b.Obs);
        Assert.Equal(a.Rewards, b.Rewards);
        Assert.NotEqual(a.Rewards, Play(43).Rewards);
    }

    [Fact]
    public void The_last_click_watches_only_what_is_left_of_the_budget_and_ends_the_session()
    {
        // A user who loves topic 0 shown only topic-0 documents of a tiny budget: the session ends at the first click
        // that spends it, whose watch time is the budget left (min(budget, length)).
        var settings = new Dictionary<string, string> { ["time_budget"] = "3", ["topics"] = "1", ["quality_high"] = "0", ["quality_low"] = "0", ["quality_std"] = "0" };
        var (env, sim, obs) = Pinned(new RecSlateTask([1.0]), settings);
        StepResult r = default;
        double budget = 0;
        int steps = 0;
        while (!r.Done)
        {
            budget = sim.Budget;
            r = env.Step([0f, 1f], obs);
            steps++;
        }
        Assert.True(r.Terminated);
        Assert.False(r.Truncated);
        Assert.True(sim.LastClickPosition >= 0);
        Assert.Equal(Math.Min(budget, 4), r.Reward, 12);
        Assert.Equal(0.0, sim.Budget, 12);
        Assert.True(steps < 10);
    }

    [Fact]
    public void Observation_layout_is_candidates_then_last_response_then_session_counts()
    {
        var (env, sim, obs) = Pinned(User(2));
        Assert.Equal(10 * 20 + 2 * 23 + 40, obs.Length);
        for (int i = 0; i < 10; i++) { Assert.Equal(1f, obs[i * 20 + sim.CandidateTopics[i]]); Assert.Equal(1f, obs.Skip(i * 20).Take(20).Sum()); }
        Assert.All(obs.Skip(200), v => Assert.Equal(0f, v));
        int[] topics = [sim.CandidateTopics[4], sim.CandidateTopics[7]];
        double q4 = sim.CandidateQuality(4);
        var r = env.Step([4f, 7f], obs);
        Assert.Equal(1f, obs[200 + topics[0]]);
        Assert.Equal(1f, obs[223 + topics[1]]);
        Assert.Equal((float)q4, obs[200 + 22]);
        int c = sim.LastClickPosition;
        Assert.Equal(c == 0 ? 1f : 0f, obs[220]);
        Assert.Equal(c == 1 ? 1f : 0f, obs[243]);
        Assert.Equal((float)r.Reward, c < 0 ? 0f : obs[200 + c * 23 + 21]);
        var impressions = obs.Skip(246).Take(20).ToArray();
        var clicks = obs.Skip(266).Take(20).ToArray();
        Assert.Equal(2f, impressions.Sum());
        Assert.Equal(c < 0 ? 0f : 1f, clicks.Sum());
        Assert.True(env.ObservationSpace.Contains(obs));
    }

    [Fact]
    public void A_repeated_index_is_shown_once_and_an_index_outside_the_candidates_is_refused()
    {
        var (env, sim, obs) = Pinned(User(3));
        env.Step([3f, 3f], obs);
        Assert.Equal([3], sim.LastSlate.ToArray());
        env.Step([5f, 2f], obs);
        Assert.Equal([5, 2], sim.LastSlate.ToArray());
        var ex = Assert.Throws<ArgumentException>(() => env.Step([10f, 1f], obs));
        Assert.Contains("[0, 10)", ex.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => env.Step([1.5f, 2f], obs));
    }

    [Fact]
    public void Slate_indices_enumerate_ordered_slates_lexicographically_and_round_trip()
    {
        Assert.Equal(60.0, SlateIndex.Count(5, 3));
        var slates = new List<int[]>();
        for (int a = 0; a < 5; a++)
        {
            for (int b = 0; b < 5; b++)
            {
                for (int c = 0; c < 5; c++) { if (a != b && b != c && a != c) { slates.Add([a, b, c]); } }
            }
        }
        var decoded = new int[3];
        for (int i = 0; i < slates.Count; i++)
        {
            Assert.Equal(i, SlateIndex.Encode(slates[i], 5));
            SlateIndex.Decode(i, 5, decoded);
            Assert.Equal(slates[i], decoded);
        }
    }

    [Fact]
    public void Index_actions_make_a_discrete_space_of_ordered_slates_that_passes_the_checker()
    {
        var settings = new Dictionary<string, string> { ["action"] = "index" };
        var env = EnvRegistry.Make("RecSlate-v0", settings);
        Assert.Equal("Discrete(90)", env.ActionSpace.ToString());
        Assert.All(EnvChecker.Check(env, seed: 2, steps: 300), r => Assert.True(r.Passed, $"{r.Name}: {r.Detail}"));
        var sim = env.Find<RecSlate>()!;
        var obs = env.NewObservation();
        env.Reset(obs, 1);
        env.Step(SlateIndex.Encode([7, 2], 10), obs);
        Assert.Equal([7, 2], sim.LastSlate.ToArray());
        var big = Assert.Throws<EnvConfigurationException>(() => EnvRegistry.Make("RecSlate-v0", new Dictionary<string, string> { ["action"] = "index", ["candidates"] = "100", ["slate"] = "4" }));
        Assert.Contains("action=slate", big.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Cold_start_puts_a_new_document_among_the_candidates_and_keeps_the_catalogue_size()
    {
        var settings = new Dictionary<string, string> { ["catalogue"] = "30", ["new_items"] = "1" };
        var (env, sim, obs) = Pinned(User(4), settings);
        Assert.All(sim.CandidateIds.ToArray(), id => Assert.InRange(id, 0, 29));
        long newest = 29;
        var rng = new Rng(2);
        for (int t = 0; t < 60; t++)
        {
            var r = env.Step(RandomSlate(rng, 10, 2), obs);
            if (r.Done) { break; }
            long[] ids = sim.CandidateIds.ToArray();
            Assert.Equal(ids.Length, ids.Distinct().Count());
            Assert.Equal(newest + 1, ids.Max()); // the document that arrived this step is offered
            newest = ids.Max();
            Assert.Equal(30, sim.CatalogueSize);
        }
        // Without arrivals the candidates stay catalogue documents; arrivals need a catalogue.
        var (env2, sim2, obs2) = Pinned(User(4), new Dictionary<string, string> { ["catalogue"] = "30" });
        for (int t = 0; t < 50; t++) { env2.Step(RandomSlate(rng, 10, 2), obs2); Assert.All(sim2.CandidateIds.ToArray(), id => Assert.InRange(id, 0, 29)); }
        var bad = Assert.Throws<EnvConfigurationException>(() => EnvRegistry.Make("RecSlate-v0", new Dictionary<string, string> { ["new_items"] = "0.1" }));
        Assert.Contains("catalogue", bad.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_session_starts_from_the_users_interests_again_after_they_drifted()
    {
        var user = User(8);
        var (env, sim, obs) = Pinned(user);
        var rng = new Rng(3);
        StepResult r = default;
        while (!r.Done) { r = env.Step(RandomSlate(rng, 10, 2), obs); }
        Assert.NotEqual(user.Interests.ToArray(), sim.Interests.ToArray());
        env.Reset(obs);
        Assert.Equal(user.Interests.ToArray(), sim.Interests.ToArray());
    }

    [Fact]
    public void Stepping_allocates_nothing()
    {
        var env = EnvRegistry.Make("RecSlate-v0", new Dictionary<string, string> { ["catalogue"] = "100", ["new_items"] = "0.2" });
        var fresh = EnvRegistry.Make("RecSlate-v0");
        float[] slate = [1f, 6f];
        foreach (var e in new[] { env, fresh })
        {
            e.Find<ITaskEnv>()!.SetTask(User(1)); // drawing a new user at each reset makes a task object
            var obs = e.NewObservation();
            e.Reset(obs, 0);
            for (int t = 0; t < 2000; t++) { if (e.Step(slate, obs).Done) { e.Reset(obs); } }
            // A runtime event on this thread (a method's tier-up under the full suite's load) once put 5,648 bytes into one
            // window of 20,000 steps; it happens once, so of three windows the last must be clean. An allocation per step
            // or per session shows in every window.
            long allocated = 0;
            for (int window = 0; window < 3; window++)
            {
                long before = GC.GetAllocatedBytesForCurrentThread();
                for (int t = 0; t < 20000; t++) { if (e.Step(slate, obs).Done) { e.Reset(obs); } }
                allocated = GC.GetAllocatedBytesForCurrentThread() - before;
                if (allocated == 0) { break; }
            }
            Assert.Equal(0, allocated);
        }
    }

    [Fact]
    public void Bad_settings_are_refused_naming_the_setting()
    {
        Assert.Contains("'slate'", Assert.Throws<EnvConfigurationException>(() => EnvRegistry.Make("RecSlate-v0", new Dictionary<string, string> { ["slate"] = "11" })).Message, StringComparison.Ordinal);
        Assert.Contains("min_normalizer", Assert.Throws<EnvConfigurationException>(() => EnvRegistry.Make("RecSlate-v0", new Dictionary<string, string> { ["min_normalizer"] = "-0.5" })).Message, StringComparison.Ordinal);
        Assert.Contains("choice", Assert.Throws<EnvConfigurationException>(() => EnvRegistry.Make("RecSlate-v0", new Dictionary<string, string> { ["choice"] = "softmax" })).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => EnvRegistry.Make("RecSlate-v0").Find<ITaskEnv>()!.SetTask(new RecSlateTask(ImmutableArray.Create(0.5, 0.2))));
    }

    [Fact]
    public void Multi_discrete_samples_lie_inside_and_the_trial_wrapper_one_hot_encodes_each_component()
    {
        var space = new MultiDiscrete(3, 4);
        Assert.Equal("MultiDiscrete([3 4])", space.ToString());
        Assert.True(space.Contains([2f, 3f]));
        Assert.False(space.Contains([3f, 0f]));
        Assert.False(space.Contains([0.5f, 0f]));
        var trial = EnvRegistry.MakeTrial("RecSlate-v0");
        var inner = trial.Inner.ObservationSpace.Size;
        Assert.Equal(inner + 20 + 2, trial.ObservationSpace.Size);
        var obs = trial.NewObservation();
        trial.Reset(obs, 1);
        trial.Step([2f, 9f], obs);
        float[] previous = obs[inner..(inner + 20)];
        Assert.Equal(1f, previous[2]);
        Assert.Equal(1f, previous[10 + 9]);
        Assert.Equal(2f, previous.Sum());
    }

    [Fact]
    public void Users_of_a_segment_lie_within_the_spread_of_its_seeded_centre_and_without_segments_have_none()
    {
        var settings = new Dictionary<string, string> { ["segments"] = "3", ["segment_spread"] = "0.2", ["segment_seed"] = "4" };
        var sim = EnvRegistry.Make("RecSlate-v0", settings).Find<RecSlate>()!;
        var users = sim.SampleTasks(300, new Rng(1)).Cast<RecSlateTask>().ToList();
        Assert.Equal([0, 1, 2], users.Select(u => u.Segment).Distinct().Order());
        foreach (var u in users)
        {
            var centre = sim.SegmentCentres[u.Segment];
            for (int i = 0; i < 20; i++) { Assert.InRange(u.Interests[i], Math.Max(-1, centre[i] - 0.2), Math.Min(1, centre[i] + 0.2)); }
        }
        var again = EnvRegistry.Make("RecSlate-v0", settings).Find<RecSlate>()!;
        Assert.Equal(sim.SegmentCentres[2], again.SegmentCentres[2]); // the centres are the seed's
        Assert.All(EnvRegistry.Make("RecSlate-v0").Find<ITaskEnv>()!.SampleTasks(5, new Rng(1)).Cast<RecSlateTask>(), u => Assert.Equal(-1, u.Segment));
        var back = (RecSlateTask)TaskJson.Deserialize(TaskJson.Serialize(users[0]));
        Assert.Equal(users[0].Interests.ToArray(), back.Interests.ToArray());
        Assert.Equal(users[0].Segment, back.Segment);
    }
}
