namespace MetaRL.Cli.Commands.Bench;

/// <summary>
/// CartPole steps per second — one environment through the public API (<c>EnvRegistry.Make("CartPole-v1")</c>,
/// so with its time limit, resets included), the same without wrappers, and a batch of 64 (struct-of-arrays
/// <see cref="CartPoleBatch"/>) on one core and on all cores, beside Gymnasium's published figures (170,000 raw,
/// 105,000 with standard wrappers); and the floor a single CartPole step cannot beat on this CPU, its float64
/// <c>Math.SinCos</c> alone (<c>trig_floor_steps_per_s</c>); and RecSlate-v0's user-steps per second with its defaults and
/// with a catalogue and cold start (<c>recslate_*</c>; target ≥ 1M on one core).
/// </summary>
internal static class EnvStepBench
{
    private const double GymRaw = 170_000, GymWrapped = 105_000;

    /// <summary>Every figure, keyed as <c>metarl bench envs</c> prints them, in that order; each timed for about
    /// <paramref name="seconds"/> after a short warm-up.</summary>
    public static Dictionary<string, double> Measure(double seconds)
    {
        int cores = Environment.ProcessorCount;
        var r = new Dictionary<string, double>(StringComparer.Ordinal);
        Put(r, "cartpole_single_steps_per_s", Single(EnvRegistry.Make("CartPole-v1"), seconds));
        Put(r, "cartpole_single_raw_steps_per_s", Single(new CartPole(), seconds));
        Put(r, "trig_floor_steps_per_s", TrigFloor(seconds));
        Put(r, "cartpole_vec64_steps_per_s_1thread", Batch(() => new CartPoleBatch(64), seconds));
        Put(r, "cartpole_vec64_fasttrig_steps_per_s_1thread", Batch(() => new CartPoleBatch(64, exactTrig: false), seconds));
        Put(r, "cartpole_sync_vector_env64_steps_per_s_1thread", Batch(() => new SyncVectorEnv(64, () => EnvRegistry.Make("CartPole-v1")), seconds));
        Put(r, "recslate_single_steps_per_s", Slates(EnvRegistry.Make("RecSlate-v0"), seconds));
        Put(r, "recslate_catalogue_cold_start_steps_per_s", Slates(EnvRegistry.Make("RecSlate-v0", new Dictionary<string, string> { ["catalogue"] = "1000", ["new_items"] = "0.1" }), seconds));
        r["cartpole_vec64_steps_per_s_all"] = Batch(() => new CartPoleBatch(64, threads: cores), seconds).Wall;
        r["cartpole_vec64_independent_batches_steps_per_s_all"] = IndependentBatches(cores, seconds);
        r["cores"] = cores;
        r["gymnasium_raw_steps_per_s"] = GymRaw;
        r["gymnasium_wrapped_steps_per_s"] = GymWrapped;
        r["ratio_single_vs_gymnasium_raw"] = r["cartpole_single_steps_per_s"] / GymRaw;
        r["ratio_single_vs_gymnasium_wrapped"] = r["cartpole_single_steps_per_s"] / GymWrapped;
        r["ratio_single_per_cpu_s_vs_gymnasium_raw"] = r["cartpole_single_steps_per_cpu_s"] / GymRaw;
        r["ratio_trig_floor_vs_single"] = r["trig_floor_steps_per_s"] / r["cartpole_single_steps_per_s"];
        return r;
    }

    /// <summary>Records a wall-clock rate under <paramref name="key"/> and the per-CPU-second rate beside it.</summary>
    private static void Put(Dictionary<string, double> r, string key, (double Wall, double Cpu) rate)
    {
        r[key] = rate.Wall;
        r[key.Replace("_per_s", "_per_cpu_s", StringComparison.Ordinal)] = rate.Cpu;
    }

    /// <summary>Steps one environment with a fixed pseudo-random action pattern, resetting when done.</summary>
    private static (double Wall, double Cpu) Single(Env env, double seconds)
    {
        var obs = env.NewObservation();
        env.Reset(obs, 0);
        float[] action = [0f];
        uint lcg = 12345;
        return Rate(seconds, () =>
        {
            uint state = lcg;
            for (int k = 0; k < 4096; k++)
            {
                state = state * 1664525 + 1013904223;
                action[0] = state >> 31;
                if (env.Step(action, obs).Done) { env.Reset(obs); }
            }
            lcg = state;
            return 4096;
        });
    }

    /// <summary>User-steps of RecSlate-v0 through the public API (its time limit, resets included): one slate per step from a
    /// table of 256 pseudo-random slates of k distinct candidates, written as the environment's action.</summary>
    private static (double Wall, double Cpu) Slates(Env env, double seconds)
    {
        var sim = env.Find<RecSlate>()!;
        int k = sim.Config.SlateSize, n = sim.Config.Candidates, size = env.ActionSpace.Size;
        var table = new float[256 * size];
        var rng = new Rng(99);
        Span<int> slate = stackalloc int[k];
        for (int row = 0; row < 256; row++)
        {
            for (int j = 0; j < k; j++)
            {
                int c;
                do { c = rng.NextInt(n); } while (slate[..j].Contains(c));
                slate[j] = c;
            }
            if (sim.Config.IndexActions) { table[row] = SlateIndex.Encode(slate, n); }
            else { for (int j = 0; j < k; j++) { table[row * size + j] = slate[j]; } }
        }
        var obs = env.NewObservation();
        env.Reset(obs, 0);
        return Rate(seconds, () =>
        {
            for (int step = 0; step < 4096; step++)
            {
                if (env.Step(table.AsSpan((step & 255) * size, size), obs).Done) { env.Reset(obs); }
            }
            return 4096;
        });
    }

    /// <summary>Steps per wall-clock and per thread-CPU second of <paramref name="chunk"/> (which returns the steps it
    /// took), run repeatedly for about <paramref name="seconds"/> after a shorter warm-up pass (JIT tiers).</summary>
    private static (double Wall, double Cpu) Rate(double seconds, Func<long> chunk)
    {
        long steps = 0;
        double elapsed = 0, cpu = 0;
        for (int pass = 0; pass < 2; pass++)
        {
            var watch = Stopwatch.StartNew();
            double cpu0 = ThreadCpuClock.Now();
            steps = 0;
            double limit = pass == 0 ? Math.Min(0.3, seconds) : seconds;
            do { steps += chunk(); } while (watch.Elapsed.TotalSeconds < limit);
            elapsed = watch.Elapsed.TotalSeconds;
            cpu = ThreadCpuClock.Now() - cpu0;
        }
        return (steps / elapsed, steps / cpu);
    }

    /// <summary>
    /// "Steps" of float64 trigonometry alone: one <c>Math.SinCos</c> per step, as <see cref="CartPole"/> takes, of an
    /// angle in CartPole's range (±0.21 rad) that depends on the previous step's result, as θ does (so calls do not
    /// overlap more than a real rollout lets them).
    /// </summary>
    private static (double Wall, double Cpu) TrigFloor(double seconds)
    {
        var angles = new double[256];
        uint lcg = 4242;
        for (int i = 0; i < angles.Length; i++) { lcg = lcg * 1664525 + 1013904223; angles[i] = ((lcg >> 8) / (double)(1 << 24) * 0.42) - 0.21; }
        double carry = 0, sink = 0;
        var rate = Rate(seconds, () =>
        {
            var a = angles; // locals in the loop: the chain runs through registers, as a step's θ does
            double chain = carry, total = sink;
            for (int k = 0; k < 4096; k++)
            {
                var (s, c) = Math.SinCos(a[k & 255] + chain);
                chain = 1e-9 * (s * c);
                total += c;
            }
            (carry, sink) = (chain, total);
            return 4096;
        });
        if (double.IsNaN(sink)) { throw new InvalidOperationException("The trig floor loop produced NaN."); }
        return rate;
    }

    private static float[] ActionTable(int numEnvs, int rows)
    {
        var table = new float[numEnvs * rows];
        uint lcg = 777;
        for (int i = 0; i < table.Length; i++) { lcg = lcg * 1664525 + 1013904223; table[i] = lcg >> 31; }
        return table;
    }

    private static (double Wall, double Cpu) Batch(Func<VectorEnv> make, double seconds)
    {
        using var v = make();
        v.Reset(0);
        const int rows = 256;
        var table = ActionTable(v.NumEnvs, rows);
        return Rate(seconds, () =>
        {
            for (int k = 0; k < rows; k++) { v.Step(table.AsSpan(k * v.NumEnvs, v.NumEnvs)); }
            return (long)rows * v.NumEnvs;
        });
    }

    /// <summary>One single-threaded batch of 64 per core, each stepped independently (a worker per core, as a
    /// rollout collector with one batch per worker would run); aggregate throughput.</summary>
    private static double IndependentBatches(int cores, double seconds)
    {
        var rates = new double[cores];
        Parallel.For(0, cores, new ParallelOptions { MaxDegreeOfParallelism = cores }, c => rates[c] = Batch(() => new CartPoleBatch(64), seconds).Wall);
        return rates.Sum();
    }
}
