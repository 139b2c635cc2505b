package dev.gradlens.inference;

/** Where ONNX Runtime runs: CPU always works; CUDA needs the gpu build profile, CUDA 12 and cuDNN 9. */
public enum Device {
    CPU, CUDA;

    public static Device parse(String s) {
        return switch (s.toLowerCase()) {
            case "cpu" -> CPU;
            case "cuda", "gpu" -> CUDA;
            default -> throw new dev.gradlens.GradLensException("Unknown device '" + s + "' (use cpu or cuda)");
        };
    }
}
