using MetaRL.Random;

namespace MetaRL.Envs;

/// <summary>
/// CartPoleMeta-v0: CartPole-v1's dynamics with a task per episode drawn over pole (half-)length, pole
/// mass, cart mass, gravity and force magnitude, each Gymnasium's nominal value times a factor
/// log-uniform in [1/scale, scale] (independent factors).
/// </summary>
public sealed class CartPoleMeta : ScaledPhysicsFamily<CartPoleTask, CartPole>
{
    /// <param name="scale">Largest factor away from the nominal parameters (≥ 1).</param>
    public CartPoleMeta(double scale = 2.0)
        : base(new CartPole(), scale)
    {
    }

    /// <inheritdoc />
    public override string Id => "CartPoleMeta-v0";

    /// <inheritdoc />
    protected override CartPoleTask Sample(Rng rng)
    {
        var d = CartPoleTask.Default;
        return new CartPoleTask(d.Gravity * Factor(rng), d.MassCart * Factor(rng), d.MassPole * Factor(rng), d.Length * Factor(rng), d.ForceMag * Factor(rng));
    }

    /// <inheritdoc />
    protected override void Validate(CartPoleTask task)
    {
        if (!(task.Gravity > 0 && task.MassCart > 0 && task.MassPole > 0 && task.Length > 0 && task.ForceMag > 0))
        {
            throw new ArgumentException("CartPole task parameters must all be positive.");
        }
    }

    /// <inheritdoc />
    protected override void Apply(CartPoleTask task) => Inner.Parameters = task;
}
