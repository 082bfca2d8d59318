using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using TorchSharp;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace ModelGen;

/// <summary>The file formats <see cref="Checkpoint"/> reads and writes.</summary>
public enum CheckpointFormat
{
    /// <summary>From the file name: <c>.pt</c>/<c>.pth</c> PyTorch, <c>.safetensors</c> safetensors, anything else TorchSharp.</summary>
    Auto,

    /// <summary>TorchSharp's own (<c>Module.save</c>).</summary>
    TorchSharp,

    /// <summary>PyTorch's <c>torch.save(model.state_dict(), path)</c>.</summary>
    PyTorch,

    /// <summary>safetensors (Hugging Face).</summary>
    Safetensors,
}

/// <summary>
/// Saves and loads a model's weights (its state_dict) in TorchSharp's, PyTorch's or the safetensors
/// format. Loading is all or nothing: the file is read whole and checked against the model — every
/// name, every shape — before a single value is copied, so a checkpoint of another model, of other
/// shapes, or a truncated file is an exception that says what differs, and the model stays as it was.
/// Saving writes beside the destination and moves the file into place.
/// </summary>
public static class Checkpoint
{
    /// <summary>Saves <paramref name="model"/>'s state_dict to <paramref name="path"/>.</summary>
    /// <exception cref="IOException">The file cannot be written; the message names the path.</exception>
    public static void SaveCheckpoint(this nn.Module model, string path, CheckpointFormat format = CheckpointFormat.Auto)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        format = Resolve(format, path);
        AtomicFile.Write(path, "the checkpoint", stream =>
        {
            switch (format)
            {
                case CheckpointFormat.PyTorch: model.save_py(stream, leaveOpen: true); break;
                case CheckpointFormat.Safetensors: model.save_safetensors(stream, leaveOpen: true); break;
                default: model.save(stream); break;
            }
        });
    }

    /// <summary>
    /// Loads the weights in <paramref name="path"/> into <paramref name="model"/>, all or nothing.
    /// <see cref="CheckpointFormat.Auto"/> tells the format from the file's first bytes.
    /// </summary>
    /// <exception cref="FileNotFoundException">There is no such file.</exception>
    /// <exception cref="InvalidDataException">
    /// The file is truncated or not a checkpoint of that format, or it does not fit the model: a name the
    /// model lacks or misses, or a parameter of another shape (the message names it and both shapes).
    /// The model is unchanged.
    /// </exception>
    public static void LoadCheckpoint(this nn.Module model, string path, CheckpointFormat format = CheckpointFormat.Auto)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"No checkpoint at '{path}'.", path);
        byte[] bytes = File.ReadAllBytes(path);
        // PyTorch before 1.6 (or with _use_new_zipfile_serialization=False) wrote a bare pickle. Told by its
        // whole signature, not its first byte: TorchSharp's own files start with 0x80 too, whenever their
        // entry count is a multiple of 128.
        if (IsLegacyPickle(bytes))
            throw new InvalidDataException($"'{path}' is a legacy torch.save file (a bare pickle), which cannot be read here; " +
                                           "save it again with PyTorch 1.6 or later's default: torch.save(model.state_dict(), path).");
        if (format == CheckpointFormat.Auto) format = Sniff(bytes);
        string source = $"'{path}' ({format} format)";

        using DisposeScope scope = NewDisposeScope();
        Dictionary<string, Tensor> read = Read(bytes, format, source);
        Dictionary<string, Tensor> own = model.state_dict();
        string name = model.GetType().Name;

        string[] missing = own.Keys.Where(k => !read.ContainsKey(k)).ToArray();
        // In name order: a PyTorch file's entries come out of a hash table, whose order is not the file's.
        string[] extra = read.Keys.Where(k => !own.ContainsKey(k)).Order(StringComparer.Ordinal).ToArray();
        if (missing.Length > 0 || extra.Length > 0)
        {
            throw new InvalidDataException(
                $"{source} does not hold {name}'s weights: " +
                (missing.Length > 0 ? $"it has no {Quote(missing)}" : "") +
                (missing.Length > 0 && extra.Length > 0 ? ", and " : "") +
                (extra.Length > 0 ? $"it has {Quote(extra)}, which {name} does not" : "") +
                $". {name} has {Quote(own.Keys)}. Nothing was loaded.");
        }
        foreach ((string key, Tensor value) in own)
        {
            Tensor loaded = read[key];
            if (!loaded.shape.SequenceEqual(value.shape))
                throw new InvalidDataException(
                    $"{source}: parameter '{key}' is {Shape(loaded.shape)} there, but {Shape(value.shape)} in {name}; the checkpoint is of a model with other sizes. Nothing was loaded.");
            if (!loaded.is_floating_point() && value.is_floating_point())
                throw new InvalidDataException($"{source}: parameter '{key}' is {loaded.dtype} there, but {value.dtype} in {name}. Nothing was loaded.");
        }
        // Every name and shape fits: copying cannot fail half-way.
        using (no_grad())
        {
            foreach ((string key, Tensor value) in own) value.copy_(read[key]);
        }
    }

    private static Dictionary<string, Tensor> Read(byte[] bytes, CheckpointFormat format, string source)
    {
        try
        {
            using var stream = new MemoryStream(bytes, writable: false);
            switch (format)
            {
                case CheckpointFormat.PyTorch:
                    Hashtable table = PyTorchUnpickler.UnpickleStateDict(stream, leaveOpen: true);
                    string[] notTensors = table.Cast<DictionaryEntry>().Where(e => e.Value is not Tensor).Select(e => $"'{e.Key}'").ToArray();
                    if (notTensors.Length > 0)
                        throw new InvalidDataException($"it holds more than weights ({string.Join(", ", notTensors)} are not tensors); save the model's state_dict itself: torch.save(model.state_dict(), path)");
                    return table.Cast<DictionaryEntry>().ToDictionary(e => (string)e.Key, e => (Tensor)e.Value!);
                case CheckpointFormat.Safetensors:
                    return Safetensors.LoadStateDict(stream, leaveOpen: true);
                default:
                    return ReadTorchSharp(stream);
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new InvalidDataException($"{source} cannot be read ({bytes.Length:N0} bytes; it may be truncated or in another format): {e.Message}", e);
        }
    }

    /// <summary>TorchSharp's format, as <c>Module.save</c> writes it: an entry count, then a name and a tensor each.</summary>
    private static Dictionary<string, Tensor> ReadTorchSharp(Stream stream)
    {
        using var reader = new BinaryReader(stream, System.Text.Encoding.UTF8, leaveOpen: true);
        long count = reader.Read7BitEncodedInt64(); // LEB128, as TorchSharp writes it
        if (count < 0 || count > stream.Length) throw new InvalidDataException($"the entry count {count} does not fit the file");
        var entries = new Dictionary<string, Tensor>((int)count);
        for (long i = 0; i < count; i++)
        {
            string key = reader.ReadString();
            entries[key] = TensorExtensionMethods.Load(reader, skip: false);
        }
        if (stream.Position != stream.Length) throw new InvalidDataException($"{stream.Length - stream.Position} bytes follow the last of its {count} entries");
        return entries;
    }

    /// <summary>
    /// What legacy <c>torch.save</c> writes first: pickle protocol 2 (<c>0x80 0x02</c>), then its magic number
    /// 0x1950a86a20f9469cfc6c pickled as a 10-byte LONG1 (<c>0x8a 0x0a</c> and the number, little-endian).
    /// </summary>
    private static ReadOnlySpan<byte> LegacyPickleSignature => [0x80, 0x02, 0x8a, 0x0a, 0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8, 0x50, 0x19];

    /// <summary>
    /// Whether <paramref name="bytes"/> is a legacy torch.save pickle. No file of the formats read here
    /// starts so: in a TorchSharp file the signature would make the first name's second byte 0xfc, which
    /// UTF-8 text never holds, and a safetensors file has <c>{</c> where the signature has 0xf9; so it is
    /// checked whatever the format.
    /// </summary>
    private static bool IsLegacyPickle(byte[] bytes) => bytes.AsSpan().StartsWith(LegacyPickleSignature);

    /// <summary>PyTorch's files are zip archives; safetensors starts with its header's length, then <c>{</c>.</summary>
    private static CheckpointFormat Sniff(byte[] bytes)
    {
        if (bytes.Length >= 4 && bytes[0] == (byte)'P' && bytes[1] == (byte)'K') return CheckpointFormat.PyTorch;
        if (bytes.Length >= 9 && bytes[8] == (byte)'{' && BitConverter.ToUInt64(bytes, 0) < (ulong)bytes.Length) return CheckpointFormat.Safetensors;
        return CheckpointFormat.TorchSharp;
    }

    private static CheckpointFormat Resolve(CheckpointFormat format, string path) => format != CheckpointFormat.Auto ? format
        : Path.GetExtension(path).ToLowerInvariant() switch
        {
            ".pt" or ".pth" => CheckpointFormat.PyTorch,
            ".safetensors" => CheckpointFormat.Safetensors,
            _ => CheckpointFormat.TorchSharp,
        };

    private static string Quote(IEnumerable<string> keys) => string.Join(", ", keys.Select(k => $"'{k}'"));

    private static string Shape(long[] shape) => "[" + string.Join(", ", shape) + "]";
}
