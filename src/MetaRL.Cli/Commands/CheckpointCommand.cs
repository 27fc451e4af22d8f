using System.CommandLine;

namespace MetaRL.Cli.Commands;

/// <summary><c>metarl checkpoint inspect FILE</c> (filled in by the safetensors work).</summary>
internal static class CheckpointCommand
{
    public static Command Create()
    {
        var command = new Command("checkpoint", "Inspect safetensors checkpoints.");
        return command;
    }
}
