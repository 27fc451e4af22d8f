using System.Numerics.Tensors;
using MetaRL.Random;

namespace MetaRL.Envs;

/// <summary>
/// N copies of CartPole-v1 (with its 500-step time limit) as one struct-of-arrays vector environment:
/// the four state variables are float64 arrays, sin/cos of all angles are taken in one call, and the
/// Euler update runs as a flat loop over copies. Seeding and autoreset follow <see cref="VectorEnv"/>,
/// each copy drawing its start states from its own generator exactly as a <see cref="CartPole"/> would,
/// so with <c>exactTrig</c> the results are bit-identical to a <see cref="SyncVectorEnv"/> of
/// <c>CartPole-v1</c>. Without it the angles go through <see cref="TensorPrimitives.SinCos{T}(ReadOnlySpan{T}, Span{T}, Span{T})"/>,
/// which is vectorised and may differ from <see cref="Math.SinCos"/> in the last bit.
/// With <c>threads</c> &gt; 1 each step splits the copies into contiguous chunks run in parallel.
/// </summary>
public sealed class CartPoleBatch : VectorEnv
{
    private static readonly CartPole Template = new();
    private readonly double[] _x, _xDot, _theta, _thetaDot, _sin, _cos;
    private readonly int[] _elapsed;
    private readonly bool[] _pending;
    private readonly Rng[] _rngs;
    private readonly float[] _actions;
    private readonly bool _exactTrig;
    private readonly int _chunks;
    private readonly ParallelOptions _parallel;
    private bool _seeded;
    private readonly double _gravity, _massPole, _totalMass, _length, _pml, _force;

    public CartPoleBatch(int numEnvs, AutoresetMode autoreset = AutoresetMode.SameStep, bool exactTrig = true, int threads = 1, int maxEpisodeSteps = 500)
        : base(numEnvs, Template.ObservationSpace, Template.ActionSpace, autoreset)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(threads);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxEpisodeSteps);
        MaxEpisodeSteps = maxEpisodeSteps;
        _x = new double[numEnvs]; _xDot = new double[numEnvs]; _theta = new double[numEnvs]; _thetaDot = new double[numEnvs];
        _sin = new double[numEnvs]; _cos = new double[numEnvs];
        _elapsed = new int[numEnvs];
        _pending = new bool[numEnvs];
        _rngs = new Rng[numEnvs];
        for (int i = 0; i < numEnvs; i++) { _rngs[i] = new Rng(0L); }
        _actions = new float[numEnvs];
        _exactTrig = exactTrig;
        _chunks = Math.Min(threads, numEnvs);
        _parallel = new ParallelOptions { MaxDegreeOfParallelism = _chunks };
        var p = CartPoleTask.Default;
        (_gravity, _massPole, _totalMass, _length, _pml, _force) = (p.Gravity, p.MassPole, p.MassPole + p.MassCart, p.Length, p.MassPole * p.Length, p.ForceMag);
    }

    /// <summary>The time limit of each copy.</summary>
    public int MaxEpisodeSteps { get; }

    /// <inheritdoc />
    public override void Reset(long? seed = null)
    {
        for (int i = 0; i < NumEnvs; i++)
        {
            if (seed is long s) { _rngs[i] = new Rng(s + i); }
            else if (!_seeded) { _rngs[i] = new Rng((long)i); }
            ResetCopy(i);
            RewardBuffer[i] = 0;
            TerminatedBuffer[i] = TruncatedBuffer[i] = false;
            _pending[i] = false;
        }
        _seeded = true;
    }

    private void ResetCopy(int i)
    {
        var rng = _rngs[i];
        _x[i] = rng.Uniform(-0.05, 0.05);
        _xDot[i] = rng.Uniform(-0.05, 0.05);
        _theta[i] = rng.Uniform(-0.05, 0.05);
        _thetaDot[i] = rng.Uniform(-0.05, 0.05);
        _elapsed[i] = 0;
        RunningReturns[i] = 0;
        RunningLengths[i] = 0;
        WriteObservation(i, ObservationBuffer);
    }

    private void WriteObservation(int i, float[] buffer)
    {
        int o = i * 4;
        buffer[o] = (float)_x[i];
        buffer[o + 1] = (float)_xDot[i];
        buffer[o + 2] = (float)_theta[i];
        buffer[o + 3] = (float)_thetaDot[i];
    }

    /// <inheritdoc />
    public override void Step(ReadOnlySpan<float> actions)
    {
        CheckActions(actions);
        for (int i = 0; i < actions.Length; i++)
        {
            if (actions[i] != 0f && actions[i] != 1f) { throw new ArgumentException($"CartPole action must be 0 or 1; copy {i} got {actions[i]}."); }
        }
        if (_chunks == 1) { StepRange(0, NumEnvs, actions); return; }
        actions.CopyTo(_actions);
        Parallel.For(0, _chunks, _parallel, c => StepRange(c * NumEnvs / _chunks, (c + 1) * NumEnvs / _chunks, _actions));
    }

    private void StepRange(int from, int to, ReadOnlySpan<float> actions)
    {
        int n = to - from;
        var th = _theta.AsSpan(from, n);
        var sin = _sin.AsSpan(from, n);
        var cos = _cos.AsSpan(from, n);
        if (_exactTrig)
        {
            for (int k = 0; k < n; k++) { (sin[k], cos[k]) = Math.SinCos(th[k]); }
        }
        else
        {
            TensorPrimitives.SinCos<double>(th, sin, cos);
        }
        double g = _gravity, mp = _massPole, m = _totalMass, l = _length, pml = _pml, f = _force;
        const double tau = CartPole.Tau;
        for (int i = from; i < to; i++)
        {
            if (_pending[i]) { continue; }
            double s = _sin[i], c = _cos[i], thd = _thetaDot[i];
            double force = actions[i] == 1f ? f : -f;
            double temp = (force + pml * (thd * thd) * s) / m;
            double thetaacc = (g * s - c * temp) / (l * (4.0 / 3.0 - mp * (c * c) / m));
            double xacc = temp - pml * thetaacc * c / m;
            _x[i] += tau * _xDot[i];
            _xDot[i] += tau * xacc;
            _theta[i] += tau * thd;
            _thetaDot[i] = thd + tau * thetaacc;
        }
        for (int i = from; i < to; i++) { Finish(i); }
    }

    private void Finish(int i)
    {
        if (_pending[i])
        {
            ResetCopy(i);
            _pending[i] = false;
            RewardBuffer[i] = 0;
            TerminatedBuffer[i] = TruncatedBuffer[i] = false;
            return;
        }
        double x = _x[i], th = _theta[i];
        bool terminated = x < -CartPole.XThreshold || x > CartPole.XThreshold || th < -CartPole.ThetaThresholdRadians || th > CartPole.ThetaThresholdRadians;
        bool truncated = ++_elapsed[i] >= MaxEpisodeSteps;
        RewardBuffer[i] = 1f;
        TerminatedBuffer[i] = terminated;
        TruncatedBuffer[i] = truncated;
        RunningReturns[i] += 1;
        RunningLengths[i]++;
        WriteObservation(i, ObservationBuffer);
        if (!(terminated || truncated)) { return; }
        FinalReturnBuffer[i] = RunningReturns[i];
        FinalLengthBuffer[i] = RunningLengths[i];
        WriteObservation(i, FinalObservationBuffer);
        if (Autoreset == AutoresetMode.SameStep) { ResetCopy(i); } else { _pending[i] = true; }
    }
}
