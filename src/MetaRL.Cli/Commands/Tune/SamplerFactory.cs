using MetaRL.Tuning;

namespace MetaRL.Cli.Commands.Tune;

/// <summary>Builds the sampler a tune run names; every worker derives its own noise from the seed and its index.</summary>
internal static class SamplerFactory
{
    public static Sampler Create(TuneSettings s)
    {
        var space = (s.Objective as IHasSearchSpace)?.Space;
        int w = s.WorkerIndex;
        return s.SamplerName switch
        {
            "random" => new RandomSampler(s.Seed * 1_000_003L + w),
            "cmaes" => new CmaEsSampler(new CmaEsOptions { Seed = s.Seed, Sigma0 = s.Sigma0, SearchSpace = space }, w),
            "gp" => new GpSampler(new GpOptions { Seed = s.Seed, SearchSpace = space }, w),
            "tpe" => new TpeSampler(new TpeOptions { Seed = s.Seed, SearchSpace = space }, w),
            "es" => new OpenAiEsSampler(new OpenAiEsOptions { Seed = s.Seed, SearchSpace = space, Sigma = s.Sigma0 ?? 0.05 }, w),
            _ => throw new UserInputException($"Unknown sampler '{s.SamplerName}'."),
        };
    }
}
