namespace MetaRL.Autograd;

/// <summary>
/// One recorded operation: its inputs and a backward function mapping the output's gradient to the
/// inputs' gradients. Backward functions are written with tensor ops, so when the backward pass is
/// itself recorded (<c>createGraph</c>) gradients of gradients come for free.
/// </summary>
internal sealed class Node(string op, Tensor[] inputs, Func<Tensor, Tensor?[]> backward)
{
    public string Op { get; } = op;

    public Tensor[] Inputs { get; } = inputs;

    public Func<Tensor, Tensor?[]> Backward { get; } = backward;
}
