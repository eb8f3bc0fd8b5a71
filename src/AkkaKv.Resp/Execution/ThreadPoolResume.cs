namespace AkkaKv.Resp.Execution;

/// <summary>Resumes connections on the thread pool: Kestrel's connections, which have no thread of their own, and
/// whatever an epoll loop still had queued when it stopped.</summary>
internal sealed class ThreadPoolResume : IResumeScheduler
{
    public static readonly ThreadPoolResume Instance = new();

    private ThreadPoolResume()
    {
    }

    public void Schedule(IThreadPoolWorkItem work) => ThreadPool.UnsafeQueueUserWorkItem(work, preferLocal: false);
}
