using MetaRL.Tensors;

namespace MetaRL.Tests.Core.Fused;

/// <summary>The fused GRU recurrence (<see cref="Ops.GruSequence"/>) against its composed twin (<see cref="Ops.GruSequenceComposed"/>) and finite differences.</summary>
public sealed class GruSequenceTests : FusedRecurrenceTests
{
    protected override int Gates => 3;

    protected override int StateFactor => 1;

    protected override Tensor Fused(Tensor gi, Tensor state0, Tensor whh, Tensor? bhh = null, bool[]? resets = null) => Ops.GruSequence(gi, state0, whh, bhh, resets);

    protected override Tensor Composed(Tensor gi, Tensor state0, Tensor whh, Tensor? bhh, bool[]? resets) => Ops.GruSequenceComposed(gi, state0, whh, bhh, resets);
}
