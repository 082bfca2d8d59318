using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace ModelGen.Generators.Core;

/// <summary>Checks one layer's arguments against its input and works out its shapes and counts.</summary>
internal sealed class LayerCheck(int index, FieldSpec field, EquatableArray<int> modelInput, List<Finding> findings)
{
    private readonly LayerSpec _layer = field.Layer!;
    private readonly string _name = $"{field.Layer!.PyTorchType} '{field.Name}'";

    /// <summary>The layer's plan, or null when its arguments are invalid or its input is unknown (each problem reported once).</summary>
    public LayerPlan? Plan(EquatableArray<int>? input, string from)
    {
        bool valid = _layer switch
        {
            RecurrentSpec r => Size(ArgumentNames.InputSize, r.InputSize) & Size(ArgumentNames.HiddenSize, r.HiddenSize)
                               & Size(ArgumentNames.NumLayers, r.NumLayers, ModelPlanner.MaxRecurrentLayers) & Probability(ArgumentNames.Dropout, r.Dropout),
            LinearSpec l => Size(ArgumentNames.InFeatures, l.InFeatures) & Size(ArgumentNames.OutFeatures, l.OutFeatures),
            Conv1dSpec c => CheckConv(c),
            LayerNormSpec n => Size(ArgumentNames.NormalizedShape, n.Features) & PositiveEps(n.Eps),
            DropoutSpec d => Probability(ArgumentNames.P, d.P),
            AutoregressiveSpec a => Size(ArgumentNames.HiddenSize, a.HiddenSize) & Size(ArgumentNames.OutFeatures, a.OutFeatures)
                                    & Size(ArgumentNames.Horizon, a.Horizon, MaxHorizon) & FirstInput(a),
            DirRecSpec d => Size(ArgumentNames.InFeatures, d.InFeatures) & Size(ArgumentNames.OutFeatures, d.OutFeatures)
                            & Size(ArgumentNames.Horizon, d.Horizon, MaxHorizon) && DirRecWidth(d),
            _ => true,
        };
        if (!valid || input is not { } shape) return null;

        try
        {
            return _layer switch
            {
                RecurrentSpec r => Recurrent(r, shape, from),
                LinearSpec l => Linear(l, shape, from),
                Conv1dSpec c => Conv(c, shape, from),
                LayerNormSpec n => LayerNorm(n, shape, from),
                FlattenSpec => Flatten(shape),
                AutoregressiveSpec a => Autoregressive(a, shape, from),
                DirRecSpec d => DirRec(d, shape, from),
                _ => Layer(shape, shape, 0, 0),
            };
        }
        catch (OverflowException)
        {
            findings.Add(Finding.Create(DiagnosticIds.InvalidLayerArgument, Target.LayerAttribute(index),
                _name, "its parameter or mult-add count", "is too large for 64 bits", "smaller sizes"));
            return null;
        }
    }

    private LayerPlan? Recurrent(RecurrentSpec r, EquatableArray<int> shape, string from)
    {
        if (!Sequence(shape, from, field.Step is null ? "give it a [steps, features] input" : $"remove {field.StepText} so it receives the whole sequence")) return null;
        if (shape[1] != r.InputSize) Mismatch(ArgumentNames.InputSize, r.InputSize, from, shape[1]);
        long parameters = LayerMath.RecurrentParameters(r);
        var output = Shape(shape[0], r.Directions * r.HiddenSize);
        return Layer(shape, output, parameters, LayerMath.RecurrentMultAddsPerSample(parameters, shape[0]));
    }

    private LayerPlan Linear(LinearSpec l, EquatableArray<int> shape, string from)
    {
        int features = shape[shape.Count - 1];
        if (features != l.InFeatures) Mismatch(ArgumentNames.InFeatures, l.InFeatures, from, features);
        var output = shape.Take(shape.Count - 1).Concat(new[] { l.OutFeatures }).ToEquatableArray();
        long parameters = LayerMath.LinearParameters(l);
        return Layer(shape, output, parameters, LayerMath.LinearMultAddsPerSample(parameters, output));
    }

    private LayerPlan? Conv(Conv1dSpec c, EquatableArray<int> shape, string from)
    {
        if (!Sequence(shape, from, "give it a [steps, features] input")) return null;
        if (shape[1] != c.InChannels) Mismatch(ArgumentNames.InChannels, c.InChannels, from, shape[1]);
        long steps = LayerMath.ConvOutputLength(shape[0], c);
        if (steps < 1)
        {
            findings.Add(Finding.Create(DiagnosticIds.EmptyConvolutionOutput, Target.LayerArgument(index, ArgumentNames.KernelSize),
                _name, from, Int(shape[0]), Int(c.Padding), Int(c.Dilation), Int(c.KernelSize), Int(c.Stride), Int(steps)));
            return null;
        }
        var output = Shape((int)steps, c.OutChannels);
        long parameters = LayerMath.ConvParameters(c);
        // Conv1d itself sees [channels, steps]: the summary shows that, as torchinfo does.
        return Layer(shape, output, parameters, checked(parameters * steps),
            moduleInput: Shape(shape[1], shape[0]), moduleOutput: Shape(c.OutChannels, (int)steps));
    }

    private LayerPlan LayerNorm(LayerNormSpec n, EquatableArray<int> shape, string from)
    {
        int features = shape[shape.Count - 1];
        if (features != n.Features) Mismatch(ArgumentNames.NormalizedShape, n.Features, from, features);
        long parameters = n.ElementwiseAffine ? 2L * n.Features : 0;
        // torchinfo: parameters named weight/bias in a layer that is neither Linear nor Conv count output[0] (the batch) × params.
        return Layer(shape, shape, parameters, parameters);
    }

    private LayerPlan? Flatten(EquatableArray<int> shape)
    {
        long? values = LayerMath.Elements(shape);
        if (values is not { } flat || flat > ModelPlanner.MaxSize)
        {
            findings.Add(Finding.Create(DiagnosticIds.InvalidLayerArgument, Target.LayerAttribute(index),
                _name, $"flattening {LayerMath.Format(shape)}", $"gives {ModelPlanner.Count(values ?? long.MaxValue)} values per sample",
                $"at most {ModelPlanner.Count(ModelPlanner.MaxSize)}"));
            return null;
        }
        return Layer(shape, Shape((int)flat), 0, 0);
    }

    /// <summary>Largest horizon accepted for a head that decodes step by step.</summary>
    public const int MaxHorizon = 10_000;

    private LayerPlan? Autoregressive(AutoregressiveSpec a, EquatableArray<int> shape, string from)
    {
        if (!Vector(shape, from)) return null;
        if (shape[0] != a.HiddenSize) Mismatch(ArgumentNames.HiddenSize, a.HiddenSize, from, shape[0]);
        long h = a.HiddenSize, f = a.OutFeatures;
        long cell = checked(3 * h * f + 3 * h * h + 6 * h), readout = checked(h * f + f);
        // A decoder step costs its parameters per sample (as torchinfo counts a Linear); the head runs `horizon` steps.
        var children = new[]
        {
            new SubLayerPlan(field.Name + ".cell", "GRUCell", Shape(a.OutFeatures), Shape(a.HiddenSize), cell, checked(cell * a.Horizon)),
            new SubLayerPlan(field.Name + ".readout", "Linear", Shape(a.HiddenSize), Shape(a.OutFeatures), readout, checked(readout * a.Horizon)),
        };
        return Layer(shape, Shape(a.Horizon, a.OutFeatures), checked(cell + readout), 0) with { Children = children.ToEquatableArray() };
    }

    private LayerPlan? DirRec(DirRecSpec d, EquatableArray<int> shape, string from)
    {
        if (!Vector(shape, from)) return null;
        if (shape[0] != d.InFeatures) Mismatch(ArgumentNames.InFeatures, d.InFeatures, from, shape[0]);
        var children = new List<SubLayerPlan>();
        long total = 0;
        for (int k = 0; k < d.Horizon; k++)
        {
            long inputs = checked(d.InFeatures + (long)k * d.OutFeatures);
            long parameters = checked(inputs * d.OutFeatures + d.OutFeatures);
            children.Add(new SubLayerPlan($"{field.Name}.steps.{k}", "Linear", Shape((int)inputs), Shape(d.OutFeatures), parameters, parameters));
            total = checked(total + parameters);
        }
        return Layer(shape, Shape(d.Horizon, d.OutFeatures), total, 0) with { Children = children.ToEquatableArray() };
    }

    /// <summary>DirRec's last step reads the state and every earlier prediction; that width has the usual size limit.</summary>
    private bool DirRecWidth(DirRecSpec d)
    {
        long widest = d.InFeatures + (long)(d.Horizon - 1) * d.OutFeatures;
        if (widest <= ModelPlanner.MaxSize) return true;
        findings.Add(Finding.Create(DiagnosticIds.InvalidLayerArgument, Target.LayerArgument(index, ArgumentNames.Horizon),
            _name, ArgumentNames.Horizon, $"is {ModelPlanner.Count(d.Horizon)}, so its last step would read {ModelPlanner.Count(widest)} values",
            $"at most {ModelPlanner.Count(ModelPlanner.MaxSize)} values per step: fewer steps or values per step"));
        return false;
    }

    private bool Vector(EquatableArray<int> shape, string from)
    {
        if (shape.Count == 1) return true;
        findings.Add(Finding.Create(DiagnosticIds.HeadNeedsVector, Target.LayerAttribute(index), _name, from));
        return false;
    }

    /// <summary>FirstInput names model-input features (at its last step), one per output value.</summary>
    private bool FirstInput(AutoregressiveSpec a)
    {
        if (a.FirstInput.Count == 0) return true;
        int features = modelInput.Count is 1 or 2 ? modelInput[modelInput.Count - 1] : 0;
        if (a.FirstInput.Count == a.OutFeatures && a.FirstInput.All(i => i >= 0 && i < features)) return true;
        findings.Add(Finding.Create(DiagnosticIds.InvalidLayerArgument, Target.LayerArgument(index, ArgumentNames.FirstInput),
            _name, ArgumentNames.FirstInput, "is " + LayerMath.Format(a.FirstInput),
            modelInput.Count is 1 or 2
                ? $"{ModelPlanner.Count(a.OutFeatures)} index(es) of the model's {ModelPlanner.Count(features)} input features (0 to {ModelPlanner.Count(features - 1)}), one per output value, or none to start from zeros"
                : "no FirstInput: it reads the last step of an Input of [steps, features] or [features], and this model's Input is neither"));
        return false;
    }

    private LayerPlan Layer(EquatableArray<int> input, EquatableArray<int> output, long parameters, long multAdds,
        EquatableArray<int>? moduleInput = null, EquatableArray<int>? moduleOutput = null) =>
        new(index, field.Name, _layer, field.Step, input, output, moduleInput ?? input, moduleOutput ?? output,
            parameters, _layer.Frozen ? 0 : parameters, multAdds);

    private bool Sequence(EquatableArray<int> shape, string from, string hint)
    {
        if (shape.Count == 2) return true;
        findings.Add(Finding.Create(DiagnosticIds.SequenceRequired, Target.LayerAttribute(index), _name, from, hint));
        return false;
    }

    private void Mismatch(string argument, int value, string from, int expected) =>
        findings.Add(Finding.Create(DiagnosticIds.LayerInputMismatch, Target.LayerArgument(index, argument),
            _name, argument, ModelPlanner.Count(value), from, ModelPlanner.Count(expected)));

    private bool CheckConv(Conv1dSpec c)
    {
        bool valid = Size(ArgumentNames.InChannels, c.InChannels) & Size(ArgumentNames.OutChannels, c.OutChannels)
            & Size(ArgumentNames.KernelSize, c.KernelSize) & Size(ArgumentNames.Stride, c.Stride)
            & Size(ArgumentNames.Dilation, c.Dilation) & Size(ArgumentNames.Groups, c.Groups)
            & Range(ArgumentNames.Padding, c.Padding, 0, ModelPlanner.MaxSize, $"an integer from 0 to {ModelPlanner.Count(ModelPlanner.MaxSize)}");
        if (valid && (c.InChannels % c.Groups != 0 || c.OutChannels % c.Groups != 0))
        {
            findings.Add(Finding.Create(DiagnosticIds.InvalidLayerArgument, Target.LayerArgument(index, ArgumentNames.Groups),
                _name, ArgumentNames.Groups, "is " + ModelPlanner.Count(c.Groups),
                $"a divisor of both inChannels ({ModelPlanner.Count(c.InChannels)}) and outChannels ({ModelPlanner.Count(c.OutChannels)})"));
            valid = false;
        }
        return valid;
    }

    private bool Size(string argument, int value, int max = ModelPlanner.MaxSize) =>
        Range(argument, value, 1, max, $"a positive integer no larger than {ModelPlanner.Count(max)}");

    private bool Range(string argument, int value, int min, int max, string expected)
    {
        if (value >= min && value <= max) return true;
        findings.Add(Finding.Create(DiagnosticIds.InvalidLayerArgument, Target.LayerArgument(index, argument),
            _name, argument, "is " + ModelPlanner.Count(value), expected));
        return false;
    }

    private bool Probability(string argument, double value)
    {
        if (value >= 0 && value <= 1) return true; // false for NaN too
        findings.Add(Finding.Create(DiagnosticIds.InvalidLayerArgument, Target.LayerArgument(index, argument),
            _name, argument, "is " + value.ToString("R", CultureInfo.InvariantCulture), "a probability between 0 and 1"));
        return false;
    }

    private bool PositiveEps(double eps)
    {
        if (eps > 0 && !double.IsInfinity(eps)) return true;
        findings.Add(Finding.Create(DiagnosticIds.InvalidLayerArgument, Target.LayerArgument(index, ArgumentNames.Eps),
            _name, ArgumentNames.Eps, "is " + eps.ToString("R", CultureInfo.InvariantCulture), "a small positive number such as 1e-5"));
        return false;
    }

    private static EquatableArray<int> Shape(params int[] dims) => dims.ToEquatableArray();

    private static string Int(long value) => value.ToString(CultureInfo.InvariantCulture);
}
