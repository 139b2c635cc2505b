package dev.gradlens.onnx;

import ai.onnx.proto.OnnxMl.TensorProto;
import com.google.protobuf.ByteString;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Reading and writing the values of TensorProtos (constants and initializers). */
public final class Tensors {
    private Tensors() {
    }

    public static long elementCount(TensorProto t) {
        long n = 1;
        for (long d : t.getDimsList()) n *= d;
        return n;
    }

    /** All values as doubles, whatever the numeric storage (raw_data little-endian or typed fields). */
    public static double[] toDoubles(TensorProto t) {
        int n = Math.toIntExact(elementCount(t));
        double[] out = new double[n];
        int type = t.getDataType();
        if (!t.getRawData().isEmpty()) {
            ByteBuffer b = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < n; i++) {
                out[i] = switch (type) {
                    case ElementType.FLOAT -> b.getFloat(i * 4);
                    case ElementType.DOUBLE -> b.getDouble(i * 8);
                    case ElementType.INT64, ElementType.UINT64 -> b.getLong(i * 8);
                    case ElementType.INT32 -> b.getInt(i * 4);
                    case ElementType.UINT32 -> Integer.toUnsignedLong(b.getInt(i * 4));
                    case ElementType.INT16 -> b.getShort(i * 2);
                    case ElementType.UINT16 -> Short.toUnsignedInt(b.getShort(i * 2));
                    case ElementType.INT8 -> b.get(i);
                    case ElementType.UINT8, ElementType.BOOL -> Byte.toUnsignedInt(b.get(i));
                    case ElementType.FLOAT16 -> Float.intBitsToFloat(halfToFloatBits(b.getShort(i * 2)));
                    default -> throw new IllegalArgumentException("cannot read " + ElementType.name(type) + " tensor " + t.getName());
                };
            }
            return out;
        }
        switch (type) {
            case ElementType.FLOAT -> { for (int i = 0; i < n; i++) out[i] = t.getFloatData(i); }
            case ElementType.DOUBLE -> { for (int i = 0; i < n; i++) out[i] = t.getDoubleData(i); }
            case ElementType.INT64 -> { for (int i = 0; i < n; i++) out[i] = t.getInt64Data(i); }
            case ElementType.UINT64 -> { for (int i = 0; i < n; i++) out[i] = t.getUint64Data(i); }
            case ElementType.INT32, ElementType.INT16, ElementType.INT8, ElementType.UINT16, ElementType.UINT8,
                    ElementType.BOOL -> { for (int i = 0; i < n; i++) out[i] = t.getInt32Data(i); }
            case ElementType.FLOAT16 -> {
                for (int i = 0; i < n; i++) out[i] = Float.intBitsToFloat(halfToFloatBits((short) t.getInt32Data(i)));
            }
            default -> throw new IllegalArgumentException("cannot read " + ElementType.name(type) + " tensor " + t.getName());
        }
        return out;
    }

    public static float[] toFloats(TensorProto t) {
        double[] d = toDoubles(t);
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) f[i] = (float) d[i];
        return f;
    }

    public static long[] toLongs(TensorProto t) {
        double[] d = toDoubles(t);
        long[] l = new long[d.length];
        for (int i = 0; i < d.length; i++) l[i] = (long) d[i];
        return l;
    }

    public static TensorProto floats(String name, float[] values, long... dims) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) b.putFloat(v);
        b.flip();
        return TensorProto.newBuilder().setName(name).setDataType(ElementType.FLOAT).addAllDims(boxed(dims))
                .setRawData(ByteString.copyFrom(b)).build();
    }

    public static TensorProto longs(String name, long[] values, long... dims) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : values) b.putLong(v);
        b.flip();
        return TensorProto.newBuilder().setName(name).setDataType(ElementType.INT64).addAllDims(boxed(dims))
                .setRawData(ByteString.copyFrom(b)).build();
    }

    private static java.util.List<Long> boxed(long[] dims) {
        java.util.List<Long> l = new java.util.ArrayList<>(dims.length);
        for (long d : dims) l.add(d);
        return l;
    }

    /** IEEE 754 half to float bits (handles subnormals, inf and NaN). */
    static int halfToFloatBits(short h) {
        int s = (h >> 15) & 1, e = (h >> 10) & 0x1f, m = h & 0x3ff;
        if (e == 0) {
            if (m == 0) return s << 31;
            while ((m & 0x400) == 0) { m <<= 1; e--; }
            e++;
            m &= 0x3ff;
        } else if (e == 31) {
            return (s << 31) | 0x7f800000 | (m << 13);
        }
        return (s << 31) | ((e + 112) << 23) | (m << 13);
    }
}
