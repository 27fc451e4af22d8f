using MetaRL.Distributions;

namespace MetaRL.Learning.Deploy;

/// <summary>
/// The distillation objective (<see cref="DistillationOptions"/>): KL(π_teacher ‖ π_student) per state, the teacher's
/// categorical logits divided by the temperature first, plus c·½(V_student − V_teacher)², averaged over the states
/// (over the valid ones where a mask is given: a trial batch's padding is not a state).
/// </summary>
internal static class DistillationLoss
{
    /// <summary>The loss to minimise and its mean KL. <paramref name="teacher"/> and <paramref name="teacherValues"/> carry
    /// no gradient; <paramref name="valid"/> is 1 for a state, 0 for padding (null: every row is a state).</summary>
    public static (Tensor Loss, double Kl) Compute(Distribution teacher, Tensor teacherValues, Distribution student, Tensor studentValues, Tensor? valid, DistillationOptions options)
    {
        if (teacher is Categorical c && options.Temperature != 1) { teacher = new Categorical(Ops.MulScalar(c.Logits, 1 / options.Temperature)); }
        var perState = teacher switch
        {
            Categorical t => t.KlDivergence((Categorical)student),
            DiagGaussian t => t.KlDivergence((DiagGaussian)student),
            _ => throw new NotSupportedException($"distillation of a {teacher.GetType().Name} policy"),
        };
        double count = valid is null ? perState.Numel : valid.ToFloatArray().Sum();
        Tensor Mean(Tensor x) => Ops.MulScalar(Ops.Sum(valid is null ? x : Ops.Mul(x, valid)), 1 / count);
        var kl = Mean(perState);
        if (options.ValueCoef == 0) { return (kl, kl.Item()); }
        var diff = Ops.Sub(studentValues, teacherValues);
        return (Ops.Add(kl, Ops.MulScalar(Mean(Ops.Mul(diff, diff)), 0.5 * options.ValueCoef)), kl.Item());
    }
}
