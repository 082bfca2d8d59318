using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
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
            default:
                Console.Error.WriteLine($"no probe '{name}'");
                return 2;
        }
    }

    private static void Report(LstmKernelStatus status) =>
        Console.WriteLine($"correct={status.IsCorrect}\nerror={status.LargestError}\nuser={status.UserValue ?? ""}\napplied={status.CapApplied}");

    /// <summary>ONEDNN_MAX_CPU_ISA as native code (oneDNN) sees it.</summary>
    private static string Native() => NativeEnvironment.Get(LstmKernel.Variable) ?? "";

    /// <summary>
    /// Starts <paramref name="name"/> in a new process with <paramref name="environment"/> (a null value
    /// removes the variable) and returns its <c>key=value</c> lines.
    /// </summary>
    public static Dictionary<string, string> Start(string name, IReadOnlyDictionary<string, string?> environment)
    {
        string dotnet = Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet" ? path : "dotnet";
        var start = new ProcessStartInfo(dotnet)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in new[] { "exec", Path.Combine(AppContext.BaseDirectory, "ModelGen.Tests.dll"), "probe", name }) start.ArgumentList.Add(argument);
        foreach ((string key, string? value) in environment)
        {
            if (value is null) start.Environment.Remove(key);
            else start.Environment[key] = value;
        }
        using Process process = Process.Start(start)!;
        string output = process.StandardOutput.ReadToEnd(), errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"probe {name} exited with {process.ExitCode}:\n{output}\n{errors}");
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(line => line.Contains('='))
            .ToDictionary(line => line[..line.IndexOf('=')], line => line[(line.IndexOf('=') + 1)..].TrimEnd('\r'));
    }
}
