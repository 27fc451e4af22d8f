using MetaRL.Tensors;

namespace MetaRL.Optim;

// TEMPORARY: stands in for Optim/GradClip.cs from the optim branch until it is merged; delete then.
internal static class GradClip
{
    public static double ClipGradNorm(IEnumerable<Tensor> parameters, double maxNorm)
    {
        var list = parameters.Where(p => p.Grad is not null).ToArray();
        double total = 0;
        foreach (var p in list) { for (int i = 0; i < p.Grad!.Numel; i++) { total += p.Grad[i] * p.Grad[i]; } }
        total = Math.Sqrt(total);
        double scale = maxNorm / (total + 1e-6);
        if (scale < 1)
        {
            foreach (var p in list)
            {
                var g = p.Grad!;
                if (g.DType == DType.Float32) { System.Numerics.Tensors.TensorPrimitives.Multiply(g.F32, (float)scale, g.F32); }
                else { System.Numerics.Tensors.TensorPrimitives.Multiply(g.F64, scale, g.F64); }
            }
        }
        return total;
    }
}
