using System.Text.Json.Serialization;

namespace MetaRL.Envs;

/// <summary>
/// One task of a task distribution: an immutable record of the parameters that distinguish it (pole
/// length, arm means, goal position, …). Tasks serialise to JSON with a <c>family</c> discriminator
/// (<see cref="TaskJson"/>), so a task set can be saved beside a run and reloaded for evaluation.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "family")]
[JsonDerivedType(typeof(CartPoleTask), "cartpole")]
[JsonDerivedType(typeof(PendulumTask), "pendulum")]
[JsonDerivedType(typeof(PointNavTask), "pointnav2d")]
[JsonDerivedType(typeof(BanditTask), "bandit")]
[JsonDerivedType(typeof(TabularMdpTask), "tabular-mdp")]
[JsonDerivedType(typeof(GridNavTask), "gridnav")]
[JsonDerivedType(typeof(DarkRoomTask), "darkroom")]
[JsonDerivedType(typeof(RecSlateTask), "recslate")]
[JsonDerivedType(typeof(Markets.MarketTask), "market")]
[JsonDerivedType(typeof(Markets.PortfolioTask), "portfolio")]
[JsonDerivedType(typeof(Medical.DiagnosisTask), "diagnosis")]
[JsonDerivedType(typeof(NavMapTask), "nav2d-obstacles")]
public abstract record EnvTask;
