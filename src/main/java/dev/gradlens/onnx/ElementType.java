package dev.gradlens.onnx;

/** ONNX TensorProto data types the engine meets, with their byte sizes. */
public final class ElementType {
    public static final int FLOAT = 1, UINT8 = 2, INT8 = 3, UINT16 = 4, INT16 = 5, INT32 = 6, INT64 = 7,
            STRING = 8, BOOL = 9, FLOAT16 = 10, DOUBLE = 11, UINT32 = 12, UINT64 = 13, BFLOAT16 = 16;

    private ElementType() {
    }

    /** Bytes per element, or -1 where not fixed (strings) or unknown. */
    public static int byteSize(int type) {
        return switch (type) {
            case FLOAT, INT32, UINT32 -> 4;
            case UINT8, INT8, BOOL -> 1;
            case UINT16, INT16, FLOAT16, BFLOAT16 -> 2;
            case INT64, DOUBLE, UINT64 -> 8;
            default -> -1;
        };
    }

    public static boolean isFloating(int type) {
        return type == FLOAT || type == DOUBLE || type == FLOAT16 || type == BFLOAT16;
    }

    public static String name(int type) {
        return switch (type) {
            case FLOAT -> "float32";
            case UINT8 -> "uint8";
            case INT8 -> "int8";
            case UINT16 -> "uint16";
            case INT16 -> "int16";
            case INT32 -> "int32";
            case INT64 -> "int64";
            case STRING -> "string";
            case BOOL -> "bool";
            case FLOAT16 -> "float16";
            case DOUBLE -> "float64";
            case UINT32 -> "uint32";
            case UINT64 -> "uint64";
            case BFLOAT16 -> "bfloat16";
            default -> "type " + type;
        };
    }
}
