using System.Diagnostics;
using Orleans.Runtime;

namespace MetaRL.Distributed;

/// <summary>
/// The silo's side of <see cref="IMetaTaskGrain"/>: builds the run's learner once per configuration (from the resolved
/// settings, as a resume does), copies θ into it and calls <see cref="IMetaTaskLearner.RunTask"/>. An activation runs
/// one call at a time (Orleans' turn model), so its learner is never shared between threads; the silo runs many
/// activations side by side.
/// </summary>
[TaskIndexPlacement]
internal sealed class MetaTaskGrain(ILocalSiloDetails silo, SiloWorkload workload) : Grain, IMetaTaskGrain
{
    private string? _configKey;
    private IMetaTaskLearner? _learner;

    public Task<MetaTaskReply> Run(MetaTaskRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        string address = silo.SiloAddress.Endpoint.ToString();
        int queue = workload.Enter();
        var clock = Stopwatch.StartNew();
        try
        {
            var learner = Learner(request);
            LoadTheta(learner.Model, request.Theta);
            var outcome = learner.RunTask(TaskJson.Deserialize(request.Task), request.Iteration, request.Index);
            return Task.FromResult(new MetaTaskReply
            {
                Pre = outcome.Pre, Post = outcome.Post, EnvSteps = outcome.EnvSteps, Tensors = outcome.Tensors,
                Silo = address, Seconds = clock.Elapsed.TotalSeconds, Queue = queue,
            });
        }
        catch (NonFiniteTrainingException ex)
        {
            return Task.FromResult(new MetaTaskReply { Silo = address, Queue = queue, NonFiniteTensor = ex.TensorName, NonFiniteStep = ex.Step, NonFiniteUnit = ex.Unit });
        }
        catch (Exception ex) when (ex is not OperationCanceledException) // a failure a retry cannot mend: reported, not retried
        {
            return Task.FromResult(new MetaTaskReply { Silo = address, Queue = queue, Failure = $"{ex.GetType().Name}: {ex.Message}" });
        }
        finally
        {
            workload.Leave();
        }
    }

    private IMetaTaskLearner Learner(MetaTaskRequest request)
    {
        if (_learner is not null && _configKey == request.ConfigKey) { return _learner; }
        if (request.Keys.Length != request.Values.Length) { throw new ArgumentException("a request's keys and values differ in count"); }
        var setup = MetaSetup.Parse(request.Keys.Zip(request.Values));
        _learner = setup.Algorithm.CreateLearner(setup) as IMetaTaskLearner
            ?? throw new ConfigException($"{setup.Run.Algo} does not run its tasks one by one");
        _configKey = request.ConfigKey;
        return _learner;
    }

    /// <summary>Copies θ into the learner's parameters, checking that each array has the parameter's size.</summary>
    internal static void LoadTheta(MetaRL.Nn.Module model, float[][] theta)
    {
        var parameters = model.Parameters();
        if (parameters.Count != theta.Length) { throw new ArgumentException($"θ has {theta.Length} arrays; the learner has {parameters.Count} parameters"); }
        for (int p = 0; p < parameters.Count; p++)
        {
            var span = parameters[p].F32;
            if (span.Length != theta[p].Length) { throw new ArgumentException($"θ's parameter {p} has {theta[p].Length} values; the learner's has {span.Length}"); }
            theta[p].CopyTo(span);
        }
    }
}

/// <summary>How many meta-batch tasks the silo is running now (a singleton of the silo).</summary>
internal sealed class SiloWorkload
{
    private int _running;

    /// <summary>Counts a task in; returns how many are running, it included.</summary>
    public int Enter() => Interlocked.Increment(ref _running);

    public void Leave() => Interlocked.Decrement(ref _running);
}
