using System;

namespace ModelGen.Forecasting;

internal static class Messages
{
    /// <summary>An exception's message without the " (Parameter 'x')" an <see cref="ArgumentException"/> appends: quoted inside another message, the parameter is not the reader's.</summary>
    public static string Of(Exception e) =>
        e is ArgumentException { ParamName: { } name } && e.Message.EndsWith($" (Parameter '{name}')", StringComparison.Ordinal)
            ? e.Message[..^$" (Parameter '{name}')".Length]
            : e.Message;
}
