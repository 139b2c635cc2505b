package dev.gradlens.app;

import dev.gradlens.GradLensException;
import dev.gradlens.inference.Device;
import dev.gradlens.service.ExplanationService;

import java.lang.reflect.InvocationTargetException;

/**
 * Creates the production engine: {@code new dev.gradlens.service.LocalExplanationService(Device.CPU)}.
 * MERGE: the class is written in a parallel branch; once it is on the classpath replace the
 * reflective lookup below with the plain constructor call.
 */
public final class ServiceFactory {
    public static final String SERVICE_CLASS = "dev.gradlens.service.LocalExplanationService";

    private ServiceFactory() {
    }

    public static ExplanationService create() {
        return create(Device.CPU);
    }

    public static ExplanationService create(Device device) {
        Class<?> type;
        try {
            type = Class.forName(SERVICE_CLASS);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new GradLensException("The explanation engine is not part of this build (" + SERVICE_CLASS
                    + " is missing): images can be viewed but not explained", e);
        }
        try {
            Object service = type.getConstructor(Device.class).newInstance(device);
            return (ExplanationService) service;
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof GradLensException g) throw g;
            throw new GradLensException("Could not start the explanation engine: " + firstLine(cause), cause);
        } catch (ReflectiveOperationException | ClassCastException | LinkageError e) {
            throw new GradLensException("Could not start the explanation engine: " + firstLine(e), e);
        }
    }

    /** Never throws: the real engine, or a stand-in whose every call fails with the reason. */
    public static ExplanationService createOrUnavailable() {
        try {
            return create();
        } catch (GradLensException e) {
            return new UnavailableExplanationService(e.getMessage());
        }
    }

    static String firstLine(Throwable t) {
        String m = t.getMessage();
        if (m == null || m.isBlank()) return t.getClass().getSimpleName();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
