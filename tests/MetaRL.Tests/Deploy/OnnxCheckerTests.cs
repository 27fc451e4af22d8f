using MetaRL.Serialization.Onnx;

namespace MetaRL.Tests.Deploy;

/// <summary>The checker's rules: each one broken on purpose is reported, and a well-formed graph passes.</summary>
public sealed class OnnxCheckerTests
{
    private static OnnxGraph Valid()
    {
        var g = new OnnxGraph("tiny");
        string x = g.Input("x", [OnnxDim.Batch, 2]);
        string w = g.Constant("w", [1f, 2f, 3f, 4f], 2, 2);
        g.Node("Gemm", [x, w], ["y"], OnnxAttribute.Of("transB", 1L));
        g.Output("y", [OnnxDim.Batch, 2]);
        return g;
    }

    private static IReadOnlyList<string> Problems(OnnxGraph g, int opset = OnnxModel.DefaultOpset) =>
        OnnxChecker.Problems(new OnnxModel(g, opset, "test", "0", "", new Dictionary<string, string>()));

    [Fact]
    public void A_well_formed_graph_passes() => Assert.Empty(Problems(Valid()));

    [Fact]
    public void A_node_reading_a_name_nothing_defines_is_dangling()
    {
        var g = Valid();
        g.Node("Tanh", ["nowhere"], ["z"]);
        Assert.Contains(Problems(g), p => p.Contains("reads 'nowhere'", StringComparison.Ordinal));
    }

    [Fact]
    public void A_node_reading_a_later_nodes_output_is_out_of_order()
    {
        var g = new OnnxGraph("order");
        string x = g.Input("x", [OnnxDim.Batch, 2]);
        g.Node("Tanh", ["later"], ["y"]);
        g.Node("Relu", [x], ["later"]);
        g.Output("y", [OnnxDim.Batch, 2]);
        Assert.Contains(Problems(g), p => p.Contains("reads 'later'", StringComparison.Ordinal));
    }

    [Fact]
    public void Outputs_must_be_typed_with_a_shape_of_positive_or_named_axes()
    {
        var g = Valid();
        g.Node("Tanh", ["y"], ["u"]);
        g.Output("u", []);
        g.Node("Relu", ["y"], ["v"]);
        g.Output("v", [OnnxDim.Batch, 0]);
        g.Node("Sigmoid", ["y"], ["s"]);
        g.Output("s", [OnnxDim.Symbol(""), 2]);
        var problems = Problems(g);
        Assert.Contains(problems, p => p.Contains("output 'u' has no shape", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("output 'v' has an axis of size 0", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("output 's' has an axis", StringComparison.Ordinal));
    }

    [Fact]
    public void A_name_defined_twice_and_an_output_no_node_produces_are_reported()
    {
        var g = Valid();
        g.Constant("x", [0f], 1);
        g.Output("ghost", [OnnxDim.Batch]);
        var problems = Problems(g);
        Assert.Contains(problems, p => p.Contains("'x' is defined twice", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("output 'ghost' is produced by no node", StringComparison.Ordinal));
    }

    [Fact]
    public void Opsets_outside_the_range_and_operators_newer_than_the_opset_are_reported()
    {
        Assert.Contains(Problems(Valid(), 12), p => p.Contains("opset 12", StringComparison.Ordinal));
        var g = Valid();
        g.Node("LayerNormalization", ["y", "w"], ["n"]);
        g.Output("n", [OnnxDim.Batch, 2]);
        Assert.Contains(Problems(g, 13), p => p.Contains("LayerNormalization needs opset 17", StringComparison.Ordinal));
        Assert.Empty(Problems(g, 17));
        g.Node("NoSuchOp", ["y"], ["q"]);
        Assert.Contains(Problems(g), p => p.Contains("unknown operator NoSuchOp", StringComparison.Ordinal));
    }

    [Fact]
    public void Initializer_data_must_fill_its_dims()
    {
        var g = Valid();
        g.Constant("short", [1f, 2f, 3f], 2, 2);
        Assert.Contains(Problems(g), p => p.Contains("'short' holds 3 values", StringComparison.Ordinal));
    }

    [Fact]
    public void Check_throws_with_every_problem_named()
    {
        var g = new OnnxGraph("");
        var ex = Assert.Throws<OnnxCheckException>(() => OnnxChecker.Check(new OnnxModel(g, 99, "t", "0", "", new Dictionary<string, string>())));
        Assert.Contains("opset 99", ex.Message, StringComparison.Ordinal);
        Assert.Contains("no input", ex.Message, StringComparison.Ordinal);
        Assert.Contains("no output", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_encoded_model_carries_ir_version_opset_and_graph_as_protobuf_fields()
    {
        var bytes = new OnnxModel(Valid(), 17, "metarl", "1", "", new Dictionary<string, string> { ["k"] = "v" }).ToBytes();
        // An independent decoder (Google.Protobuf) reads the top-level fields back.
        var input = new Google.Protobuf.CodedInputStream(bytes);
        var fields = new Dictionary<int, object>();
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            int field = Google.Protobuf.WireFormat.GetTagFieldNumber(tag);
            fields[field] = Google.Protobuf.WireFormat.GetTagWireType(tag) == Google.Protobuf.WireFormat.WireType.Varint ? input.ReadInt64() : input.ReadBytes();
        }
        Assert.Equal(8L, fields[1]); // ir_version for opset 17
        Assert.Equal("metarl", ((Google.Protobuf.ByteString)fields[2]).ToStringUtf8());
        var opset = new Google.Protobuf.CodedInputStream(((Google.Protobuf.ByteString)fields[8]).ToByteArray());
        Assert.Equal(Google.Protobuf.WireFormat.MakeTag(2, Google.Protobuf.WireFormat.WireType.Varint), opset.ReadTag());
        Assert.Equal(17L, opset.ReadInt64());
        Assert.True(fields.ContainsKey(7)); // the graph
        Assert.True(fields.ContainsKey(14)); // metadata_props
    }
}
