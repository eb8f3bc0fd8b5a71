namespace AkkaKv.Resp.Execution;

/// <summary>Where a connection resumes once the replies it waits for have all come (a store-mode pipeline's writes are
/// answered on the journal's writer thread, which must not run the connection's code itself). Kestrel's connections
/// resume on the thread pool; an epoll connection resumes on its own loop thread, so that one wake-up of that thread
/// resumes every connection a group commit answered, instead of one thread-pool wake-up each.</summary>
public interface IResumeScheduler
{
    void Schedule(IThreadPoolWorkItem work);
}
