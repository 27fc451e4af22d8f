namespace MetaRL.Cli.Commands.Tune;

/// <summary>
/// Builds the sampler a tune run names for one worker of the study: every worker derives its own stream from
/// the seed and the worker number the study handed it (<see cref="Study.Join"/>); worker 0 is a lone run's.
/// </summary>
internal static class SamplerFactory
{
    public static Sampler Create(TuneSettings s, int worker)
    {
        var space = (s.Objective as IHasSearchSpace)?.Space;
        return s.SamplerName switch
        {
            "random" => new RandomSampler(s.Seed, worker),
            "cmaes" => new CmaEsSampler(new CmaEsOptions { Seed = s.Seed, Sigma0 = s.Sigma0, SearchSpace = space }, worker),
            "gp" => new GpSampler(new GpOptions { Seed = s.Seed, SearchSpace = space }, worker),
            "tpe" => new TpeSampler(new TpeOptions { Seed = s.Seed, SearchSpace = space }, worker),
            "es" => new OpenAiEsSampler(new OpenAiEsOptions { Seed = s.Seed, SearchSpace = space, Sigma = s.Sigma0 ?? 0.05 }, worker),
            _ => throw new UserInputException($"Unknown sampler '{s.SamplerName}'."),
        };
    }
}
