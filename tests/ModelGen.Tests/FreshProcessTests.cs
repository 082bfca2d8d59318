using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;

namespace ModelGen.Tests;

/// <summary>How the tests start a probe in a process of its own (<see cref="Probes.Start"/>).</summary>
public class FreshProcessTests
{
    private static readonly Dictionary<string, string?> Unchanged = new();

    [Fact]
    public async Task A_probe_that_writes_more_to_stderr_than_a_pipe_holds_is_read_to_its_end()
    {
        // Read stdout to its end before stderr, and Start never returns: the probe waits for room on stderr.
        // Waited for here, so that such a deadlock fails this test instead of hanging the run.
        Task<Dictionary<string, string>> run = Task.Run(() => Probes.Start("noisy-stderr", Unchanged));

        Task first = await Task.WhenAny(run, Task.Delay(TimeSpan.FromMinutes(1)));

        Assert.True(first == run, "Probes.Start did not return within a minute from a probe that writes 4,096 lines to stderr");
        Assert.Equal("yes", (await run)["done"]);
    }

    [Fact]
    public void A_probe_that_does_not_end_is_killed_with_its_children_and_what_it_printed_is_reported()
    {
        var stopwatch = Stopwatch.StartNew();

        var error = Assert.Throws<TimeoutException>(() => Probes.Start("hang", Unchanged, timeout: TimeSpan.FromSeconds(10)));

        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(30), $"the timeout of 10 s took {stopwatch.Elapsed.TotalSeconds:0} s");
        Assert.Contains("probe hang did not finish in 10 s", error.Message);
        // What it printed before it was killed: its own process id and its child's.
        int probe = Id(error.Message, "pid"), child = Id(error.Message, "child");
        Assert.True(Gone(probe), $"the probe (process {probe}) is still running");
        Assert.True(Gone(child), $"the probe's child (process {child}) is still running");
    }

    private static int Id(string message, string key)
    {
        Match match = Regex.Match(message, $@"^{key}=(\d+)$", RegexOptions.Multiline);
        Assert.True(match.Success, $"no '{key}=' line in what the probe printed:\n{message}");
        return int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Whether no process has that id any more (a killed process that another one started is reaped by the system, soon).</summary>
    private static bool Gone(int id)
    {
        for (var waited = Stopwatch.StartNew(); waited.Elapsed < TimeSpan.FromSeconds(10); Thread.Sleep(100))
        {
            try
            {
                using Process process = Process.GetProcessById(id);
                if (process.HasExited) return true;
            }
            catch (ArgumentException)
            {
                return true; // no such process
            }
        }
        return false;
    }
}
