namespace MetaRL.Cli.Commands;

/// <summary>
/// The options of every command that writes one run (<c>train</c>, <c>meta-train</c>, <c>pretrain</c>, <c>finetune</c>):
/// the run directory, <c>--set</c> overrides, whether an existing run continues or is replaced, and how much is printed.
/// Each command words the help of what it means by them; the rules (one of <c>--resume</c> and <c>--overwrite</c>, a
/// resumed folder must hold a run) are written here once.
/// </summary>
internal sealed class RunOptions(string outHelp, string setHelp, string resumeHelp, string overwriteHelp, string quietHelp, bool outRequired = true)
{
    public Option<string?> Out { get; } = new("--out") { Description = outHelp, Required = outRequired };

    public Option<string[]> Set { get; } = new("--set") { Description = setHelp, AllowMultipleArgumentsPerToken = false };

    public Option<bool> Resume { get; } = new("--resume") { Description = resumeHelp };

    public Option<bool> Overwrite { get; } = new("--overwrite") { Description = overwriteHelp };

    public Option<bool> Quiet { get; } = new("--quiet") { Description = quietHelp };

    /// <summary>What the command line asked for, after refusing <c>--resume</c> with <c>--overwrite</c>.</summary>
    public RunRequest Read(ParseResult parse)
    {
        bool resume = parse.GetValue(Resume), overwrite = parse.GetValue(Overwrite);
        if (resume && overwrite) { throw new UserInputException("--resume continues the run in --out and --overwrite replaces it: give one of them"); }
        return new RunRequest(parse.GetValue(Out), parse.GetValue(Set) ?? [], resume, overwrite, parse.GetValue(Quiet));
    }

    /// <summary>The settings a resumed run continues with: its own <c>config.yaml</c>; a folder without a run is refused.</summary>
    public static ConfigLayers ResumedLayers(string dir)
    {
        var run = new RunDirectory(dir);
        if (!run.HasRun) { throw new UserInputException("--resume: " + FolderKind.NoRun(dir, "run to resume")); }
        return ConfigLayers.OfRun(run, meta: true);
    }
}

/// <summary>One invocation's answers to <see cref="RunOptions"/>.</summary>
internal sealed record RunRequest(string? Dir, string[] Sets, bool Resume, bool Overwrite, bool Quiet);
