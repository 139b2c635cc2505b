package dev.gradlens.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.NodeProto;

import java.util.List;

/** Typed attribute lookup with defaults, as the operator specs define them. */
public final class NodeAttributes {
    private final NodeProto node;

    public NodeAttributes(NodeProto node) {
        this.node = node;
    }

    public boolean has(String name) {
        return find(name) != null;
    }

    public long getInt(String name, long def) {
        AttributeProto a = find(name);
        return a == null ? def : a.getI();
    }

    public float getFloat(String name, float def) {
        AttributeProto a = find(name);
        return a == null ? def : a.getF();
    }

    public String getString(String name, String def) {
        AttributeProto a = find(name);
        return a == null ? def : a.getS().toStringUtf8();
    }

    /** INTS attribute, or {@code def} when absent (def may be null). */
    public long[] getInts(String name, long[] def) {
        AttributeProto a = find(name);
        if (a == null) return def;
        List<Long> l = a.getIntsList();
        long[] out = new long[l.size()];
        for (int i = 0; i < out.length; i++) out[i] = l.get(i);
        return out;
    }

    public float[] getFloats(String name, float[] def) {
        AttributeProto a = find(name);
        if (a == null) return def;
        float[] out = new float[a.getFloatsCount()];
        for (int i = 0; i < out.length; i++) out[i] = a.getFloats(i);
        return out;
    }

    private AttributeProto find(String name) {
        for (AttributeProto a : node.getAttributeList()) if (a.getName().equals(name)) return a;
        return null;
    }
}
