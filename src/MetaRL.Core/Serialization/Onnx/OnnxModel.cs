namespace MetaRL.Serialization.Onnx;

/// <summary>
/// An ONNX model (<c>ModelProto</c> of onnx.proto3) around one <see cref="OnnxGraph"/> of the default operator set at
/// <see cref="Opset"/>, encoded with the house's <see cref="ProtoWriter"/>: <see cref="ToBytes"/> gives the file's bytes.
/// Weights are stored as little-endian <c>raw_data</c>; inputs and outputs carry their element type and shape, the batch axis
/// symbolic. The IR version is the one the ONNX release that introduced the operator set wrote (<see cref="IrVersion"/>).
/// </summary>
public sealed record OnnxModel(OnnxGraph Graph, int Opset, string ProducerName, string ProducerVersion, string Doc, IReadOnlyDictionary<string, string> Metadata)
{
    /// <summary>The lowest operator set the exporter writes (Squeeze/Unsqueeze take their axes as an input from 13 on).</summary>
    public const int MinOpset = 13;

    /// <summary>The highest operator set the exporter writes.</summary>
    public const int MaxOpset = 21;

    /// <summary>The operator set written unless told otherwise. <value>The default value is 17.</value></summary>
    public const int DefaultOpset = 17;

    /// <summary>The IR version that goes with <paramref name="opset"/> (onnx/helper.py's VERSION_TABLE): 7 for 13–14, 8 for
    /// 15–18, 9 for 19–20, 10 for 21.</summary>
    public static long IrVersion(int opset) => opset switch
    {
        >= MinOpset and <= 14 => 7,
        >= 15 and <= 18 => 8,
        19 or 20 => 9,
        MaxOpset => 10,
        _ => throw new ArgumentOutOfRangeException(nameof(opset), opset, $"the exporter writes opsets {MinOpset} to {MaxOpset}"),
    };

    // ModelProto fields.
    private const int IrVersionField = 1, ProducerNameField = 2, ProducerVersionField = 3, ModelDocField = 6, GraphField = 7, OpsetImportField = 8, MetadataField = 14;
    // OperatorSetIdProto.version; StringStringEntryProto key/value.
    private const int OpsetVersionField = 2, KeyField = 1, ValueField = 2;
    // GraphProto fields.
    private const int NodeField = 1, GraphNameField = 2, InitializerField = 5, GraphInputField = 11, GraphOutputField = 12;
    // NodeProto fields.
    private const int NodeInputField = 1, NodeOutputField = 2, NodeNameField = 3, OpTypeField = 4, AttributeField = 5;
    // AttributeProto fields and AttributeType values.
    private const int AttrNameField = 1, AttrFloatField = 2, AttrIntField = 3, AttrStringField = 4, AttrIntsField = 8, AttrTypeField = 20;
    private const int AttrFloat = 1, AttrInt = 2, AttrString = 3, AttrInts = 7;
    // ValueInfoProto, TypeProto, TypeProto.Tensor, TensorShapeProto, Dimension.
    private const int ValueNameField = 1, ValueTypeField = 2, ValueDocField = 3, TensorTypeField = 1, ElemTypeField = 1, ShapeField = 2, DimField = 1, DimValueField = 1, DimParamField = 2;
    // TensorProto fields.
    private const int DimsField = 1, DataTypeField = 2, TensorNameField = 8, RawDataField = 9;

    /// <summary>The model file's bytes.</summary>
    public byte[] ToBytes()
    {
        var model = new ProtoWriter();
        model.Int64(IrVersionField, IrVersion(Opset));
        model.String(ProducerNameField, ProducerName);
        model.String(ProducerVersionField, ProducerVersion);
        if (Doc.Length > 0) { model.String(ModelDocField, Doc); }
        model.Message(GraphField, EncodeGraph(Graph));
        var opset = new ProtoWriter();
        opset.Int64(OpsetVersionField, Opset); // the default domain "" is proto3's default, so it is left out
        model.Message(OpsetImportField, opset);
        foreach (var (key, value) in Metadata.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            var entry = new ProtoWriter();
            entry.String(KeyField, key);
            entry.String(ValueField, value);
            model.Message(MetadataField, entry);
        }
        return model.ToArray();
    }

    private static ProtoWriter EncodeGraph(OnnxGraph graph)
    {
        var g = new ProtoWriter();
        foreach (var node in graph.Nodes) { g.Message(NodeField, EncodeNode(node)); }
        g.String(GraphNameField, graph.Name);
        foreach (var t in graph.Initializers) { g.Message(InitializerField, EncodeTensor(t)); }
        foreach (var v in graph.Inputs) { g.Message(GraphInputField, EncodeValue(v)); }
        foreach (var v in graph.Outputs) { g.Message(GraphOutputField, EncodeValue(v)); }
        return g;
    }

    private static ProtoWriter EncodeNode(OnnxNode node)
    {
        var n = new ProtoWriter();
        foreach (var i in node.Inputs) { n.String(NodeInputField, i); }
        foreach (var o in node.Outputs) { n.String(NodeOutputField, o); }
        n.String(NodeNameField, node.Name);
        n.String(OpTypeField, node.OpType);
        foreach (var a in node.Attributes)
        {
            var attr = new ProtoWriter();
            attr.String(AttrNameField, a.Name);
            if (a.Int is { } i) { attr.Int64(AttrIntField, i); attr.Int64(AttrTypeField, AttrInt); }
            else if (a.Float is { } f) { attr.Float(AttrFloatField, f); attr.Int64(AttrTypeField, AttrFloat); }
            else if (a.Ints is { } ints) { foreach (long x in ints) { attr.Int64(AttrIntsField, x); } attr.Int64(AttrTypeField, AttrInts); }
            else if (a.Text is { } s) { attr.String(AttrStringField, s); attr.Int64(AttrTypeField, AttrString); }
            n.Message(AttributeField, attr);
        }
        return n;
    }

    private static ProtoWriter EncodeValue(OnnxValue value)
    {
        var shape = new ProtoWriter();
        foreach (var d in value.Shape)
        {
            var dim = new ProtoWriter();
            if (d.Param is { } p) { dim.String(DimParamField, p); } else { dim.Int64(DimValueField, d.Value); }
            shape.Message(DimField, dim);
        }
        var tensor = new ProtoWriter();
        tensor.Int64(ElemTypeField, (long)value.Type);
        tensor.Message(ShapeField, shape);
        var type = new ProtoWriter();
        type.Message(TensorTypeField, tensor);
        var v = new ProtoWriter();
        v.String(ValueNameField, value.Name);
        v.Message(ValueTypeField, type);
        if (value.Doc.Length > 0) { v.String(ValueDocField, value.Doc); }
        return v;
    }

    private static ProtoWriter EncodeTensor(OnnxTensor tensor)
    {
        var t = new ProtoWriter();
        foreach (long d in tensor.Dims) { t.Int64(DimsField, d); }
        t.Int64(DataTypeField, (long)tensor.Type);
        t.String(TensorNameField, tensor.Name);
        // raw_data is little-endian whatever the machine; .NET's supported platforms all are.
        if (!BitConverter.IsLittleEndian) { throw new PlatformNotSupportedException("ONNX raw_data is little-endian; this machine is not."); }
        if (tensor.Floats is { } f) { t.Bytes(RawDataField, MemoryMarshal.AsBytes(f.AsSpan())); }
        else { t.Bytes(RawDataField, MemoryMarshal.AsBytes(tensor.Longs.AsSpan())); }
        return t;
    }
}
