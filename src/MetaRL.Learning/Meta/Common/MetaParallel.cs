using System.Runtime.ExceptionServices;

namespace MetaRL.Learning.Meta;

/// <summary>
/// Runs the independent tasks of a meta-batch across cores. Each task is a pure function of its index
/// (its randomness is seeded from the run seed and the index, see <see cref="SeedPath"/>), results land in
/// an array by index and callers reduce them in index order, so a parallel run gives exactly the numbers
/// of a sequential one. A task that throws fails the whole map with its own exception, the lowest index first, as
/// a sequential run would.
/// </summary>
public static class MetaParallel
{
    /// <summary>Evaluates <paramref name="body"/> for 0 … count−1 on up to <paramref name="degree"/> threads
    /// (1 or less: sequentially on the calling thread).</summary>
    public static T[] Map<T>(int count, int degree, Func<int, T> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        var results = new T[count];
        if (degree <= 1 || count <= 1)
        {
            for (int i = 0; i < count; i++) { results[i] = body(i); }
            return results;
        }
        // A failing task is kept by index and the lowest one rethrown as itself (not an AggregateException), so a parallel
        // run fails with the error a sequential one would have met first.
        var errors = new Exception?[count];
        Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = degree }, i =>
        {
            try { results[i] = body(i); }
            catch (Exception ex) { errors[i] = ex; }
        });
        if (Array.Find(errors, e => e is not null) is { } first) { ExceptionDispatchInfo.Capture(first).Throw(); }
        return results;
    }

    /// <summary>The default degree: the machine's core count.</summary>
    public static int DefaultDegree => Environment.ProcessorCount;

    /// <summary>The degree a learner's <c>parallelism</c> setting asks for: itself when positive, else (0, the
    /// default) <see cref="DefaultDegree"/>.</summary>
    public static int Degree(int parallelism) => parallelism > 0 ? parallelism : DefaultDegree;
}
