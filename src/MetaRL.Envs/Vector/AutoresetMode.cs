namespace MetaRL.Envs;

/// <summary>
/// When a vector environment resets a copy whose episode ended (Gymnasium 1.1's <c>AutoresetMode</c>).
/// </summary>
public enum AutoresetMode
{
    /// <summary>
    /// Reset inside the step that ended the episode: that step returns the ended step's reward and flags,
    /// but the observation slot already holds the first observation of the next episode; the observation
    /// that ended the episode is in <see cref="VectorEnv.FinalObservations"/>. Every step is a real
    /// transition, so learners need no masking (Gymnasium ≤ 0.29 and Stable-Baselines3 behave this way).
    /// This is MetaRL's default.
    /// </summary>
    SameStep,

    /// <summary>
    /// Gymnasium 1.0's default: the step that ends an episode returns its final observation; the next
    /// step ignores that copy's action, resets it and returns the first observation with reward 0 and
    /// both flags false. Learners must drop those reset transitions.
    /// </summary>
    NextStep,

    /// <summary>
    /// No automatic reset: a copy whose episode ended is held until the next <see cref="VectorEnv.Reset(long?)"/>.
    /// Later steps ignore its action and do not step it; its observation stays the one that ended the
    /// episode, its terminated/truncated flags stay set (so <see cref="VectorEnv.Done"/> reads "this copy
    /// has finished"), its reward reads 0, and <see cref="VectorEnv.FinalReturns"/> /
    /// <see cref="VectorEnv.FinalLengths"/> / <see cref="VectorEnv.FinalObservations"/> keep the finished
    /// episode's figures. This runs a batch of single episodes in lockstep, each to its own end, as the
    /// meta-learners' samplers do. Gymnasium 1.1's <c>DISABLED</c> instead refuses to step a finished copy
    /// until it is reset through a mask; MetaRL holds it, because resetting would draw from the copy's generator.
    /// </summary>
    Disabled,
}
