using System.Linq;
using System.Runtime.CompilerServices;

namespace ModelGen.Tests;

internal static class TestProcessSetup
{
    /// <summary>
    /// Tests run in any order, some with convolutions (which oneDNN also runs) before any model with an
    /// LSTM: apply ModelGen's LSTM kernel cap first, as README.md tells an application that mixes models
    /// to do. The cap and its check are themselves tested in fresh processes (LstmKernelTests).
    /// </summary>
    [ModuleInitializer]
    internal static void CheckTheLstmKernelFirst()
    {
        // Probe processes (Program.cs) start as a user's would, with nothing done before the scenario.
        if (System.Environment.GetCommandLineArgs().Contains("probe")) return;
        _ = LstmKernel.Status;
    }
}
