using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using TorchSharp;
using static TorchSharp.torch;

namespace ModelGen;

/// <summary>A runtime module that stands for a PyTorch class of another name (the summary shows PyTorch's, as torchinfo does).</summary>
internal interface IPyTorchEquivalent
{
    /// <summary>The PyTorch class's name, e.g. <c>TransformerEncoderLayer</c>.</summary>
    string PyTorchType { get; }
}

/// <summary>One way a module differs from its compile-time summary.</summary>
/// <param name="Layer">The layer's name (state_dict prefix), or the model's class name for the model's own output.</param>
/// <param name="Property">What differs: output shape, parameters, …</param>
/// <param name="Expected">The summary's value.</param>
/// <param name="Actual">The module's value.</param>
public sealed record SummaryDifference(string Layer, string Property, string Expected, string Actual)
{
    /// <inheritdoc />
    public override string ToString() => $"{Layer}: {Property} is {Actual}, the summary says {Expected}";
}

/// <summary>The result of <see cref="SummaryVerifier.VerifySummary(TorchSharp.torch.nn.Module, ModelSummary)"/>.</summary>
public sealed class SummaryVerification
{
    internal SummaryVerification(string modelName, int layersChecked, IReadOnlyList<SummaryDifference> differences)
    {
        ModelName = modelName;
        LayersChecked = layersChecked;
        Differences = differences;
    }

    /// <summary>The summary's model name.</summary>
    public string ModelName { get; }

    /// <summary>How many summary rows were compared with a module.</summary>
    public int LayersChecked { get; }

    /// <summary>Every difference found; empty when the module matches its summary.</summary>
    public IReadOnlyList<SummaryDifference> Differences { get; }

    /// <summary>Whether the module matches its summary in every layer.</summary>
    public bool Matches => Differences.Count == 0;

    /// <inheritdoc />
    public override string ToString()
    {
        if (Matches) return $"{ModelName}: all {LayersChecked} layers match the summary (shapes from one forward pass, parameter counts).";
        var text = new StringBuilder($"{ModelName}: {Differences.Count} difference(s) from the summary:");
        foreach (SummaryDifference difference in Differences) text.Append("\n  ").Append(difference);
        return text.ToString();
    }
}

/// <summary>Checks a model's compile-time summary against the module itself.</summary>
public static class SummaryVerifier
{
    /// <summary>
    /// Runs one forward pass on a zero input of <paramref name="summary"/>'s input shape (in eval mode,
    /// with gradients on, so that every submodule runs: with them off, a <see cref="TransformerLayer"/> runs as libtorch's
    /// own layer, which no hook on its submodules sees; on the model's device and dtype) with hooks on every submodule, and compares
    /// each layer's input and output shapes, type, parameter count and trainable parameter count with
    /// the summary, plus the model's output shape. The model's training mode is restored afterwards.
    /// </summary>
    public static SummaryVerification VerifySummary(this nn.Module<Tensor, Tensor> model, ModelSummary summary) => VerifySummary((nn.Module)model, summary);

    /// <summary>
    /// <see cref="VerifySummary(nn.Module{Tensor, Tensor}, ModelSummary)"/> for any generated model: one with named
    /// inputs runs on a record of zero inputs (category 0 for a categorical), built from the summary's inputs by the
    /// record's constructor.
    /// </summary>
    public static SummaryVerification VerifySummary(this nn.Module model, ModelSummary summary)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(summary);
        var differences = new List<SummaryDifference>();
        // Rows name modules by state_dict path: "GRU" for a layer, "head.cell" for a head's submodule.
        Dictionary<string, nn.Module> modules = model.named_modules().Where(m => m.name.Length > 0).ToDictionary(m => m.name, m => m.module);
        // Each call's shapes, in order: a module called twice (RevIN) has a row for each call.
        var observed = new Dictionary<string, List<(long[] Input, long[] Output)>>();
        long[]? modelOutput = RunWithHooks(model, summary, modules, observed);

        if (modelOutput is not null)
            Compare(differences, summary.ModelName, "output shape", summary.OutputShape, modelOutput);

        for (int i = 0; i < summary.Layers.Count; i++)
        {
            LayerSummary layer = summary.Layers[i];
            if (!modules.TryGetValue(layer.Name, out nn.Module? module))
            {
                differences.Add(new SummaryDifference(layer.Name, "submodule", $"a registered {layer.TypeName}", "missing"));
                continue;
            }
            // A container row (a head) carries no counts itself; its rows one depth down do.
            List<LayerSummary> subtree = [layer, .. summary.Layers.Skip(i + 1).TakeWhile(l => l.Depth > layer.Depth)];
            bool container = subtree.Count > 1;
            Compare(differences, layer.Name, "type", layer.TypeName, module is IPyTorchEquivalent equivalent ? equivalent.PyTorchType : module.GetType().Name);
            var parameters = module.parameters().ToList();
            Compare(differences, layer.Name, "parameters", subtree.Where(l => !l.IsRecursive || l == layer).Sum(l => l.Parameters), parameters.Sum(p => p.numel()));
            Compare(differences, layer.Name, "trainable parameters", subtree.Where(l => !l.IsRecursive || l == layer).Sum(l => l.TrainableParameters), parameters.Where(p => p.requires_grad).Sum(p => p.numel()));
            int call = summary.Layers.Take(i).Count(l => l.Name == layer.Name);
            if (observed.TryGetValue(layer.Name, out List<(long[] Input, long[] Output)>? calls) && call < calls.Count)
            {
                (long[] Input, long[] Output) shapes = calls[call];
                Compare(differences, layer.Name, "input shape", layer.InputShape, shapes.Input);
                Compare(differences, layer.Name, "output shape", layer.OutputShape, shapes.Output);
            }
            else if (!container)
            {
                differences.Add(new SummaryDifference(layer.Name, "forward pass", "called", "not called"));
            }
        }
        foreach (string extra in model.named_children().Select(c => c.name).Except(summary.Layers.Where(l => l.Depth == 1).Select(l => l.Name)))
            differences.Add(new SummaryDifference(extra, "submodule", "not in the summary", modules[extra].GetType().Name));

        return new SummaryVerification(summary.ModelName, summary.Layers.Count, differences);
    }

    private static long[]? RunWithHooks(nn.Module model, ModelSummary summary,
        Dictionary<string, nn.Module> modules, Dictionary<string, List<(long[] Input, long[] Output)>> observed)
    {
        var removers = new List<Action>();
        foreach ((string name, nn.Module child) in modules)
        {
            switch (child)
            {
                case nn.Module<Tensor, Tensor> plain:
                    removers.Add(plain.register_forward_hook((_, input, output) =>
                    {
                        Observe(observed, name, input.shape, output.shape);
                        return output;
                    }).remove);
                    break;
                case nn.Module<Tensor, (Tensor Backcast, Tensor Forecast)> stacked:
                    // An N-BEATS block: torchinfo shows the first of its outputs, the backcast.
                    removers.Add(stacked.register_forward_hook((_, input, output) =>
                    {
                        Observe(observed, name, input.shape, output.Backcast.shape);
                        return output;
                    }).remove);
                    break;
                case nn.Module<Tensor, Tensor, (Tensor, Tensor)> recurrent:
                    removers.Add(recurrent.register_forward_hook((_, input, _, output) =>
                    {
                        Observe(observed, name, input.shape, output.Item1.shape);
                        return output;
                    }).remove);
                    break;
                case nn.Module<Tensor, Tensor, Tensor> cell:
                    removers.Add(cell.register_forward_hook((_, input, _, output) =>
                    {
                        Observe(observed, name, input.shape, output.shape);
                        return output;
                    }).remove);
                    break;
                case TorchSharp.Modules.MultiheadAttention attention:
                    // libtorch's attention is sequence-first and TransformerLayer transposes around it; the summary shows
                    // the batch-first shapes torchinfo shows for PyTorch's batch_first=True module.
                    removers.Add(attention.register_forward_hook((_, query, _, _, _, _, _, output) =>
                    {
                        Observe(observed, name, BatchFirst(query.shape), BatchFirst(output.Item1.shape));
                        return output;
                    }).remove);
                    break;
                case nn.Module<Tensor, Tensor, Tensor, bool, Tensor> statistics:
                    // RevIN: normalises the input, and maps the forecast back (inverse), with a window's statistics.
                    removers.Add(statistics.register_forward_hook((_, input, _, _, _, output) =>
                    {
                        Observe(observed, name, input.shape, output.shape);
                        return output;
                    }).remove);
                    break;
                case nn.Module<Tensor, (Tensor, Tensor)?, (Tensor, Tensor, Tensor)> lstm:
                    removers.Add(lstm.register_forward_hook((_, input, _, output) =>
                    {
                        Observe(observed, name, input.shape, output.Item1.shape);
                        return output;
                    }).remove);
                    break;
            }
        }

        bool training = model.training;
        try
        {
            model.eval();
            // Gradients on: inference with them off runs a transformer layer as one native call, past its submodules' hooks.
            using var withGrad = enable_grad();
            using var scope = NewDisposeScope();
            Tensor? first = model.parameters().FirstOrDefault();
            return Run(model, summary, first?.dtype ?? float32, first?.device ?? CPU).shape;
        }
        finally
        {
            foreach (Action remove in removers) remove();
            model.train(training);
        }
    }

    private static void Observe(Dictionary<string, List<(long[] Input, long[] Output)>> observed, string name, long[] input, long[] output)
    {
        if (!observed.TryGetValue(name, out var calls)) observed[name] = calls = [];
        calls.Add((input, output));
    }

    /// <summary>A sequence-first shape <c>[steps, batch, ...]</c> as batch-first, <c>[batch, steps, ...]</c>.</summary>
    private static long[] BatchFirst(long[] shape) => shape.Length < 2 ? shape : [shape[1], shape[0], .. shape[2..]];

    /// <summary>
    /// Runs the model's <c>forward</c> on zero inputs of the summary's shapes: a tensor for a <c>Module&lt;Tensor, Tensor&gt;</c>,
    /// otherwise its inputs record made by the constructor whose parameters are the summary's inputs.
    /// </summary>
    private static Tensor Run(nn.Module model, ModelSummary summary, ScalarType dtype, Device device)
    {
        Type? module = model.GetType();
        while (module is not null && !(module.IsGenericType && module.GetGenericTypeDefinition() == typeof(nn.Module<,>))) module = module.BaseType;
        if (module is null || module.GetGenericArguments()[1] != typeof(Tensor))
            throw new ArgumentException($"{model.GetType().Name} is not a Module<TInput, Tensor>, as generated models are.", nameof(model));
        Type inputType = module.GetGenericArguments()[0];
        Tensor Zeros(InputSummary input) => zeros(input.Shape.ToArray(), dtype: input.DType == "int64" ? int64 : dtype, device: device);
        object input;
        if (inputType == typeof(Tensor))
        {
            input = zeros(summary.InputShape.ToArray(), dtype: dtype, device: device);
        }
        else
        {
            System.Reflection.ConstructorInfo constructor = inputType.GetConstructors()
                .FirstOrDefault(c => c.GetParameters().Select(p => p.Name).Order().SequenceEqual(summary.Inputs.Select(i => i.Name).Order()))
                ?? throw new ArgumentException($"{inputType.Name} has no constructor taking {string.Join(", ", summary.Inputs.Select(i => i.Name))}, the summary's inputs.", nameof(summary));
            input = constructor.Invoke(constructor.GetParameters().Select(p => (object)Zeros(summary.Inputs.Single(i => i.Name == p.Name))).ToArray());
        }
        System.Reflection.MethodInfo call = model.GetType().GetMethods().Single(m => m.Name == "call" && m.GetParameters() is [{ } only] && only.ParameterType == inputType);
        try
        {
            return (Tensor)call.Invoke(model, [input])!;
        }
        catch (System.Reflection.TargetInvocationException e) when (e.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerException).Throw();
            throw;
        }
    }

    private static void Compare(List<SummaryDifference> differences, string layer, string property, IReadOnlyList<long> expected, long[] actual)
    {
        if (!expected.SequenceEqual(actual))
            differences.Add(new SummaryDifference(layer, property, ShapeMath.Format(expected), ShapeMath.Format(actual)));
    }

    private static void Compare(List<SummaryDifference> differences, string layer, string property, long expected, long actual)
    {
        if (expected != actual)
            differences.Add(new SummaryDifference(layer, property, expected.ToString("#,0", CultureInfo.InvariantCulture), actual.ToString("#,0", CultureInfo.InvariantCulture)));
    }

    private static void Compare(List<SummaryDifference> differences, string layer, string property, string expected, string actual)
    {
        if (expected != actual) differences.Add(new SummaryDifference(layer, property, expected, actual));
    }
}
