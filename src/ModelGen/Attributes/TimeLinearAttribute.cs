using System;

namespace ModelGen;

/// <summary>
/// A linear map over the time axis: each feature's <see cref="InSteps"/> steps mapped to <see cref="OutSteps"/> steps by
/// one <c>nn.Linear(inSteps, outSteps)</c> shared by the features, as DLinear, NLinear and TSMixer's time mixing do. In
/// PyTorch: <c>linear(x.permute(0, 2, 1)).permute(0, 2, 1)</c>. Put it on a field of type <c>TorchSharp.Modules.Linear</c>;
/// its state_dict is the Linear's (<c>weight</c> <c>[outSteps, inSteps]</c>, <c>bias</c> <c>[outSteps]</c>).
/// </summary>
/// <remarks>
/// Per sample, <c>[inSteps, features]</c> becomes <c>[outSteps, features]</c>: every output step reads every input step
/// of its feature, so a forecast of several steps read out this way is multi-output (MG1001 says so unless the model
/// states <c>MultiOutput = true</c>). As for convolutions, the summary shows the shapes the Linear itself sees:
/// <c>[batch, features, inSteps]</c> in and <c>[batch, features, outSteps]</c> out.
/// </remarks>
[AttributeUsage(AttributeTargets.Field, AllowMultiple = false, Inherited = false)]
public sealed class TimeLinearAttribute : Attribute
{
    /// <summary>Creates the layer.</summary>
    /// <param name="inSteps">Steps of its input.</param>
    /// <param name="outSteps">Steps of its output.</param>
    public TimeLinearAttribute(int inSteps, int outSteps)
    {
        InSteps = inSteps;
        OutSteps = outSteps;
    }

    /// <summary>Steps of its input.</summary>
    public int InSteps { get; }

    /// <summary>Steps of its output.</summary>
    public int OutSteps { get; }

    /// <summary>Whether the Linear adds a bias per output step. Default true.</summary>
    public bool Bias { get; set; } = true;

    /// <summary>Whether its parameters are frozen (<c>requires_grad = false</c>). Default false.</summary>
    public bool Frozen { get; set; }
}
