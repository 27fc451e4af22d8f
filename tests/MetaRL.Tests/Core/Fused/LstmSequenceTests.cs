using MetaRL.Tensors;

namespace MetaRL.Tests.Core.Fused;

/// <summary>The fused LSTM recurrence (<see cref="Ops.LstmSequence"/>, state [h | c]) against its composed twin (<see cref="Ops.LstmSequenceComposed"/>) and finite differences.</summary>
public sealed class LstmSequenceTests : FusedRecurrenceTests
{
    protected override int Gates => 4;

    protected override int StateFactor => 2;

    protected override Tensor Fused(Tensor gi, Tensor state0, Tensor whh, Tensor? bhh = null, bool[]? resets = null) => Ops.LstmSequence(gi, state0, whh, bhh, resets);

    protected override Tensor Composed(Tensor gi, Tensor state0, Tensor whh, Tensor? bhh, bool[]? resets) => Ops.LstmSequenceComposed(gi, state0, whh, bhh, resets);
}
