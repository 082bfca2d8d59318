using System;
using System.Runtime.InteropServices;

namespace ModelGen;

/// <summary>
/// The process environment as native libraries (libtorch, oneDNN) read it. On Linux and macOS .NET keeps
/// its own copy of the environment, so <see cref="Environment.SetEnvironmentVariable(string, string?)"/>
/// does not reach C's <c>getenv</c>; this calls the C library itself.
/// </summary>
internal static class NativeEnvironment
{
    /// <summary>The variable's value as C's <c>getenv</c> sees it, or null when it is not set.</summary>
    public static string? Get(string name)
    {
        if (OperatingSystem.IsWindows()) return Environment.GetEnvironmentVariable(name);
        IntPtr value = getenv(name);
        return value == IntPtr.Zero ? null : Marshal.PtrToStringUTF8(value);
    }

    /// <summary>Sets (or replaces) the variable for native code in this process; false when the C library refused.</summary>
    public static bool Set(string name, string value)
    {
        if (OperatingSystem.IsWindows())
        {
            // Both the Win32 environment (GetEnvironmentVariable) and the C runtime's copy (getenv).
            Environment.SetEnvironmentVariable(name, value);
            return _putenv_s(name, value) == 0;
        }
        return setenv(name, value, 1) == 0;
    }

    // Classic DllImport: strings go to the C library as UTF-8 (ANSI on Unix) without unsafe code.
    [DllImport("libc", EntryPoint = "getenv")]
    private static extern IntPtr getenv([MarshalAs(UnmanagedType.LPUTF8Str)] string name);

    [DllImport("libc", EntryPoint = "setenv")]
    private static extern int setenv([MarshalAs(UnmanagedType.LPUTF8Str)] string name, [MarshalAs(UnmanagedType.LPUTF8Str)] string value, int overwrite);

    [DllImport("ucrtbase", EntryPoint = "_putenv_s")]
    private static extern int _putenv_s([MarshalAs(UnmanagedType.LPUTF8Str)] string name, [MarshalAs(UnmanagedType.LPUTF8Str)] string value);
}
