namespace MetaRL.Envs;

/// <summary>A 2D navigation task: the goal position (MAML's point robot, Finn et al. 2017).</summary>
public sealed record PointNavTask(double GoalX, double GoalY) : EnvTask;
