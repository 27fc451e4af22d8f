namespace MetaRL.Cli.Commands;

/// <summary>Builds a command that only groups subcommands (it has no action of its own).</summary>
internal static class CommandGroup
{
    /// <summary>The command <paramref name="name"/> with <paramref name="subcommands"/> in the order given (the order help lists them in).</summary>
    public static Command Create(string name, string description, params Command[] subcommands)
    {
        var command = new Command(name, description);
        foreach (var subcommand in subcommands) { command.Subcommands.Add(subcommand); }
        return command;
    }
}
