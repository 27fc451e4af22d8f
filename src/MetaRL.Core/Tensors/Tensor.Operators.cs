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
}
