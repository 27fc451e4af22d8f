using MetaRL.Envs.Medical;
using MetaRL.Learning.Applications;
using MetaRL.Serialization;

namespace MetaRL.Cli.Commands.Apps;

/// <summary><c>metarl app diagnosis</c>: Diagnosis-v0 on WDBC — baselines under stratified 10-fold CV, PPO pretrained
/// across hospitals and fine-tuned on held-out ones against PPO trained for one hospital — and its report.</summary>
internal static class DiagnosisApp
{
    public static Command Create()
    {
        var quick = AppCommand.QuickOption();
        var out_ = AppCommand.OutOption("diagnosis");
        var seed = new Option<long>("--seed") { Description = "Seed of the held-out hospitals and of training.", DefaultValueFactory = _ => new DiagnosisJourneyOptions().Seed };
        var set = BaselinesCommand.SetOption();
        DiagnosisJourneyOptions full = new(), small = DiagnosisJourneyOptions.Quick();
        var hospitalsOpt = new Option<int?>("--hospitals") { Description = I($"Held-out hospitals (default {full.HeldOutHospitals}; {small.HeldOutHospitals} with --quick).") };
        var policyFolds = new Option<int?>("--policy-folds") { Description = I($"Folds the policies are trained and scored on, the first ones (default every fold; {small.PolicyFolds} with --quick).") };
        var pretrain = new Option<long?>("--pretrain-steps") { Description = I($"PPO steps of pretraining and of the one-hospital policy (default {full.Policy.PretrainSteps}; {small.Policy.PretrainSteps} with --quick).") };
        var adapt = new Option<long?>("--adapt-steps") { Description = I($"PPO fine-tuning steps per held-out hospital (default {full.Policy.AdaptSteps}; {small.Policy.AdaptSteps} with --quick).") };
        var command = new Command("diagnosis", "Cost-aware diagnosis on WDBC (Diagnosis-v0): baselines under stratified 10-fold CV, a policy pretrained across hospitals and adapted to held-out ones vs one trained for a single hospital; writes report.html, report.md, results.json and config.json.")
        {
            quick, out_, seed, set, hospitalsOpt, policyFolds, pretrain, adapt,
        };
        command.SetAction(parse =>
        {
            var o = parse.InvocationConfiguration.Output;
            bool isQuick = parse.GetValue(quick);
            string dir = parse.GetValue(out_) ?? Path.Combine("runs", isQuick ? "app-diagnosis-quick" : "app-diagnosis");
            var config = EnvRegistry.Settings("Diagnosis-v0", BaselinesCommand.ParseSettings(parse.GetValue(set)));
            var options = isQuick ? DiagnosisJourneyOptions.Quick() : new DiagnosisJourneyOptions();
            options.Folds = config.Int("folds", 2, 1000);
            options.PolicyFolds = parse.GetValue(policyFolds) ?? Math.Min(options.PolicyFolds, options.Folds);
            options.HeldOutHospitals = parse.GetValue(hospitalsOpt) ?? options.HeldOutHospitals;
            options.Policy.PretrainSteps = parse.GetValue(pretrain) ?? options.Policy.PretrainSteps;
            options.Policy.AdaptSteps = parse.GetValue(adapt) ?? options.Policy.AdaptSteps;
            try { options.Validate(); }
            catch (ArgumentException e) { throw new UserInputException(e.Message); }
            options.SplitSeed = config.Int("split_seed");
            options.Seed = parse.GetValue(seed);
            var data = DiagnosisSettings.Data(config);
            int rarer = Math.Min(data.Malignant.Count(m => m), data.Malignant.Count(m => !m));
            if (options.Folds > rarer) { throw new UserInputException($"--set folds={options.Folds}: every fold needs a row of each class, and {data.Name}'s rarer class has {rarer}."); }
            var hospitals = DiagnosisSettings.Hospitals(config);
            return CtrlC.Run(cancel =>
            {
                DiagnosisJourneyResult result;
                try { result = DiagnosisJourney.Run(data, hospitals, options, line => o.WriteLine(line), cancel); }
                catch (OperationCanceledException)
                {
                    o.WriteLine("stopped before the end: no report written.");
                    return 1;
                }
                var report = DiagnosisReport.Build(result, data, isQuick);
                report.Write(dir);
                AtomicFile.WriteText(Path.Combine(dir, "results.json"), DiagnosisReport.Json(result));
                AtomicFile.WriteText(Path.Combine(dir, "config.json"), JsonSerializer.Serialize(new
                {
                    command = "metarl app diagnosis" + (isQuick ? " --quick" : ""),
                    env = "Diagnosis-v0",
                    settings = config.Values,
                    options.Folds, options.PolicyFolds, options.HeldOutHospitals, options.SplitSeed, options.Seed,
                    policy = options.Policy,
                }, new JsonSerializerOptions { WriteIndented = true }));
                o.WriteLine();
                o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Held-out hospitals ({result.Hospitals.Count}), mean ± 95% CI across hospitals, {options.PolicyFolds} of {options.Folds} folds:"));
                DiagnosisTable.Write(o, result.HeldOut.Select(m => (m.Method, m.Average)));
                o.WriteLine(DiagnosisReport.Verdict(result));
                o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Report: {Path.Combine(dir, "report.html")} and report.md ({result.Seconds:F0} s)"));
                return 0;
            }, stopping: "stopping after the current training run (no report is written)");
        });
        return command;
    }

    private static string I(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
