using System;
using System.Linq;

namespace ModelGen.Tests;

/// <summary>
/// The test assembly's entry point, for what must run in a process of its own: <c>dotnet exec
/// ModelGen.Tests.dll probe NAME</c> runs one <see cref="Probes"/> scenario and prints what it saw.
/// The test runner never calls it.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length == 2 && args[0] == "probe") return Probes.Run(args[1]);
        Console.Error.WriteLine("usage: dotnet exec ModelGen.Tests.dll probe NAME");
        return 2;
    }
}
