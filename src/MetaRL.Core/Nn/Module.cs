namespace MetaRL.Nn;

/// <summary>
/// Base of every neural-network building block: owns named parameters and child modules, so that
/// <see cref="NamedParameters"/> yields dotted names (<c>actor.0.weight</c>) for checkpoints.
/// Forward code reads its parameters through <see cref="P"/>, which lets <see cref="Functional"/>
/// evaluate the same module with other tensors in their place (MAML's fast weights).
/// </summary>
public abstract class Module
{
    private readonly List<(string Name, Tensor Value)> _parameters = [];
    private readonly List<(string Name, Module Value)> _children = [];

    /// <summary>Registers a trainable parameter (it becomes a leaf that requires gradients). A value built by ops inside a
    /// <see cref="TensorArena"/> step is copied out of the step's pool first (the copy is registered and returned).</summary>
    protected Tensor RegisterParameter(string name, Tensor value)
    {
        ArgumentNullException.ThrowIfNull(value);
        ValidateName(name);
        if (TensorArena.IsPooled(value)) { value = value.Clone(); }
        value.RequiresGrad = true;
        value.Name ??= name;
        _parameters.Add((name, value));
        return value;
    }

    /// <summary>Registers a child module whose parameters are listed under <c>name.</c>.</summary>
    protected T RegisterModule<T>(string name, T module)
        where T : Module
    {
        ValidateName(name);
        _children.Add((name, module));
        return module;
    }

    /// <summary>Removes the child registered as <paramref name="name"/> (its parameters leave the module's list).</summary>
    protected void RemoveModule(string name)
    {
        if (_children.RemoveAll(c => c.Name == name) == 0) { throw new ArgumentException($"{GetType().Name} has no child '{name}'."); }
    }

    private void ValidateName(string name)
    {
        if (string.IsNullOrEmpty(name) || name.Contains('.', StringComparison.Ordinal))
        {
            throw new ArgumentException($"Invalid parameter or module name '{name}'.");
        }
        if (_parameters.Any(p => p.Name == name) || _children.Any(c => c.Name == name))
        {
            throw new ArgumentException($"Duplicate name '{name}' in {GetType().Name}.");
        }
    }

    /// <summary>The tensor to use for a parameter in this forward pass (the parameter itself, or its
    /// substitute inside a <see cref="Functional"/> call).</summary>
    protected static Tensor P(Tensor parameter) => Functional.Resolve(parameter);

    /// <summary>All parameters with dotted names, depth-first in registration order.</summary>
    public IReadOnlyList<(string Name, Tensor Value)> NamedParameters()
    {
        var result = new List<(string, Tensor)>();
        Collect(string.Empty, result);
        return result;
    }

    private void Collect(string prefix, List<(string, Tensor)> into)
    {
        foreach (var (name, value) in _parameters) { into.Add((prefix + name, value)); }
        foreach (var (name, child) in _children) { child.Collect(prefix + name + ".", into); }
    }

    /// <summary>The index, in <see cref="NamedParameters"/> order, of the first parameter holding NaN or ±Inf (its sum is
    /// not finite: a finite sum that overflows counts too), or −1; walks the modules without allocating.</summary>
    public int FirstNonFiniteParameter()
    {
        int index = 0;
        return FirstNonFinite(ref index);
    }

    private int FirstNonFinite(ref int index)
    {
        foreach (var (_, p) in _parameters)
        {
            double sum = p.DType == DType.Float32 ? TensorPrimitives.Sum<float>(p.F32) : TensorPrimitives.Sum<double>(p.F64);
            if (!double.IsFinite(sum)) { return index; }
            index++;
        }
        foreach (var (_, child) in _children)
        {
            int found = child.FirstNonFinite(ref index);
            if (found >= 0) { return found; }
        }
        return -1;
    }

    /// <summary>All parameters in the order of <see cref="NamedParameters"/>.</summary>
    public IReadOnlyList<Tensor> Parameters() => NamedParameters().Select(p => p.Value).ToArray();

    /// <summary>Every module below this one (itself first) with its dotted path ("" for itself), depth-first.</summary>
    public IEnumerable<(string Path, Module Value)> NamedModules(string prefix = "")
    {
        yield return (prefix, this);
        foreach (var (name, child) in _children)
        {
            foreach (var inner in child.NamedModules(prefix.Length == 0 ? name : prefix + "." + name)) { yield return inner; }
        }
    }

    /// <summary>Sets <see cref="Tensor.RequiresGrad"/> on every parameter (false freezes them: no gradient is computed
    /// for them and an optimiser over them leaves them alone).</summary>
    public void RequiresGrad(bool requiresGrad)
    {
        foreach (var p in Parameters()) { p.RequiresGrad = requiresGrad; }
    }

    /// <summary>Direct children with their names.</summary>
    public IReadOnlyList<(string Name, Module Value)> Children => _children;

    /// <summary>Whether the module is in training mode (dropout active). True after construction, as in torch.</summary>
    public bool Training { get; private set; } = true;

    /// <summary>Sets training mode on this module and every descendant (torch's <c>train(mode)</c>).</summary>
    public void Train(bool training = true)
    {
        Training = training;
        foreach (var (_, child) in _children) { child.Train(training); }
    }

    /// <summary>Evaluation mode: dropout off (torch's <c>eval()</c>).</summary>
    public void Eval() => Train(false);

    /// <summary>Total number of scalar parameters.</summary>
    public int ParameterCount => Parameters().Sum(p => p.Numel);

    /// <summary>Clears every parameter's accumulated gradient.</summary>
    public void ZeroGrad()
    {
        foreach (var p in Parameters()) { p.Grad = null; }
    }

    /// <summary>Parameter values by dotted name (shared storage; copy before mutating).</summary>
    public Dictionary<string, Tensor> StateDict() => NamedParameters().ToDictionary(p => p.Name, p => p.Value.Detach());

    /// <summary>Copies values into the parameters in place; every name must be present with the same shape. Int8 weights
    /// (<see cref="Int8Weights"/>) are dequantised first.</summary>
    public void LoadStateDict(IReadOnlyDictionary<string, Tensor> state, bool strict = true)
    {
        state = Int8Weights.Dequantize(state);
        foreach (var (name, value) in NamedParameters())
        {
            if (!state.TryGetValue(name, out var source))
            {
                if (strict) { throw new KeyNotFoundException($"Missing parameter '{name}' in the state being loaded."); }
                continue;
            }
            if (!ShapeUtil.Equal(source.Shape, value.Shape))
            {
                throw new ArgumentException($"Parameter '{name}' has shape {ShapeUtil.Format(value.Shape)} but the state has {ShapeUtil.Format(source.Shape)}.");
            }
            value.CopyFrom(source.DType == value.DType ? source : source.To(value.DType));
        }
        if (strict)
        {
            var known = NamedParameters().Select(p => p.Name).ToHashSet();
            var extra = state.Keys.FirstOrDefault(k => !known.Contains(k));
            if (extra is not null) { throw new ArgumentException($"Unexpected parameter '{extra}' in the state being loaded."); }
        }
    }

    /// <summary>Copies all parameter values from a module of identical structure.</summary>
    public void CopyParametersFrom(Module other) => LoadStateDict(other.StateDict());
}

/// <summary>A module with one input and one output, composable in <see cref="Sequential"/>.</summary>
public abstract class Layer : Module
{
    /// <summary>Applies the layer.</summary>
    public abstract Tensor Forward(Tensor x);
}
