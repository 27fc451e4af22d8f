namespace MetaRL.Autograd;

/// <summary>
/// One recorded operation: its inputs and a backward function mapping the output's gradient to the
/// inputs' gradients. Backward functions are written with tensor ops, so when the backward pass is
/// itself recorded (<c>createGraph</c>) gradients of gradients come for free.
/// <para>The backward is either a closure, or — for the ops every update runs — a static function that reads what
/// it needs from the node (<see cref="Inputs"/>, <see cref="Saved"/>, <see cref="Scalar"/>, <see cref="Aux"/>), so
/// recording allocates no closure and no delegate.</para>
/// </summary>
internal sealed class Node
{
    private readonly Func<Tensor, Tensor?[]>? _closure;
    private readonly Func<Node, Tensor, Tensor?[]>? _static;

    public Node(string op, Tensor[] inputs, Func<Tensor, Tensor?[]> backward)
    {
        Op = op;
        Inputs = inputs;
        _closure = backward;
    }

    public Node(string op, Tensor[] inputs, Func<Node, Tensor, Tensor?[]> backward, Tensor? saved, double scalar, object? aux)
    {
        Op = op;
        Inputs = inputs;
        _static = backward;
        Saved = saved;
        Scalar = scalar;
        Aux = aux;
    }

    public string Op { get; }

    public Tensor[] Inputs { get; }

    /// <summary>A tensor the backward needs besides the inputs (usually the op's output).</summary>
    public Tensor? Saved { get; }

    /// <summary>A number the backward needs (a scale, a clamp bound).</summary>
    public double Scalar { get; }

    /// <summary>Anything else the backward needs (a shape, a derivative function).</summary>
    public object? Aux { get; }

    public Tensor?[] Backward(Tensor g) => _closure is not null ? _closure(g) : _static!(this, g);
}
