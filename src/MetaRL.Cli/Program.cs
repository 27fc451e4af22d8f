namespace MetaRL.Cli;

internal static class Program
{
    private static int Main(string[] args)
    {
        ServeReexec.IfServe(args);
        return CliApp.Run(args, Console.Out, Console.Error);
    }
}
