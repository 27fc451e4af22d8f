using System.Buffers.Binary;
using System.Diagnostics;
using MetaRL.Tracking;
using MetaRL.Tracking.Reports;
using Xunit.Abstractions;

namespace MetaRL.Tests.Tracking;

/// <summary>
/// Renders the report in headless Chromium. When /usr/bin/chromium is absent the test is reported as skipped
/// with the reason; .ci/run installs Chromium so CI does run it. Set
/// METARL_REPORT_SCREENSHOT to a path to keep the PNG (docs/report-screenshot.png is made that way).
/// </summary>
public sealed class ReportScreenshotTests(ITestOutputHelper output) : IDisposable
{
    private const string Chromium = "/usr/bin/chromium";
    private readonly string _root = Directory.CreateTempSubdirectory("metarl-shot-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [SkippableFact]
    public async Task Headless_chromium_renders_the_report_to_a_png()
    {
        Skip.IfNot(File.Exists(Chromium), $"{Chromium} not found; install it (apt-get install chromium) to run this test.");
        string runs = Path.Combine(_root, "runs");
        RunFixture.WriteStudy(runs);
        var model = ReportModel.Build(RunDirectory.Find(runs).Select(RunDirectory.Load).ToList(), "MetaRL report (synthetic fixture runs)");
        string html = Path.Combine(_root, "report.html");
        File.WriteAllText(html, HtmlReport.Render(model));
        string png = Path.Combine(_root, "report.png");

        var start = new ProcessStartInfo(Chromium)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        foreach (var arg in new[]
        {
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run", "--hide-scrollbars", $"--user-data-dir={Path.Combine(_root, "profile")}",
            $"--screenshot={png}", "--window-size=1280,2000", new Uri(html).AbsoluteUri,
        })
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        _ = process.StandardOutput.ReadToEndAsync();
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120)))
        {
            try { await process.WaitForExitAsync(timeout.Token); }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail("chromium did not finish within 120 s");
            }
        }
        string log = await stderr;
        Assert.True(File.Exists(png), $"no screenshot; chromium exit {process.ExitCode}: {log}");
        var bytes = File.ReadAllBytes(png);
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, bytes[..4]);
        Assert.Equal(1280, BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16)));
        Assert.Equal(2000, BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20)));
        // A blank page compresses to a few kilobytes; plots, tables and text do not.
        Assert.True(bytes.Length > 50_000, $"screenshot is only {bytes.Length} bytes");
        output.WriteLine($"screenshot: {bytes.Length} bytes");
        if (Environment.GetEnvironmentVariable("METARL_REPORT_SCREENSHOT") is { Length: > 0 } keep)
        {
            File.Copy(png, keep, overwrite: true);
            File.Copy(html, Path.ChangeExtension(keep, ".html"), overwrite: true);
        }
    }
}
