using System.Runtime.InteropServices;

namespace MetaRL.Cli;

/// <summary>
/// <c>metarl serve</c> with tiered compilation. The CLI turns tiering off for training (MetaRL.Cli.csproj), but a
/// long-lived server is the opposite case: with tiering and dynamic PGO the framework's precompiled code (Kestrel,
/// sockets, the thread pool) is rejitted with profile data, and an act took about 70 µs of server CPU instead of about
/// 100 µs (bench/serve, interleaved runs). The setting is read when the runtime starts, so on Linux and macOS
/// <c>serve</c> replaces its own process image with the same command line and DOTNET_TieredCompilation=1 (execve keeps
/// the process id, so signals and kill -9 reach the server itself). A DOTNET_TieredCompilation set by the caller is
/// respected, and a failed exec just serves without tiering.
/// </summary>
internal static partial class ServeReexec
{
    private const string Variable = "DOTNET_TieredCompilation";

    /// <summary>Returns only when the process was not replaced.</summary>
    public static void IfServe(string[] args)
    {
        if (args.Length == 0 || args[0] != "serve" || Environment.GetEnvironmentVariable(Variable) is not null) { return; }
        if (!(OperatingSystem.IsLinux() || OperatingSystem.IsMacOS())) { return; }
        if (AppContext.TryGetSwitch("System.Runtime.TieredCompilation", out bool tiered) && tiered) { return; }
        string? exe = Environment.ProcessPath;
        string[]? argv = OriginalArguments(exe, args);
        if (exe is null || argv is null) { return; }
        Environment.SetEnvironmentVariable(Variable, "1");
        var env = Environment.GetEnvironmentVariables();
        var envp = new string?[env.Count + 1];
        int i = 0;
        foreach (System.Collections.DictionaryEntry e in env) { envp[i++] = $"{e.Key}={e.Value}"; }
        try { Execve(exe, [.. argv, null], envp); }
        catch (DllNotFoundException) { }
        catch (EntryPointNotFoundException) { }
        Environment.SetEnvironmentVariable(Variable, null); // still here: the exec failed
    }

    /// <summary>The command line that started the process (Linux: as the kernel has it, host options included; elsewhere
    /// the host, <c>metarl.dll</c> under <c>dotnet</c>, then <paramref name="args"/>); null when it cannot be told.</summary>
    private static string[]? OriginalArguments(string? exe, string[] args)
    {
        if (File.Exists("/proc/self/cmdline"))
        {
            string cmdline = File.ReadAllText("/proc/self/cmdline");
            string[] argv = (cmdline.EndsWith('\0') ? cmdline[..^1] : cmdline).Split('\0'); // only the final NUL: "" may be an argument
            return argv.Length > args.Length && argv.AsSpan(argv.Length - args.Length).SequenceEqual(args) ? argv : null;
        }
        string[] all = Environment.GetCommandLineArgs(); // [entry assembly path, args...]
        if (exe is null || all.Length != args.Length + 1) { return null; }
        bool apphost = !Path.GetFileNameWithoutExtension(exe).Equals("dotnet", StringComparison.Ordinal);
        return apphost ? [exe, .. args] : [exe, all[0], .. args];
    }

    [LibraryImport("libc", EntryPoint = "execve", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Execve(string path, string?[] argv, string?[] envp);
}
