namespace MetaRL.Cli.Commands;

/// <summary>
/// <c>metarl finetune --run BASE --out RUN [--data DIR] [--lora-rank R] [--lora-targets attn,mlp] [--lora-alpha A] [--merge]
/// [--set k=v …] [--resume | --overwrite] [--quiet]</c>: a pretraining run that starts from BASE's newest weights with the
/// base run's model and training settings (the run key <c>init_from</c>). With a rank above 0 only LoRA adapters
/// train (<see cref="DptFinetune"/>); rank 0 trains every weight. The rows come from <c>--data</c>, or are generated from
/// the family with the base settings and the <c>--set</c> keys (e.g. <c>--set goals=test</c>). Everything else (run
/// folder, lock, progress, Ctrl-C, divergence, exit codes) is <c>pretrain</c>'s.
/// </summary>
internal static class FinetuneCommand
{
    /// <summary>The adapters' rank when <c>--lora-rank</c> is not given (PEFT's <c>r</c>).</summary>
    internal const int DefaultRank = 8;

    public static Command Create()
    {
        var baseRun = new Option<string>("--run") { Description = "The pretrained dpt run to start from.", Required = true };
        var data = new Option<string?>("--data") { Description = "A dataset folder of the new task family; without it the rows are generated from the family (base settings and --set keys)." };
        var rank = new Option<int>("--lora-rank") { Description = "Rank of the LoRA adapters; 0 fine-tunes every weight.", DefaultValueFactory = _ => DefaultRank };
        var targets = new Option<string>("--lora-targets") { Description = "Layers that get adapters, comma-separated: attn, mlp, embed, head.", DefaultValueFactory = _ => new DptOptions().LoraTargets };
        var alpha = new Option<double>("--lora-alpha") { Description = "LoRA alpha: the adapters' output is scaled by alpha/rank.", DefaultValueFactory = _ => new DptOptions().LoraAlpha };
        var merge = new Option<bool>("--merge") { Description = "Also write merged.safetensors: the adapters folded into the base weights (a plain model)." };
        var runOptions = new RunOptions(
            outHelp: "Run directory of the fine-tuned model (refused if it holds a run, unless --resume or --overwrite).",
            setHelp: "key=value override (repeatable): a training, run or family key (e.g. iterations=, goals=test).",
            resumeHelp: "Continue the fine-tuning run in --out from its newest checkpoint.",
            overwriteHelp: "Replace the run in --out: its files are deleted first.",
            quietHelp: "Print only the final line (notices go to stderr).");
        var command = new Command("finetune", "Fine-tune a pretrained decision model on a new task family: LoRA adapters (base weights frozen) or every weight; evaluate it with meta-eval.")
        {
            baseRun, data, runOptions.Out, rank, targets, alpha, merge, runOptions.Set, runOptions.Resume, runOptions.Overwrite, runOptions.Quiet,
        };
        command.SetAction(parse =>
        {
            var request = runOptions.Read(parse);
            string dir = request.Dir!, from = parse.GetValue(baseRun)!;
            bool isResume = request.Resume;
            var sets = request.Sets;
            ConfigLayers layers;
            if (isResume)
            {
                layers = RunOptions.ResumedLayers(dir).Set(sets);
            }
            else
            {
                var source = new RunDirectory(from);
                if (!source.HasRun) { throw new UserInputException($"--run: {from} holds no run (no {RunConfig.FileName})."); }
                layers = ConfigLayers.OfRun(source, meta: true).Set(sets);
                bool dataSet = sets.Any(a => ConfigLayers.ParseAssignment(a).Key == "data");
                layers.Option("init_from", source.Root)
                    .Option("data", parse.GetValue(data) is { } d ? Path.GetFullPath(d) : dataSet ? null : "")
                    .Option("lora_rank", parse.GetValue(rank).ToString(CultureInfo.InvariantCulture))
                    .Option("lora_targets", parse.GetValue(targets))
                    .Option("lora_alpha", parse.GetValue(alpha).ToString("R", CultureInfo.InvariantCulture))
                    .Option("lora_merge", parse.GetValue(merge) ? "true" : "false");
            }
            return PretrainCommand.Run(parse, layers, dir, isResume, request.Overwrite, request.Quiet);
        });
        return command;
    }
}
