using System;
using System.Linq;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ModelGen;

/// <summary>
/// A transformer encoder layer with PyTorch's semantics and state_dict names for
/// <c>nn.TransformerEncoderLayer(dModel, nHead, dimFeedforward, dropout, activation, layer_norm_eps, batch_first=True,
/// norm_first)</c>: self-attention and a two-layer feed-forward network, each with dropout, a residual connection and
/// layer normalisation (after the sum, or before the block with <see cref="NormFirst"/>). Declared with
/// <see cref="TransformerEncoderLayerAttribute"/>; it takes <c>[batch, steps, dModel]</c>.
/// </summary>
/// <remarks>
/// <para>
/// Submodules, in PyTorch's order: <c>self_attn</c> (a <see cref="ModelGen.SelfAttention"/>: <c>in_proj_weight</c>
/// <c>[3·dModel, dModel]</c>, <c>in_proj_bias</c>, <c>out_proj.weight</c>, <c>out_proj.bias</c>), <c>linear1</c>,
/// <c>dropout</c>, <c>linear2</c>, <c>norm1</c>, <c>norm2</c>, <c>dropout1</c>, <c>dropout2</c>.
/// </para>
/// <para>
/// TorchSharp 0.107's own <c>TransformerEncoderLayer</c> is libtorch's C++ module: sequence-first, with neither
/// <c>norm_first</c> nor <c>layer_norm_eps</c>, and its submodules are not reachable from .NET. This class composes the
/// same parts as PyTorch's Python module does, batch-first, with <see cref="ModelGen.SelfAttention"/> as <c>self_attn</c>.
/// With <see cref="Causal"/>, step t attends to steps up to t only (PyTorch's square subsequent mask).
/// </para>
/// <para>
/// Inference (eval mode with gradients off) of a post-norm layer with libtorch's epsilon (1e-5) runs libtorch's own layer
/// instead: one native call rather than a dozen, the same numbers. Its parameters share this layer's storage (made so
/// with <c>set_</c>), so loading weights or an optimiser's step in place is seen at once; when a parameter is replaced
/// (a move to another device or type), the next inference call shares the new one. Training, gradients, pre-norm and
/// other epsilons take the composed path.
/// </para>
/// </remarks>
public sealed class TransformerLayer : nn.Module<Tensor, Tensor>, IPyTorchEquivalent
{
    private readonly SelfAttention self_attn;
    private readonly Linear linear1;
    private readonly Dropout dropout;
    private readonly Linear linear2;
    private readonly LayerNorm norm1;
    private readonly LayerNorm norm2;
    private readonly Dropout dropout1;
    private readonly Dropout dropout2;

    // The inference path: libtorch's layer, and the parameters of this layer its own share storage with (as Parameters()
    // gave them then), or null before the first inference call.
    private TransformerEncoderLayer? _native;
    private Parameter[]? _shared;
    private readonly object _sharing = new();

    /// <summary>Creates the layer, its parameters initialised as PyTorch initialises them.</summary>
    /// <param name="dModel">Features of each step, in and out.</param>
    /// <param name="nHead">Attention heads; they divide <paramref name="dModel"/>.</param>
    /// <param name="dimFeedforward">Width of the feed-forward network's hidden layer.</param>
    /// <param name="dropout">Dropout probability, in attention and after each sub-block.</param>
    /// <param name="activation">The feed-forward network's activation.</param>
    /// <param name="normFirst">Normalise before each sub-block (pre-norm) instead of after the residual sum.</param>
    /// <param name="layerNormEps">The layer normalisations' epsilon.</param>
    /// <param name="causal">Whether step t attends to steps up to t only.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size is not positive, <paramref name="nHead"/> does not divide
    /// <paramref name="dModel"/>, <paramref name="dropout"/> is not a probability or <paramref name="layerNormEps"/> not positive.</exception>
    public TransformerLayer(int dModel, int nHead, int dimFeedforward = 2048, double dropout = 0.1,
        TransformerActivation activation = TransformerActivation.ReLU, bool normFirst = false, double layerNormEps = 1e-5, bool causal = false)
        : base(nameof(TransformerLayer))
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dModel);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(nHead);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dimFeedforward);
        if (dModel % nHead != 0)
            throw new ArgumentOutOfRangeException(nameof(nHead), nHead, $"The heads split dModel = {dModel} evenly: nHead must divide it.");
        if (!(dropout >= 0 && dropout <= 1))
            throw new ArgumentOutOfRangeException(nameof(dropout), dropout, "A probability between 0 and 1.");
        if (!(layerNormEps > 0) || double.IsInfinity(layerNormEps))
            throw new ArgumentOutOfRangeException(nameof(layerNormEps), layerNormEps, "A small positive number such as 1e-5.");
        if (!Enum.IsDefined(activation))
            throw new ArgumentOutOfRangeException(nameof(activation), activation, "TransformerActivation.ReLU or TransformerActivation.GELU.");
        DModel = dModel;
        Heads = nHead;
        DimFeedforward = dimFeedforward;
        Activation = activation;
        NormFirst = normFirst;
        Causal = causal;
        self_attn = new SelfAttention(dModel, nHead, dropout, causal);
        linear1 = nn.Linear(dModel, dimFeedforward);
        this.dropout = nn.Dropout(dropout);
        linear2 = nn.Linear(dimFeedforward, dModel);
        norm1 = nn.LayerNorm(dModel, eps: layerNormEps);
        norm2 = nn.LayerNorm(dModel, eps: layerNormEps);
        dropout1 = nn.Dropout(dropout);
        dropout2 = nn.Dropout(dropout);
        register_module(nameof(self_attn), self_attn);
        register_module(nameof(linear1), linear1);
        register_module(nameof(this.dropout), this.dropout);
        register_module(nameof(linear2), linear2);
        register_module(nameof(norm1), norm1);
        register_module(nameof(norm2), norm2);
        register_module(nameof(dropout1), dropout1);
        register_module(nameof(dropout2), dropout2);
    }

    /// <summary>PyTorch's class, as torchinfo and the summary name it.</summary>
    string IPyTorchEquivalent.PyTorchType => "TransformerEncoderLayer";

    /// <summary>Features of each step.</summary>
    public int DModel { get; }

    /// <summary>Attention heads.</summary>
    public int Heads { get; }

    /// <summary>Width of the feed-forward network's hidden layer.</summary>
    public int DimFeedforward { get; }

    /// <summary>The feed-forward network's activation.</summary>
    public TransformerActivation Activation { get; }

    /// <summary>Whether each sub-block normalises its input (pre-norm) rather than the residual sum.</summary>
    public bool NormFirst { get; }

    /// <summary>Whether step t attends to steps up to t only.</summary>
    public bool Causal { get; }

    /// <summary>Runs the layer on <c>[batch, steps, dModel]</c>; returns the same shape.</summary>
    /// <exception cref="ArgumentException">The input is not <c>[batch, steps, dModel]</c>.</exception>
    public override Tensor forward(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.dim() != 3 || x.size(2) != DModel)
            throw new ArgumentException($"A transformer layer of dModel = {DModel} takes [batch, steps, {DModel}]; got [{string.Join(", ", x.shape)}].", nameof(x));
        if (!training && !is_grad_enabled() && Native() is { } native)
        {
            // libtorch's layer is sequence-first.
            using Tensor steps = x.transpose(0, 1);
            using Tensor? mask = Causal ? CausalMask(x.size(1), x.dtype, x.device) : null;
            using Tensor output = mask is null ? native.call(steps) : native.call(steps, mask);
            return output.transpose(0, 1);
        }
        using var scope = NewDisposeScope();
        Tensor y = NormFirst
            ? x + SelfAttention(norm1.call(x))
            : norm1.call(x + SelfAttention(x));
        y = NormFirst
            ? y + FeedForward(norm2.call(y))
            : norm2.call(y + FeedForward(y));
        return y.MoveToOuterDisposeScope();
    }

    // PyTorch's _sa_block: attention, then dropout1.
    private Tensor SelfAttention(Tensor x) => dropout1.call(self_attn.call(x));

    // PyTorch's _ff_block: linear2(dropout(activation(linear1(x)))), then dropout2.
    private Tensor FeedForward(Tensor x)
    {
        Tensor hidden = linear1.call(x);
        hidden = Activation == TransformerActivation.GELU ? nn.functional.gelu(hidden) : nn.functional.relu(hidden);
        return dropout2.call(linear2.call(dropout.call(hidden)));
    }

    // This layer's parameters as registered now (a move to another type or device replaces them).
    private Parameter[] Parameters() =>
    [
        self_attn.InProjWeight, self_attn.InProjBias, self_attn.OutProj.weight, self_attn.OutProj.bias!,
        linear1.weight, linear1.bias!, linear2.weight, linear2.bias!, norm1.weight, norm1.bias!, norm2.weight, norm2.bias!,
    ];

    private static bool Same(Parameter[] shared, Parameter[] current)
    {
        for (int i = 0; i < shared.Length; i++)
            if (!ReferenceEquals(shared[i], current[i])) return false;
        return true;
    }

    /// <summary>
    /// libtorch's layer with its parameters sharing this layer's storage, made (again) when a parameter has been replaced
    /// since; null where it cannot stand in: pre-norm, another epsilon than libtorch's 1e-5, or parameters of mixed types
    /// or devices.
    /// </summary>
    private TransformerEncoderLayer? Native()
    {
        if (NormFirst || norm1.eps != 1e-5 || norm2.eps != 1e-5) return null;
        Parameter[] current = Parameters();
        if (_shared is { } shared && Same(shared, current)) return _native;
        lock (_sharing)
        {
            Parameter first = current[0];
            if (current.Any(p => p.dtype != first.dtype || p.device_type != first.device_type || p.device_index != first.device_index)) return null;
            _native?.Dispose();
            (_native, _shared) = (null, null);
            // Only ever run in eval mode: its dropout never acts.
            TransformerEncoderLayer native = nn.TransformerEncoderLayer(DModel, Heads, DimFeedforward, dropout: 0.0,
                Activation == TransformerActivation.GELU ? nn.Activations.GELU : nn.Activations.ReLU);
            native.to(first.device, first.dtype);
            native.eval();
            // libtorch names its parameters as PyTorch does, as this layer registers its own: pair them by name.
            var ours = named_parameters().ToDictionary(p => p.name, p => p.parameter);
            (string Name, Parameter Parameter)[] theirs = native.named_parameters().ToArray();
            if (theirs.Length != ours.Count || theirs.Any(t => !ours.ContainsKey(t.Name)))
            {
                native.Dispose();
                return null; // another libtorch layout: the composed path still gives PyTorch's numbers
            }
            using (no_grad())
            {
                foreach ((string name, Parameter parameter) in theirs) parameter.set_(ours[name]);
            }
            (_native, _shared) = (native, current);
            return native;
        }
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing) _native?.Dispose();
        base.Dispose(disposing);
    }

    /// <summary>
    /// The mask that keeps step t from attending to later steps: −∞ above the diagonal, 0 elsewhere, added to the scores,
    /// as PyTorch's <c>nn.Transformer.generate_square_subsequent_mask</c> makes it. (A boolean mask, true above the
    /// diagonal, gave other outputs than PyTorch's through TorchSharp 0.107's attention; this one gives PyTorch's.)
    /// </summary>
    internal static Tensor CausalMask(long steps, ScalarType dtype, Device device) =>
        full(steps, steps, double.NegativeInfinity, dtype: dtype, device: device).triu(1);
}
