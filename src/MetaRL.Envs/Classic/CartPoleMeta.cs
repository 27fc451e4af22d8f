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
        : base("CartPoleMeta-v0", new CartPole(), scale)
    {
    }
}
