using System;

namespace ModelGen;

/// <summary>
/// A DirRec forecasting head: one linear read-out per step, where step k reads the state together
/// with the predictions for steps 0..k−1, so every step is conditioned on the earlier ones without a
/// shared recurrent decoder. Put it on a field of type <see cref="DirRecHead"/>.
/// </summary>
/// <remarks>Per sample it takes <c>[inFeatures]</c> and emits <c>[horizon, outFeatures]</c>.</remarks>
[AttributeUsage(AttributeTargets.Field, AllowMultiple = false, Inherited = false)]
public sealed class DirRecAttribute : Attribute
{
    /// <summary>Creates the head.</summary>
    /// <param name="inFeatures">Features of the state every step reads.</param>
    /// <param name="outFeatures">Values per step.</param>
    /// <param name="horizon">Steps to predict.</param>
    public DirRecAttribute(int inFeatures, int outFeatures, int horizon)
    {
        InFeatures = inFeatures;
        OutFeatures = outFeatures;
        Horizon = horizon;
    }

    /// <summary>Features of the state every step reads.</summary>
    public int InFeatures { get; }

    /// <summary>Values per step.</summary>
    public int OutFeatures { get; }

    /// <summary>Steps to predict.</summary>
    public int Horizon { get; }

    /// <summary>
    /// Whether the head's parameters are frozen (<c>requires_grad = false</c>), e.g. for a pretrained
    /// decoder. The summary counts them as non-trainable. Default false.
    /// </summary>
    public bool Frozen { get; set; }
}
