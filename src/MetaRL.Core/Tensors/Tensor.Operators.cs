namespace MetaRL.Tensors;

public sealed partial class Tensor
{
    public static Tensor operator +(Tensor a, Tensor b) => Ops.Add(a, b);
    public static Tensor operator -(Tensor a, Tensor b) => Ops.Sub(a, b);
    public static Tensor operator *(Tensor a, Tensor b) => Ops.Mul(a, b);
    public static Tensor operator /(Tensor a, Tensor b) => Ops.Div(a, b);
    public static Tensor operator -(Tensor a) => Ops.Neg(a);
    public static Tensor operator +(Tensor a, double s) => Ops.AddScalar(a, s);
    public static Tensor operator +(double s, Tensor a) => Ops.AddScalar(a, s);
    public static Tensor operator -(Tensor a, double s) => Ops.AddScalar(a, -s);
    public static Tensor operator -(double s, Tensor a) => Ops.RSubScalar(s, a);
    public static Tensor operator *(Tensor a, double s) => Ops.MulScalar(a, s);
    public static Tensor operator *(double s, Tensor a) => Ops.MulScalar(a, s);
    public static Tensor operator /(Tensor a, double s) => Ops.MulScalar(a, 1.0 / s);
    public static Tensor operator /(double s, Tensor a) => Ops.RDivScalar(s, a);

    public Tensor Exp() => Ops.Exp(this);
    public Tensor Log() => Ops.Log(this);
    public Tensor Sqrt() => Ops.Sqrt(this);
    public Tensor Tanh() => Ops.Tanh(this);
    public Tensor Sigmoid() => Ops.Sigmoid(this);
    public Tensor Relu() => Ops.Relu(this);
    public Tensor Softplus() => Ops.Softplus(this);
    public Tensor Abs() => Ops.Abs(this);
    public Tensor Pow(double p) => Ops.Pow(this, p);
    public Tensor Square() => Ops.Mul(this, this);
    public Tensor Clamp(double min, double max) => Ops.Clamp(this, min, max);
    public Tensor Sum() => Ops.Sum(this);
    public Tensor Sum(int axis, bool keepDim = false) => Ops.Sum(this, axis, keepDim);
    public Tensor Mean() => Ops.Mean(this);
    public Tensor Mean(int axis, bool keepDim = false) => Ops.Mean(this, axis, keepDim);
    public Tensor Max(int axis, bool keepDim = false) => Ops.Max(this, axis, keepDim);
    public Tensor MatMul(Tensor other) => Ops.MatMul(this, other);
    public Tensor Reshape(params int[] shape) => Ops.Reshape(this, shape);
    public Tensor Transpose(int axis0 = -2, int axis1 = -1) => Ops.Transpose(this, axis0, axis1);
    public Tensor Unsqueeze(int axis) => Ops.Unsqueeze(this, axis);
    public Tensor Squeeze(int axis) => Ops.Squeeze(this, axis);
    public Tensor Slice(int axis, int start, int length) => Ops.Slice(this, axis, start, length);
    public Tensor Softmax(int axis = -1) => Ops.Softmax(this, axis);
    public Tensor LogSoftmax(int axis = -1) => Ops.LogSoftmax(this, axis);
    public Tensor LogSumExp(int axis = -1, bool keepDim = false) => Ops.LogSumExp(this, axis, keepDim);
    public Tensor Sum(int[] axes, bool keepDim = false) => Ops.Sum(this, axes, keepDim);
    public Tensor Mean(int[] axes, bool keepDim = false) => Ops.Mean(this, axes, keepDim);
    public Tensor Max(int[] axes, bool keepDim = false) => Ops.Max(this, axes, keepDim);
    public Tensor Permute(params int[] perm) => Ops.Permute(this, perm);
    public Tensor Flatten() => Ops.Reshape(this, -1);

    /// <summary>The sub-tensor at <paramref name="index"/> along <paramref name="axis"/>, that axis removed.</summary>
    public Tensor Select(int axis, int index) => Ops.Select(this, axis, index);

    /// <summary>Whole slices along <paramref name="axis"/> picked by index (repeats allowed).</summary>
    public Tensor IndexSelect(int axis, ReadOnlySpan<int> indices) => Ops.IndexSelect(this, axis, indices);

    /// <summary>torch.gather along <paramref name="axis"/> with an Int32 index of this tensor's rank.</summary>
    public Tensor Gather(int axis, Tensor index) => Ops.Gather(this, axis, index);

    /// <summary>Consecutive pieces of the given sizes along <paramref name="axis"/>.</summary>
    public Tensor[] Split(int axis, params int[] sizes) => Ops.Split(this, axis, sizes);

    /// <summary><paramref name="chunks"/> equal pieces along <paramref name="axis"/>.</summary>
    public Tensor[] Chunk(int chunks, int axis = 0) => Ops.Chunk(this, axis, chunks);
}
