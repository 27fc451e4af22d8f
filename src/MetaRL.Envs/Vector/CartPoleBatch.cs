using System.Numerics.Tensors;

namespace MetaRL.Envs;

/// <summary>
/// N copies of CartPole-v1 (with its 500-step time limit) as one struct-of-arrays vector environment:
/// the four state variables are float64 arrays, sin/cos of all angles are taken in one call, and the
/// Euler update runs as a flat loop over copies. Seeding and autoreset (all three modes) follow <see cref="VectorEnv"/>,
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
    private readonly bool[] _pending; // the copy's episode ended: NextStep resets it next step, Disabled holds it
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
        }
        ResetAll();
    }

    /// <inheritdoc />
    public override void Reset(ReadOnlySpan<long> seeds)
    {
        CheckSeeds(seeds);
        for (int i = 0; i < NumEnvs; i++) { _rngs[i] = new Rng(seeds[i]); }
        ResetAll();
    }

    private void ResetAll()
    {
        for (int i = 0; i < NumEnvs; i++)
        {
            ResetCopy(i);
            SetReward(i, 0);
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
            if (!_pending[i] && actions[i] != 0f && actions[i] != 1f) { throw new ArgumentException($"CartPole action must be 0 or 1; copy {i} got {actions[i]}."); }
        }
        if (_chunks == 1) { StepRange(0, NumEnvs, actions); return; }
        actions.CopyTo(_actions);
        Parallel.For(0, _chunks, _parallel, c => StepRange(c * NumEnvs / _chunks, (c + 1) * NumEnvs / _chunks, _actions));
    }

    private void StepRange(int from, int to, ReadOnlySpan<float> actions)
    {
        int n = to - from;
        var x = _x.AsSpan(from, n);
        var xDot = _xDot.AsSpan(from, n);
        var th = _theta.AsSpan(from, n);
        var thDot = _thetaDot.AsSpan(from, n);
        var sin = _sin.AsSpan(from, n);
        var cos = _cos.AsSpan(from, n);
        var act = actions.Slice(from, n);
        var pending = _pending.AsSpan(from, n);
        var elapsed = _elapsed.AsSpan(from, n);
        var obs = ObservationBuffer.AsSpan(from * 4, n * 4);
        var rew = RewardBuffer.AsSpan(from, n);
        var exact = ExactRewardBuffer.AsSpan(from, n);
        var term = TerminatedBuffer.AsSpan(from, n);
        var trunc = TruncatedBuffer.AsSpan(from, n);
        var runningReturns = RunningReturns.AsSpan(from, n);
        var runningLengths = RunningLengths.AsSpan(from, n);
        if (_exactTrig)
        {
            for (int k = 0; k < n; k++) { (sin[k], cos[k]) = Math.SinCos(th[k]); }
        }
        else
        {
            TensorPrimitives.SinCos<double>(th, sin, cos);
        }
        double g = _gravity, mp = _massPole, m = _totalMass, l = _length, pml = _pml, f = _force;
        const double tau = CartPole.Tau, xt = CartPole.XThreshold, tt = CartPole.ThetaThresholdRadians;
        int limit = MaxEpisodeSteps;
        bool anyDone = false;
        for (int k = 0; k < n; k++)
        {
            if (pending[k]) { anyDone = true; continue; }
            double s = sin[k], c = cos[k], thd = thDot[k], xd = xDot[k];
            double force = act[k] == 1f ? f : -f;
            double temp = (force + pml * (thd * thd) * s) / m;
            double thetaacc = (g * s - c * temp) / (l * (4.0 / 3.0 - mp * (c * c) / m));
            double xacc = temp - pml * thetaacc * c / m;
            double nx = x[k] + tau * xd, nth = th[k] + tau * thd;
            double nxd = xd + tau * xacc, nthd = thd + tau * thetaacc;
            x[k] = nx; xDot[k] = nxd; th[k] = nth; thDot[k] = nthd;
            var o = obs.Slice(k * 4, 4);
            o[3] = (float)nthd; o[0] = (float)nx; o[1] = (float)nxd; o[2] = (float)nth;
            bool te = nx < -xt || nx > xt || nth < -tt || nth > tt;
            bool tr = ++elapsed[k] >= limit;
            rew[k] = 1f;
            exact[k] = 1.0;
            term[k] = te;
            trunc[k] = tr;
            runningReturns[k] += 1.0;
            runningLengths[k]++;
            anyDone |= te | tr;
        }
        if (!anyDone) { return; }
        for (int i = from; i < to; i++) { Finish(i); }
    }

    private void Finish(int i)
    {
        if (_pending[i])
        {
            if (Autoreset == AutoresetMode.Disabled) { SetReward(i, 0); return; }
            ResetCopy(i);
            _pending[i] = false;
            SetReward(i, 0);
            TerminatedBuffer[i] = TruncatedBuffer[i] = false;
            return;
        }
        if (!(TerminatedBuffer[i] || TruncatedBuffer[i])) { return; }
        FinalReturnBuffer[i] = RunningReturns[i];
        FinalLengthBuffer[i] = RunningLengths[i];
        WriteObservation(i, FinalObservationBuffer);
        if (Autoreset == AutoresetMode.SameStep) { ResetCopy(i); } else { _pending[i] = true; }
    }
}
