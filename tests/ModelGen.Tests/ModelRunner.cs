using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Text.Json;
using Microsoft.ML.OnnxRuntime.Tensors;
using TorchSharp;
using static TorchSharp.torch;
using Tensor = TorchSharp.torch.Tensor;

namespace ModelGen.Tests;

/// <summary>
/// Runs any generated model in the tests, whatever it takes: one tensor, or a record of named inputs (built
/// here from its summary's inputs, by the record's constructor). Fixtures, ONNX Runtime and the PyTorch twin
/// see the same inputs as a list of named tensors, in the record's order.
/// </summary>
internal static class ModelRunner
{
    /// <summary>A model's child module by its state_dict name, as its class: <c>Child&lt;Linear&gt;(model, "head")</c>.</summary>
    public static T Child<T>(nn.Module model, string name) where T : nn.Module => (T)model.named_children().Single(c => c.name == name).module;

    /// <summary>A new instance of the model type.</summary>
    public static nn.Module Create(Type model) => (nn.Module)Activator.CreateInstance(model)!;

    /// <summary>The generated static <c>Summary(batchSize)</c>.</summary>
    public static ModelSummary Summary(Type model, int batchSize) =>
        (ModelSummary)model.GetMethod("Summary", [typeof(int)])!.Invoke(null, [batchSize])!;

    /// <summary>What <c>forward</c> takes: <see cref="Tensor"/>, or the model's inputs record.</summary>
    public static Type InputType(Type model)
    {
        for (Type? t = model; t is not null; t = t.BaseType)
        {
            if (t.IsGenericType && t.GetGenericTypeDefinition() == typeof(nn.Module<,>)) return t.GetGenericArguments()[0];
        }
        throw new ArgumentException($"{model.Name} is not a Module<TInput, Tensor>.", nameof(model));
    }

    /// <summary>Deterministic inputs for a batch: floats <c>2·sin(0.37·i)</c>, category ids cycling through the categories.</summary>
    /// <remarks>
    /// Fixed without the global random generator, which test classes running in parallel draw from: floats a sine, category
    /// ids every fifth one in turn.
    /// </remarks>
    public static IReadOnlyList<(string Name, Tensor Value)> FixedInputs(Type model, long batch) =>
        Summary(model, 1).Inputs.Select(input => (input.Name, Make(input, batch, i => (arange(i, dtype: float32) * 0.37f).sin().mul(2),
            (count, categories) => (arange(count, dtype: int64) * 5 + 3).remainder(categories)))).ToArray();

    /// <summary>Random inputs for a batch: floats <c>2·N(0, 1)</c>, category ids uniform over the categories.</summary>
    public static IReadOnlyList<(string Name, Tensor Value)> RandomInputs(Type model, long batch) =>
        Summary(model, 1).Inputs.Select(input => (input.Name, Make(input, batch, i => randn(i) * 2, (count, categories) => randint(0, categories, count, dtype: int64)))).ToArray();

    private static Tensor Make(InputSummary input, long batch, Func<long, Tensor> floats, Func<long, long, Tensor> ids)
    {
        long[] shape = [batch, .. input.Shape.Skip(1)];
        long count = shape.Aggregate(1L, (a, d) => a * d);
        return input.Categories is int categories
            ? ids(count, categories).reshape(shape)
            : floats(count).reshape(shape);
    }

    /// <summary>The inputs a fixture recorded: <c>input</c> and <c>input_shape</c>, or <c>inputs</c> (name, shape, dtype, values).</summary>
    public static IReadOnlyList<(string Name, Tensor Value)> FixtureInputs(JsonElement fixture)
    {
        if (!fixture.TryGetProperty("inputs", out JsonElement inputs))
            return [("input", tensor(Floats(fixture.GetProperty("input")), Longs(fixture.GetProperty("input_shape"))))];
        return inputs.EnumerateArray().Select(i =>
        {
            long[] shape = Longs(i.GetProperty("shape"));
            Tensor value = i.GetProperty("dtype").GetString() == "int64"
                ? tensor(Longs(i.GetProperty("values")), shape)
                : tensor(Floats(i.GetProperty("values")), shape);
            return (i.GetProperty("name").GetString()!, value);
        }).ToArray();
    }

    /// <summary>What the model's <c>forward</c> takes, from named tensors: the one tensor, or a new inputs record.</summary>
    public static object Bind(Type model, IReadOnlyList<(string Name, Tensor Value)> inputs)
    {
        Type type = InputType(model);
        if (type == typeof(Tensor)) return inputs.Single().Value;
        ConstructorInfo constructor = type.GetConstructors().Single(c => c.GetParameters().Length == inputs.Count);
        var arguments = constructor.GetParameters().Select(p => (object)inputs.Single(i => i.Name == p.Name).Value).ToArray();
        return constructor.Invoke(arguments);
    }

    /// <summary>Runs the model on named tensors.</summary>
    public static Tensor Call(nn.Module model, IReadOnlyList<(string Name, Tensor Value)> inputs) => Call(model, Bind(model.GetType(), inputs));

    /// <summary>Runs the model on what its <c>forward</c> takes.</summary>
    public static Tensor Call(nn.Module model, object input)
    {
        Type type = InputType(model.GetType());
        MethodInfo call = model.GetType().GetMethods().Single(m => m.Name == "call" && m.GetParameters() is [{ } only] && only.ParameterType == type);
        try
        {
            return (Tensor)call.Invoke(model, [input])!;
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerException).Throw();
            throw;
        }
    }

    /// <summary>The inputs as ONNX Runtime arrays for <c>OnnxForecaster.Predict(IReadOnlyDictionary&lt;string, Array&gt;)</c>.</summary>
    public static Dictionary<string, Array> Arrays(IReadOnlyList<(string Name, Tensor Value)> inputs) =>
        inputs.ToDictionary(i => i.Name, i =>
        {
            int[] dims = i.Value.shape.Select(d => (int)d).ToArray();
            Array array = Array.CreateInstance(i.Value.dtype == ScalarType.Int64 ? typeof(long) : typeof(float), dims);
            if (i.Value.dtype == ScalarType.Int64) Buffer.BlockCopy(i.Value.data<long>().ToArray(), 0, array, 0, (int)i.Value.numel() * sizeof(long));
            else Buffer.BlockCopy(i.Value.data<float>().ToArray(), 0, array, 0, (int)i.Value.numel() * sizeof(float));
            return array;
        });

    /// <summary>The inputs as the PyTorch twin's fixture script reads them (NAME.input.json).</summary>
    public static object Json(IReadOnlyList<(string Name, Tensor Value)> inputs) =>
        inputs.Count == 1 && inputs[0].Name == "input" && inputs[0].Value.dtype == ScalarType.Float32
            ? new { shape = inputs[0].Value.shape, values = (object)inputs[0].Value.data<float>().ToArray() }
            : new
            {
                inputs = inputs.Select(i => new
                {
                    name = i.Name,
                    shape = i.Value.shape,
                    dtype = i.Value.dtype == ScalarType.Int64 ? "int64" : "float32",
                    values = i.Value.dtype == ScalarType.Int64 ? (object)i.Value.data<long>().ToArray() : i.Value.data<float>().ToArray(),
                }).ToArray(),
            };

    /// <summary>A float32 ONNX Runtime tensor of a TorchSharp one.</summary>
    public static DenseTensor<float> Dense(Tensor value) => new(value.data<float>().ToArray(), value.shape.Select(d => (int)d).ToArray());

    private static float[] Floats(JsonElement array) => array.EnumerateArray().Select(v => v.GetSingle()).ToArray();

    private static long[] Longs(JsonElement array) => array.EnumerateArray().Select(v => v.GetInt64()).ToArray();
}
