namespace MetaRL.Nn;

/// <summary>
/// Parameter initialisers with torch.nn.init's formulas. Each fills a floating tensor's data in place
/// (no graph is recorded, so they apply to parameters that require gradients) and returns it.
/// Fans follow torch: fan_in = dim1·receptive, fan_out = dim0·receptive, receptive = product of dims 2…
/// </summary>
public static class Init
{
    /// <summary>The recommended gain for a nonlinearity (torch.nn.init.calculate_gain): linear and sigmoid 1,
    /// tanh 5/3, ReLU √2, leaky ReLU √(2/(1+slope²)) with <paramref name="negativeSlope"/> (0.01 by default), SELU 3/4.</summary>
    public static double CalculateGain(Nonlinearity nonlinearity, double negativeSlope = 0.01) => nonlinearity switch
    {
        Nonlinearity.Linear or Nonlinearity.Sigmoid => 1.0,
        Nonlinearity.Tanh => 5.0 / 3.0,
        Nonlinearity.Relu => Math.Sqrt(2.0),
        Nonlinearity.LeakyRelu => Math.Sqrt(2.0 / (1 + negativeSlope * negativeSlope)),
        Nonlinearity.Selu => 0.75,
        _ => throw new ArgumentOutOfRangeException(nameof(nonlinearity)),
    };

    /// <summary>The gain for one of <see cref="Mlp"/>'s activations (identity counts as linear).</summary>
    public static double CalculateGain(Activation activation) => CalculateGain(activation switch
    {
        Activation.Tanh => Nonlinearity.Tanh,
        Activation.Relu => Nonlinearity.Relu,
        Activation.Sigmoid => Nonlinearity.Sigmoid,
        _ => Nonlinearity.Linear,
    });

    /// <summary>(fan_in, fan_out) of a tensor of rank ≥ 2, as torch computes them.</summary>
    public static (int FanIn, int FanOut) Fans(Tensor tensor)
    {
        if (tensor.Rank < 2) { throw new ArgumentException($"Fan in and fan out need a tensor of rank ≥ 2, got shape {ShapeUtil.Format(tensor.Shape)}."); }
        int receptive = 1;
        for (int i = 2; i < tensor.Rank; i++) { receptive *= tensor.Dim(i); }
        return (tensor.Dim(1) * receptive, tensor.Dim(0) * receptive);
    }

    /// <summary>Fills with a constant.</summary>
    public static Tensor Constant(Tensor tensor, double value) => Fill(tensor, () => value);

    /// <summary>Fills with zeros.</summary>
    public static Tensor Zeros(Tensor tensor) => Constant(tensor, 0);

    /// <summary>Fills with ones.</summary>
    public static Tensor Ones(Tensor tensor) => Constant(tensor, 1);

    /// <summary>Fills with samples from U(<paramref name="low"/>, <paramref name="high"/>).</summary>
    public static Tensor Uniform(Tensor tensor, double low, double high, Rng rng) => Fill(tensor, () => rng.Uniform(low, high));

    /// <summary>Fills with samples from N(<paramref name="mean"/>, <paramref name="std"/>²).</summary>
    public static Tensor Normal(Tensor tensor, double mean, double std, Rng rng) => Fill(tensor, () => rng.Normal(mean, std));

    /// <summary>Glorot and Bengio (2010): U(−a, a) with a = gain·√(6 / (fan_in + fan_out)).</summary>
    public static Tensor XavierUniform(Tensor tensor, Rng rng, double gain = 1.0)
    {
        var (fanIn, fanOut) = Fans(tensor);
        double a = gain * Math.Sqrt(6.0 / (fanIn + fanOut));
        return Uniform(tensor, -a, a, rng);
    }

    /// <summary>Glorot and Bengio (2010): N(0, std²) with std = gain·√(2 / (fan_in + fan_out)).</summary>
    public static Tensor XavierNormal(Tensor tensor, Rng rng, double gain = 1.0)
    {
        var (fanIn, fanOut) = Fans(tensor);
        return Normal(tensor, 0, gain * Math.Sqrt(2.0 / (fanIn + fanOut)), rng);
    }

    /// <summary>He et al. (2015): U(−b, b) with b = gain·√(3 / fan), gain from <paramref name="nonlinearity"/>
    /// (<paramref name="negativeSlope"/> only matters for leaky ReLU; torch's default there is 0).</summary>
    public static Tensor KaimingUniform(Tensor tensor, Rng rng, Nonlinearity nonlinearity = Nonlinearity.Relu, FanMode mode = FanMode.FanIn, double negativeSlope = 0)
    {
        double std = KaimingStd(tensor, nonlinearity, mode, negativeSlope);
        double bound = Math.Sqrt(3.0) * std;
        return Uniform(tensor, -bound, bound, rng);
    }

    /// <summary>He et al. (2015): N(0, std²) with std = gain / √fan.</summary>
    public static Tensor KaimingNormal(Tensor tensor, Rng rng, Nonlinearity nonlinearity = Nonlinearity.Relu, FanMode mode = FanMode.FanIn, double negativeSlope = 0) =>
        Normal(tensor, 0, KaimingStd(tensor, nonlinearity, mode, negativeSlope), rng);

    private static double KaimingStd(Tensor tensor, Nonlinearity nonlinearity, FanMode mode, double negativeSlope)
    {
        var (fanIn, fanOut) = Fans(tensor);
        int fan = mode == FanMode.FanIn ? fanIn : fanOut;
        return CalculateGain(nonlinearity, negativeSlope) / Math.Sqrt(fan);
    }

    /// <summary>
    /// Saxe et al. (2014), as torch.nn.init.orthogonal_: the tensor viewed as rows = dim0 by cols = numel/rows
    /// becomes <paramref name="gain"/> times a matrix with orthonormal columns (rows ≥ cols, so WᵀW = gain²·I)
    /// or orthonormal rows (rows &lt; cols, so WWᵀ = gain²·I): the Q of a Gaussian matrix's QR decomposition,
    /// its columns' signs corrected by R's diagonal so that the result is uniformly (Haar) distributed.
    /// </summary>
    public static Tensor Orthogonal(Tensor tensor, double gain, Rng rng)
    {
        if (tensor.Rank < 2) { throw new ArgumentException($"Orthogonal init needs a tensor of rank ≥ 2, got shape {ShapeUtil.Format(tensor.Shape)}."); }
        int rows = tensor.Dim(0), cols = tensor.Numel / Math.Max(rows, 1);
        if (tensor.Numel == 0) { return tensor; }
        var gaussian = new double[rows * cols];
        for (int i = 0; i < gaussian.Length; i++) { gaussian[i] = rng.Normal(); }
        bool wide = rows < cols;
        int m = wide ? cols : rows, n = wide ? rows : cols;
        var tall = wide ? Transposed(gaussian, rows, cols) : gaussian;
        var (q, _) = Householder.Decompose(tall, m, n);
        var result = wide ? Transposed(q, m, n) : q;
        for (int i = 0; i < result.Length; i++) { result[i] *= gain; }
        return Write(tensor, result);
    }

    /// <summary>CleanRL's layer_init for PPO: orthogonal weight with <paramref name="gain"/> (√2 for hidden
    /// layers, 0.01 for a policy head, 1 for a value head) and a constant bias (0 by default).</summary>
    public static Linear OrthogonalLayer(Linear layer, double gain, Rng rng, double bias = 0)
    {
        Orthogonal(layer.Weight, gain, rng);
        if (layer.Bias is not null) { Constant(layer.Bias, bias); }
        return layer;
    }

    /// <summary>Applies <see cref="OrthogonalLayer"/> to every <see cref="Linear"/> of an MLP: gain
    /// <paramref name="hiddenGain"/> for all but the last, <paramref name="outputGain"/> for the last, zero biases.</summary>
    public static Sequential OrthogonalMlp(Sequential mlp, double hiddenGain, double outputGain, Rng rng)
    {
        var linears = mlp.Layers.OfType<Linear>().ToArray();
        for (int i = 0; i < linears.Length; i++) { OrthogonalLayer(linears[i], i == linears.Length - 1 ? outputGain : hiddenGain, rng); }
        return mlp;
    }

    private static double[] Transposed(double[] a, int rows, int cols)
    {
        var t = new double[a.Length];
        for (int i = 0; i < rows; i++)
        {
            for (int j = 0; j < cols; j++) { t[j * rows + i] = a[i * cols + j]; }
        }
        return t;
    }

    private static Tensor Fill(Tensor tensor, Func<double> sample)
    {
        switch (tensor.DType)
        {
            case DType.Float32:
                var f = tensor.F32;
                for (int i = 0; i < f.Length; i++) { f[i] = (float)sample(); }
                break;
            case DType.Float64:
                var d = tensor.F64;
                for (int i = 0; i < d.Length; i++) { d[i] = sample(); }
                break;
            default:
                throw new ArgumentException($"Initialisers fill floating tensors, not {tensor.DType}.");
        }
        return tensor;
    }

    private static Tensor Write(Tensor tensor, double[] values)
    {
        int i = 0;
        return Fill(tensor, () => values[i++]);
    }
}
