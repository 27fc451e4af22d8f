using System.Collections.Immutable;
using MetaRL.Envs;
using MetaRL.Envs.Medical;

namespace MetaRL.Tests.Envs.Medical;

/// <summary>Diagnosis-v0: checker-clean, seeded, and its rewards as computed by hand.</summary>
public sealed class DiagnosisEnvTests
{
    // Prices 1, 2, 3, … for the 30 tests; prevalence ½; a miss costs 1000, a false alarm 200.
    private static readonly DiagnosisTask Hospital = new([.. Enumerable.Range(1, 30).Select(i => (double)i)], 0.5, 1000, 200);

    private static (Diagnosis Env, float[] Obs) Pinned(int maxTests = 30, bool posterior = false)
    {
        var env = new Diagnosis(DiagnosisData.Wdbc, new DiagnosisHospitals(), maxTests: maxTests, posterior: posterior);
        env.SetTask(Hospital);
        var obs = env.NewObservation();
        env.Reset(obs, 7);
        return (env, obs);
    }

    private static int Row(bool malignant) => Enumerable.Range(0, 569).First(r => DiagnosisData.Wdbc.Malignant[r] == malignant);

    [Fact]
    public void The_registered_environment_passes_the_checker_with_and_without_the_posterior_input()
    {
        Assert.All(EnvChecker.Check(EnvRegistry.Make("Diagnosis-v0")), r => Assert.True(r.Passed, r.ToString()));
        Assert.All(EnvChecker.Check(EnvRegistry.Make("Diagnosis-v0", new Dictionary<string, string> { ["posterior"] = "1", ["fold"] = "2", ["part"] = "test" })), r => Assert.True(r.Passed, r.ToString()));
    }

    [Fact]
    public void Tests_cost_their_price_and_show_the_standardised_value_and_a_correct_diagnosis_costs_nothing()
    {
        var (env, obs) = Pinned();
        int row = Row(malignant: true);
        env.ResetPatient(row, obs);
        Assert.All(obs, v => Assert.Equal(0f, v));
        var r1 = env.Step(3, obs); // the fourth test costs 4
        Assert.Equal(-4, r1.Reward);
        Assert.False(r1.Done);
        Assert.Equal(1f, obs[3]);
        var expected = (DiagnosisData.Wdbc.Table.Row(row)[3] - env.Scaler.Mean[3]) / env.Scaler.Std[3];
        Assert.Equal((float)expected, obs[30 + 3], 5);
        Assert.Equal(-4, env.Step(3, obs).Reward); // a repeat pays again
        Assert.Equal(2, env.TestsOrdered);
        var end = env.Step(31, obs); // malignant: correct
        Assert.Equal(0, end.Reward);
        Assert.True(end.Terminated);
        Assert.True(env.Verdict);
    }

    [Fact]
    public void A_missed_malignancy_costs_the_miss_cost_and_a_false_alarm_the_false_alarm_cost()
    {
        var (env, obs) = Pinned();
        env.ResetPatient(Row(malignant: true), obs);
        Assert.Equal(-1000, env.Step(30, obs).Reward); // said benign
        env.ResetPatient(Row(malignant: false), obs);
        Assert.Equal(-1, env.Step(0, obs).Reward);
        Assert.Equal(-200, env.Step(31, obs).Reward); // said malignant
        env.ResetPatient(Row(malignant: false), obs);
        Assert.Equal(0, env.Step(30, obs).Reward);
    }

    [Fact]
    public void An_order_beyond_max_tests_ends_the_episode_undiagnosed_at_the_cost_of_a_misdiagnosis()
    {
        var (env, obs) = Pinned(maxTests: 2);
        env.ResetPatient(Row(malignant: true), obs);
        Assert.Equal(-1, env.Step(0, obs).Reward);
        Assert.Equal(-2, env.Step(1, obs).Reward);
        var end = env.Step(2, obs);
        Assert.Equal(-1000, end.Reward);
        Assert.True(end.Terminated);
        Assert.Null(env.Verdict);
        Assert.Throws<InvalidOperationException>(() => env.Step(0, obs));
    }

    [Fact]
    public void Patients_follow_the_hospitals_prevalence_and_one_seed_fixes_the_episodes()
    {
        var env = new Diagnosis(DiagnosisData.Wdbc, new DiagnosisHospitals());
        env.SetTask(Hospital with { Prevalence = 0.9 });
        var obs = env.NewObservation();
        env.Reset(obs, 11);
        int malignant = 0;
        var first = new List<int>();
        for (int i = 0; i < 2000; i++) { env.Reset(obs); malignant += env.IsMalignant ? 1 : 0; if (i < 20) { first.Add(env.Patient); } }
        Assert.InRange(malignant / 2000.0, 0.87, 0.93);
        env.Reset(obs, 11);
        var again = Enumerable.Range(0, 20).Select(_ => { env.Reset(obs); return env.Patient; }).ToList();
        Assert.Equal(first, again);
    }

    [Fact]
    public void The_test_part_draws_only_held_out_rows_and_hospitals_are_drawn_within_their_ranges()
    {
        var env = new Diagnosis(DiagnosisData.Wdbc, new DiagnosisHospitals(), 10, 4, DiagnosisPart.Test);
        var held = DiagnosisData.Wdbc.Folds(10, 0).Test(4);
        var obs = env.NewObservation();
        env.Reset(obs, 3);
        for (int i = 0; i < 200; i++)
        {
            env.Reset(obs);
            Assert.Contains(env.Patient, held);
            var h = env.CurrentTask;
            Assert.InRange(h.Prevalence, 0.1, 0.6);
            Assert.InRange(h.MissCost, 500, 2000);
            Assert.InRange(h.FalseAlarmCost, 100, 400);
            Assert.All(h.TestCosts.Zip(DiagnosisData.Wdbc.ListPrices), p => Assert.InRange(p.First / p.Second, 1 / 3.0 - 1e-9, 3 + 1e-9));
        }
    }

    [Fact]
    public void A_hospital_round_trips_through_task_json()
    {
        var json = TaskJson.Serialize(Hospital);
        Assert.Contains("\"family\":\"diagnosis\"", json, StringComparison.Ordinal);
        var back = (DiagnosisTask)TaskJson.Deserialize(json);
        Assert.Equal(Hospital.TestCosts.ToArray(), back.TestCosts.ToArray());
        Assert.Equal((0.5, 1000.0, 200.0), (back.Prevalence, back.MissCost, back.FalseAlarmCost));
    }

    [Fact]
    public void The_bayes_decision_and_risk_follow_the_cost_matrix_by_hand()
    {
        // Malignant when (1 − p)·200 < p·1000, i.e. p > 1/6.
        Assert.False(Hospital.Decide(0.16));
        Assert.True(Hospital.Decide(0.17));
        Assert.Equal(0.1 * 1000, Hospital.Risk(0.1), 9);
        Assert.Equal(0.5 * 200, Hospital.Risk(0.5), 9);
        Assert.Equal(465, Hospital.AllTestsCost);
    }
}
