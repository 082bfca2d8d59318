using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using ModelGen.Catalogue;
using TorchSharp;
using static TorchSharp.torch;

namespace ModelGen.Tests;

/// <summary>Scenarios that need a fresh process (process-wide native state), and how tests start them.</summary>
internal static class Probes
{
    /// <summary>Runs <paramref name="name"/> here; prints <c>key=value</c> lines.</summary>
    public static int Run(string name)
    {
        switch (name)
        {
            case "lstm-model":
                // As a user runs: no environment variable, an LSTM model first, then its outputs.
                using (var model = new StackedLstm())
                {
                    Report(LstmKernel.Status);
                    using var noGrad = no_grad();
                    Console.WriteLine($"after={Native()}");
                }
                return 0;
            case "gru-model":
                using (var model = new MyModel())
                {
                    using var noGrad = no_grad();
                    model.call(randn(2, 10, 3)).Dispose();
                }
                Console.WriteLine($"after={Native()}");
                return 0;
            case "noisy-stderr":
                // Far more than a pipe holds (64 kB on Linux) on stderr before a word on stdout: a parent
                // reading stdout to its end first would wait for this process, and this one for the parent.
                for (int i = 0; i < 4096; i++) Console.Error.WriteLine($"line {i} of a long complaint on stderr, to fill its pipe");
                Console.WriteLine("done=yes");
                return 0;
            case "hang":
                // A process tree that never ends by itself: this process and a child of its own.
                using (Process child = Process.Start(StartInfo("sleep"))!)
                {
                    Console.WriteLine($"pid={Environment.ProcessId}\nchild={child.Id}");
                    Console.Out.Flush();
                    child.WaitForExit();
                }
                return 0;
            case "sleep":
                System.Threading.Thread.Sleep(TimeSpan.FromMinutes(10));
                return 0;
            default:
                Console.Error.WriteLine($"no probe '{name}'");
                return 2;
        }
    }

    private static void Report(LstmKernelStatus status) =>
        Console.WriteLine($"correct={status.IsCorrect}\nerror={status.LargestError}\nuser={status.UserValue ?? ""}\napplied={status.CapApplied}");

    /// <summary>ONEDNN_MAX_CPU_ISA as native code (oneDNN) sees it.</summary>
    private static string Native() => NativeEnvironment.Get(LstmKernel.Variable) ?? "";

    /// <summary>How long a probe may take: a fresh process loads libtorch and runs a small model in seconds.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Starts <paramref name="name"/> in a new process with <paramref name="environment"/> (a null value
    /// removes the variable) and returns its <c>key=value</c> lines.
    /// </summary>
    /// <exception cref="TimeoutException">It ran longer than <paramref name="timeout"/> (<see cref="Timeout"/> by default): it was killed with its children, and the message holds what it printed.</exception>
    public static Dictionary<string, string> Start(string name, IReadOnlyDictionary<string, string?> environment, TimeSpan? timeout = null)
    {
        ProcessStartInfo start = StartInfo(name);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        foreach ((string key, string? value) in environment)
        {
            if (value is null) start.Environment.Remove(key);
            else start.Environment[key] = value;
        }
        (int exitCode, string output, string errors) = RunToEnd(start, timeout ?? Timeout, $"probe {name}");
        if (exitCode != 0) throw new InvalidOperationException($"probe {name} exited with {exitCode}:\n{output}\n{errors}");
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(line => line.Contains('='))
            .ToDictionary(line => line[..line.IndexOf('=')], line => line[(line.IndexOf('=') + 1)..].TrimEnd('\r'));
    }

    /// <summary><c>dotnet exec ModelGen.Tests.dll probe NAME</c>, with the dotnet that runs this process.</summary>
    private static ProcessStartInfo StartInfo(string name)
    {
        string dotnet = Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet" ? path : "dotnet";
        var start = new ProcessStartInfo(dotnet) { UseShellExecute = false };
        foreach (string argument in new[] { "exec", Path.Combine(AppContext.BaseDirectory, "ModelGen.Tests.dll"), "probe", name }) start.ArgumentList.Add(argument);
        return start;
    }

    /// <summary>
    /// Runs <paramref name="start"/> (both streams redirected) to its end and returns its exit code and what
    /// it printed. Both streams are read at once: read one after the other, a child that fills the second
    /// one's pipe blocks on its write while this waits for the first to end, and neither ever finishes.
    /// </summary>
    /// <exception cref="TimeoutException">It ran longer than <paramref name="timeout"/>: it was killed with its children, and the message holds what it printed.</exception>
    internal static (int ExitCode, string Output, string Errors) RunToEnd(ProcessStartInfo start, TimeSpan timeout, string what)
    {
        var output = new StringBuilder();
        var errors = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(errors, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            // Bounded: the streams end when the last process holding them is gone.
            process.WaitForExit(TimeSpan.FromSeconds(10));
            throw new TimeoutException(
                $"{what} did not finish in {timeout.TotalSeconds:0} s and was killed with its child processes; it printed:\n{Text(output)}\n{Text(errors)}");
        }
        process.WaitForExit(); // after the exit, the last lines of both streams
        return (process.ExitCode, Text(output), Text(errors));

        static void Append(StringBuilder text, string? line)
        {
            if (line is null) return; // the end of the stream
            lock (text) text.Append(line).Append('\n');
        }

        static string Text(StringBuilder text)
        {
            lock (text) return text.ToString();
        }
    }
}
