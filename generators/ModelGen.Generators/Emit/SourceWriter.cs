using System;
using System.Text;

namespace ModelGen.Generators.Emit;

/// <summary>Writes C# with four-space indentation and LF line ends; no trailing whitespace.</summary>
internal sealed class SourceWriter
{
    private readonly StringBuilder _text = new();
    private int _indent;

    public SourceWriter Line(string line = "")
    {
        if (line.Length > 0) _text.Append(' ', _indent * 4).Append(line);
        _text.Append('\n');
        return this;
    }

    /// <summary>Writes <paramref name="line"/> (if any) then <c>{</c>, and indents until the returned scope is disposed.</summary>
    public IDisposable Block(string? line)
    {
        if (line is not null) Line(line);
        Line("{");
        _indent++;
        return new Closer(this, "}");
    }

    /// <summary>Writes <paramref name="line"/> and indents until the returned scope is disposed, with no braces (Python).</summary>
    public IDisposable Indent(string line)
    {
        Line(line);
        _indent++;
        return new Closer(this, null);
    }

    /// <summary>Writes <c>/// </c> documentation lines.</summary>
    public SourceWriter Doc(params string[] lines)
    {
        foreach (string line in lines) Line("/// " + line);
        return this;
    }

    public override string ToString() => _text.ToString();

    private sealed class Closer(SourceWriter writer, string? close) : IDisposable
    {
        public void Dispose()
        {
            writer._indent--;
            if (close is not null) writer.Line(close);
        }
    }
}
