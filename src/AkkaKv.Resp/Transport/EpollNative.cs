using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace AkkaKv.Resp.Transport;

/// <summary>The three epoll calls .NET does not expose, an eventfd to wake a waiting loop, and <c>close</c> for both
/// descriptors (.NET's own socket engine uses epoll, but only for its async operations, which cost two receives per
/// request; see <see cref="EpollLoop"/>).</summary>
internal static class EpollNative
{
    public const int CtlAdd = 1;
    public const int CtlDel = 2;
    public const int CtlMod = 3;

    public const uint In = 0x001;
    public const uint Out = 0x004;
    public const uint Err = 0x008;
    public const uint Hup = 0x010;
    public const uint RdHup = 0x2000;

    private const int EINTR = 4;

    /// <summary><c>struct epoll_event</c>, which is packed on x86-64 (12 bytes): the only architecture this layout is
    /// used on (<see cref="IsSupported"/>).</summary>
    [StructLayout(LayoutKind.Explicit, Size = 12)]
    public struct Event
    {
        [FieldOffset(0)] public uint Events;
        [FieldOffset(4)] public long Data;
    }

    public static bool IsSupported =>
        OperatingSystem.IsLinux() && RuntimeInformation.ProcessArchitecture == Architecture.X64;

    public static int Create()
    {
        var fd = epoll_create1(0x80000); // EPOLL_CLOEXEC
        return fd >= 0 ? fd : throw new IOException($"epoll_create1 failed: errno {Marshal.GetLastPInvokeError()}");
    }

    /// <summary>Adds, changes or removes a socket's interest; false when the socket is already gone (closed).</summary>
    public static bool Control(int epoll, int op, int fd, uint events, long data)
    {
        var ev = new Event { Events = events, Data = data };
        return epoll_ctl(epoll, op, fd, ref ev) == 0;
    }

    /// <summary>Waits for ready sockets; returns how many of <paramref name="events"/> were filled (0 on a signal).</summary>
    public static int Wait(int epoll, Event[] events, int timeoutMs)
    {
        var n = epoll_wait(epoll, events, events.Length, timeoutMs);
        if (n >= 0)
        {
            return n;
        }

        var errno = Marshal.GetLastPInvokeError();
        return errno == EINTR ? 0 : throw new IOException($"epoll_wait failed: errno {errno}");
    }

    /// <summary>A non-blocking eventfd: <see cref="Signal"/> makes it readable, and an epoll wait on it returns.</summary>
    public static int CreateEvent()
    {
        var fd = eventfd(0, 0x80000 | 0x800); // EFD_CLOEXEC | EFD_NONBLOCK
        return fd >= 0 ? fd : throw new IOException($"eventfd failed: errno {Marshal.GetLastPInvokeError()}");
    }

    public static void Signal(SafeFileHandle eventFd)
    {
        long one = 1;
        _ = write(eventFd, ref one, 8); // fails only if the counter would overflow, when it is readable anyway
    }

    /// <summary>Makes a signalled eventfd unreadable again (level-triggered epoll would report it on every wait).</summary>
    public static void Consume(SafeFileHandle eventFd)
    {
        long count = 0;
        _ = read(eventFd, ref count, 8); // EAGAIN when it was not signalled: nothing to do
    }

    public static void Close(int fd) => _ = close(fd);

    [DllImport("libc", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int eventfd(uint initval, int flags);

    [DllImport("libc", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern nint write(SafeFileHandle fd, ref long value, nint count);

    [DllImport("libc", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern nint read(SafeFileHandle fd, ref long value, nint count);

    [DllImport("libc", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int epoll_create1(int flags);

    [DllImport("libc", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int epoll_ctl(int epfd, int op, int fd, ref Event ev);

    [DllImport("libc", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int epoll_wait(int epfd, [Out] Event[] events, int maxevents, int timeout);

    [DllImport("libc", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int close(int fd);
}
