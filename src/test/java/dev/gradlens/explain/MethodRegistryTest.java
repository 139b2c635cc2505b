package dev.gradlens.explain;

import dev.gradlens.gradient.RectifierPolicy;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each method declares what it needs from the shared run; the counterfactual ids are aliases, not methods. */
class MethodRegistryTest {
    private final MethodRegistry r = MethodRegistry.standard();

    @Test
    void everyMethodIsRegisteredAndAliasesResolveToTheirBase() {
        for (MethodId m : MethodId.values()) assertEquals(m.base(), r.get(m).id(), m.id());
        assertSame(r.get(MethodId.GRADCAM), r.get(MethodId.GRADCAM_COUNTERFACTUAL));
        assertSame(r.get(MethodId.GRADCAMPP), r.get(MethodId.GRADCAMPP_COUNTERFACTUAL));
        assertFalse(r.all().containsKey(MethodId.GRADCAM_COUNTERFACTUAL), "the alias is no method of its own");
        assertEquals(MethodId.values().length - 2, r.all().size());
    }

    @Test
    void needsAreDeclared() {
        // hand-listed from the papers: CAMs read ∂S/∂A, pixel methods one input gradient, guided CAMs both
        for (MethodId m : new MethodId[] {MethodId.GRADCAM, MethodId.GRADCAMPP, MethodId.XGRADCAM, MethodId.LAYERCAM, MethodId.HIRESCAM}) {
            assertTrue(r.get(m).layerGradient(), m.id());
            assertNull(r.get(m).inputGradient(), m.id());
        }
        assertEquals(RectifierPolicy.STANDARD, r.get(MethodId.VANILLA).inputGradient());
        assertEquals(RectifierPolicy.GUIDED, r.get(MethodId.GUIDED_BACKPROP).inputGradient());
        assertEquals(RectifierPolicy.DECONVNET, r.get(MethodId.DECONVNET).inputGradient());
        assertTrue(r.get(MethodId.GUIDED_GRADCAM).layerGradient() && r.get(MethodId.GUIDED_GRADCAM).inputGradient() == RectifierPolicy.GUIDED);
        assertTrue(r.get(MethodId.GUIDED_GRADCAMPP).layerGradient() && r.get(MethodId.GUIDED_GRADCAMPP).inputGradient() == RectifierPolicy.GUIDED);
        assertTrue(r.get(MethodId.SCORECAM).ownRuns() && !r.get(MethodId.SCORECAM).signed(), "Score-CAM: masked forwards, no seed sign");
        assertTrue(r.get(MethodId.SMOOTHGRAD).ownRuns() && r.get(MethodId.SMOOTHGRAD).signed());
    }

    @Test
    void theCounterfactualIsAPropertyOfTheTarget() {
        Target t = Target.of(7);
        assertEquals(new Target(7, true), MethodId.GRADCAM_COUNTERFACTUAL.targetFor(t));
        assertEquals(t, MethodId.GRADCAM.targetFor(t));
        assertEquals(t, MethodId.SCORECAM.targetFor(new Target(7, true)), "Score-CAM explains the class itself");
        assertEquals(MethodId.GRADCAM_COUNTERFACTUAL, MethodId.parse("gradcam-counterfactual"), "the CLI id still parses");
    }
}
