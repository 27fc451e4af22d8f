namespace MetaRL.Learning.Meta;

/// <summary>The outer step's gradient: the mean of per-task gradients, summed in task-index order so that a
/// parallel meta-batch gives exactly the numbers of a sequential one.</summary>
internal static class MeanGradient
{
    /// <summary>Sets each parameter's gradient to the mean over tasks of <paramref name="taskGrads"/>[task][parameter].</summary>
    public static void Assign(IReadOnlyList<Tensor> parameters, IReadOnlyList<float[][]> taskGrads)
    {
        for (int p = 0; p < parameters.Count; p++)
        {
            var acc = new float[parameters[p].Numel];
            foreach (var g in taskGrads) { System.Numerics.Tensors.TensorPrimitives.Add(acc, g[p], acc); }
            System.Numerics.Tensors.TensorPrimitives.Multiply(acc, 1f / taskGrads.Count, acc);
            parameters[p].Grad = Tensor.FromArray(acc, parameters[p].ShapeArray());
        }
    }
}
