namespace MetaRL.Learning;

/// <summary>
/// <see cref="MlpActorCritic"/>'s span rollout path: actor and critic <see cref="MlpInference"/> snapshots
/// and the <see cref="RolloutHeads"/> sampling, bit-identical to the tensor path.
/// </summary>
internal sealed class MlpRolloutSampler : IRolloutSampler
{
    private readonly MlpInference _actor;
    private readonly MlpInference _critic;
    private readonly Tensor? _logStdParameter;
    private readonly float[] _logStd;
    private readonly float[] _scratch;
    private readonly int _observationSize;

    public MlpRolloutSampler(MlpInference actor, MlpInference critic, Tensor? logStd, int observationSize)
    {
        _actor = actor;
        _critic = critic;
        _logStdParameter = logStd;
        _logStd = new float[logStd?.Numel ?? 0];
        _scratch = new float[2 * actor.OutputSize];
        _observationSize = observationSize;
    }

    /// <summary>True when the parameters as resolved now can be snapshot (float32 throughout).</summary>
    public bool CanRun() =>
        _actor.ParametersAreFloat32() && _critic.ParametersAreFloat32()
        && (_logStdParameter is null || Functional.Resolve(_logStdParameter).DType == DType.Float32);

    /// <summary>Takes the snapshot of the current parameters.</summary>
    public void Refresh()
    {
        _actor.Refresh();
        _critic.Refresh();
        if (_logStdParameter is not null) { Functional.Resolve(_logStdParameter).F32.CopyTo(_logStd); }
    }

    /// <inheritdoc />
    public void SampleActions(ReadOnlySpan<float> observations, int batch, Rng rng, Span<float> actions, Span<float> logProbs, Span<float> values)
    {
        CheckSize(observations, batch);
        var head = _actor.Forward(observations, batch);
        if (_logStdParameter is null) { RolloutHeads.SampleCategorical(head, batch, _actor.OutputSize, rng, _scratch, actions, logProbs); }
        else { RolloutHeads.SampleGaussian(head, _logStd, batch, rng, _scratch, actions, logProbs); }
        _critic.Forward(observations, batch).CopyTo(values);
    }

    /// <inheritdoc />
    public void Values(ReadOnlySpan<float> observations, int batch, Span<float> values)
    {
        CheckSize(observations, batch);
        _critic.Forward(observations, batch).CopyTo(values);
    }

    private void CheckSize(ReadOnlySpan<float> observations, int batch)
    {
        if (observations.Length != batch * _observationSize)
        {
            throw new ArgumentException($"{batch} observations of size {_observationSize} need {batch * _observationSize} floats, got {observations.Length}.");
        }
    }
}
