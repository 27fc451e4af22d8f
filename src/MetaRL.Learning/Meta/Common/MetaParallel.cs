namespace MetaRL.Learning.Meta;

/// <summary>
/// Runs the independent tasks of a meta-batch across cores. Each task is a pure function of its index
/// (its randomness is seeded from the run seed and the index, see <see cref="SeedPath"/>), results land in
/// an array by index and callers reduce them in index order, so a parallel run gives exactly the numbers
/// of a sequential one.
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
        Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = degree }, i => results[i] = body(i));
        return results;
    }

    /// <summary>The default degree: the machine's core count.</summary>
    public static int DefaultDegree => Environment.ProcessorCount;

    /// <summary>The degree a learner's <c>parallelism</c> setting asks for: itself when positive, else (0, the
    /// default) <see cref="DefaultDegree"/>.</summary>
    public static int Degree(int parallelism) => parallelism > 0 ? parallelism : DefaultDegree;
}
