package dev.gradlens.app.tour;

import dev.gradlens.app.GradLensApp;
import dev.gradlens.app.LoaderImageSource;
import dev.gradlens.app.RecentFiles;
import dev.gradlens.app.task.FxTaskExecutor;
import dev.gradlens.app.tour.TourSupport.Options;
import dev.gradlens.app.tour.TourSupport.ScriptedDialogs;
import dev.gradlens.app.tour.TourSupport.Window1;
import dev.gradlens.app.viewmodel.MainViewModel;
import dev.gradlens.app.viewmodel.PanelItem;
import dev.gradlens.service.SampleImage;
import javafx.application.Platform;
import javafx.collections.ListChangeListener;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Slider;
import javafx.stage.WindowEvent;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import static dev.gradlens.app.tour.TourSupport.fx;
import static dev.gradlens.app.tour.TourSupport.fxRun;
import static dev.gradlens.app.tour.TourSupport.waitUntil;

/**
 * Measures the window (not a test; run by {@code docs/window-benchmark.sh} under Xvfb):
 * <ol>
 *   <li>JVM start (RuntimeMXBean start time) → the window shown;</li>
 *   <li>opening an image with the default model on the CPU → the first panels displayed (the
 *       first open, which builds the gradient graph, and later opens of other images);</li>
 *   <li>one opacity slider step → every heat-map panel re-rendered, as FX-thread time: the
 *       synchronous work of the step (re-colouring and blending the overlays, writing the images)
 *       and the step until its pulse (CSS, layout, sync to the render thread) has run.</li>
 * </ol>
 * Options: {@code [--model M.onnx --image IMG] [--steps N] [--opens N] [--extra METHOD-ID]}.
 */
public final class WindowBenchmark {
    private WindowBenchmark() {
    }

    /** Times of one open: when the classes arrived, the panels were set, and the pulse showing them ran. */
    private static final class Open {
        volatile long start, classes, requested, panelSet, panels, displayed, displayedMillis;
        Runnable detach = () -> { };
        java.util.Map<String, Double> engine = java.util.Map.of();
    }

    public static void main(String[] args) throws Exception {
        long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
        Options o = Options.parse(args);
        if (!o.overridden() && !TourSupport.teachingModelBundled()) {
            System.err.println("WindowBenchmark: this build has no embedded teaching model; use --model M.onnx --image IMG");
            System.exit(3);
        }
        int steps = Integer.parseInt(opt(o, "--steps", "50"));
        int opens = Integer.parseInt(opt(o, "--opens", "5"));
        Path config = Files.createTempDirectory("gradlens-bench");
        ScriptedDialogs dialogs = new ScriptedDialogs();
        long[] shown = new long[1];

        TourSupport.startToolkit();
        // with the teaching model, start as production does: the first bundled sample is explained at start
        boolean startSample = !o.overridden();
        GradLensApp.Services services = new GradLensApp.Services(TourSupport.service(o.device, o.model, config),
                new FxTaskExecutor(), new LoaderImageSource(), RecentFiles.inMemory(), s -> dialogs, startSample);
        Open[] atStart = new Open[1];
        Window1 w = TourSupport.open(services,
                stage -> stage.addEventHandler(WindowEvent.WINDOW_SHOWN, e -> shown[0] = System.currentTimeMillis()),
                win -> {
                    if (startSample) atStart[0] = watchStart(win);
                });
        int code = 0;
        try {
            MainViewModel vm = w.vm();
            Scene scene = w.scene();
            TourSupport.pulses(scene, 1);
            long firstFrame = System.currentTimeMillis();
            waitUntil("the default model", () -> vm.model().getModel() != null, 300_000);
            long modelReady = System.currentTimeMillis();
            TourSupport.requireNoError(w);

            // (b) open → first panels
            List<Runnable> openers = new ArrayList<>();
            List<String> names = new ArrayList<>();
            if (o.image != null) {
                openers.add(() -> {
                    dialogs.next = o.image;
                    ((Button) scene.lookup("#open-image")).fire();
                });
                names.add(o.image.getFileName().toString());
            } else {
                waitUntil("the samples", () -> !vm.samples().isEmpty(), 30_000);
                for (SampleImage s : fx(() -> List.copyOf(vm.samples()))) {
                    openers.add(() -> vm.openSample(s));
                    names.add(s.title());
                }
            }
            List<Open> runs = new ArrayList<>();
            if (startSample) {
                // the first open: the sample the window opens by itself at start
                finish(w, atStart[0]);
                runs.add(atStart[0]);
            }
            String extra = opt(o, "--extra", null); // e.g. layercam: one more heat-map panel
            if (extra != null) {
                dev.gradlens.explain.MethodId m = java.util.Arrays.stream(dev.gradlens.explain.MethodId.values())
                        .filter(x -> x.id().equals(extra)).findFirst()
                        .orElseThrow(() -> new IllegalArgumentException("unknown method " + extra));
                fxRun(() -> vm.explanation().extraMethodProperty().set(m));
            }
            for (int i = runs.size(); i <= opens; i++) runs.add(open(w, openers.get(i % openers.size())));
            int view = fx(() -> vm.explanation().getPanelSet().view().width() * 10000 + vm.explanation().getPanelSet().view().height());
            int heat = fx(() -> (int) vm.explanation().panels().stream().filter(p -> p.kind() == PanelItem.Kind.HEATMAP).count());

            // (c) opacity steps, as a slider drag would make them
            Slider slider = w.app().view().controlsView().opacitySlider();
            for (int i = 0; i < 10; i++) opacityStep(scene, slider, 0.3 + 0.01 * i); // JIT warm-up, not counted
            double[] sync = new double[steps], pulse = new double[steps], work = new double[steps], toPulse = new double[steps];
            for (int i = 0; i < steps; i++) {
                double[] t = opacityStep(scene, slider, 0.3 + 0.01 * (i % 50));
                sync[i] = t[0];
                pulse[i] = t[1];
                work[i] = t[0] + t[1];
                toPulse[i] = t[2];
            }

            Open cold = runs.get(0);
            double[] warm = runs.subList(1, runs.size()).stream().mapToDouble(r -> ms(r.displayed - r.start)).toArray();
            double[] warmClasses = runs.subList(1, runs.size()).stream().mapToDouble(r -> ms(r.classes - r.start)).toArray();
            String model = fx(() -> vm.model().getModel().name());

            System.out.println();
            System.out.printf(Locale.ROOT, "GradLens window benchmark: %s%n", machine());
            System.out.printf(Locale.ROOT, "model %s on %s; image %s (view %d×%d, %d heat-map panels); prism %s%n", model,
                    o.device, String.join(", ", names.subList(0, Math.min(names.size(), 3))) + (names.size() > 3 ? ", …" : ""),
                    view / 10000, view % 10000, heat, System.getProperty("prism.order", "default"));
            System.out.println();
            System.out.println("| measure | value | target |");
            System.out.println("|---|---|---|");
            row("(a) JVM start → window shown", String.format(Locale.ROOT, "%.2f s", (shown[0] - jvmStart) / 1000.0), "< 3 s");
            row("    JVM start → first frame", String.format(Locale.ROOT, "%.2f s", (firstFrame - jvmStart) / 1000.0), "");
            row("    JVM start → default model open", String.format(Locale.ROOT, "%.2f s", (modelReady - jvmStart) / 1000.0), "");
            if (startSample) {
                row("    JVM start → first sample explained on screen", String.format(Locale.ROOT, "%.2f s",
                        (cold.displayedMillis - jvmStart) / 1000.0), "");
            }
            row("(b) open image → first panels, first image" + (startSample ? " (the sample opened at start)" : ""),
                    String.format(Locale.ROOT, "%.0f ms (classes after %.0f ms)", ms(cold.displayed - cold.start),
                            ms(cold.classes - cold.start)), "< 1 s");
            row(String.format(Locale.ROOT, "    open image → first panels, next images (median of %d)", warm.length),
                    String.format(Locale.ROOT, "%.0f ms (classes after %.0f ms)", median(warm), median(warmClasses)), "< 1 s");
            row(String.format(Locale.ROOT, "(c) opacity step, FX-thread work (median of %d)", steps),
                    String.format(Locale.ROOT, "%.2f ms (p90 %.2f, max %.2f)", median(work), pct(work, 0.9), max(work)), "< 16 ms");
            row("    of which overlays re-rendered and written",
                    String.format(Locale.ROOT, "%.2f ms (p90 %.2f)", median(sync), pct(sync, 0.9)), "");
            row("    of which the pulse's CSS and layout",
                    String.format(Locale.ROOT, "%.2f ms (p90 %.2f)", median(pulse), pct(pulse, 0.9)), "");
            row("    step → end of its pulse (includes waiting for the pulse timer)",
                    String.format(Locale.ROOT, "%.2f ms (p90 %.2f)", median(toPulse), pct(toPulse, 0.9)), "");
            System.out.println();
            for (Open r : List.of(cold, runs.get(runs.size() - 1))) {
                System.out.printf(Locale.ROOT, "%s open: classes %.0f ms, request sent %.0f, panel set back %.0f, panels on screen %.0f"
                                + " (engine: %s)%n", r == cold ? "First" : "Last", ms(r.classes - r.start), ms(r.requested - r.start),
                        ms(r.panelSet - r.start), ms(r.displayed - r.start), engine(r.engine));
            }
        } catch (Throwable t) {
            t.printStackTrace();
            code = 1;
        } finally {
            TourSupport.close(w);
        }
        System.exit(code);
    }

    private static String opt(Options o, String name, String fallback) {
        int i = o.rest.indexOf(name);
        return i >= 0 && i + 1 < o.rest.size() ? o.rest.get(i + 1) : fallback;
    }

    /** One image open, timed on the FX thread from the user's action to the pulse after the panels were set. */
    private static Open open(Window1 w, Runnable opener) throws Exception {
        Open run = fx(() -> {
            Open r = watch(w);
            r.start = System.nanoTime();
            opener.run();
            return r;
        });
        finish(w, run);
        return run;
    }

    /** The open the window makes by itself at start: timed from the moment the samples are listed (it follows at once). */
    private static Open watchStart(Window1 w) {
        Open run = watch(w);
        ListChangeListener<SampleImage> listed = c -> {
            if (run.start == 0 && !w.vm().samples().isEmpty()) run.start = System.nanoTime();
        };
        w.vm().samples().addListener(listed);
        Runnable detach = run.detach;
        run.detach = () -> {
            detach.run();
            w.vm().samples().removeListener(listed);
        };
        return run;
    }

    /** FX thread: listeners stamping when the classes, the request, the panel set and the panels on screen arrive. */
    private static Open watch(Window1 w) {
        MainViewModel vm = w.vm();
        Scene scene = w.scene();
        Open run = new Open();
        Object imageBefore = vm.getImage();
        ListChangeListener<PanelItem> onPanels = c -> {
            if (run.panels != 0 || vm.explanation().panels().isEmpty() || vm.getImage() == imageBefore) return;
            run.panels = System.nanoTime();
            Runnable[] once = new Runnable[1];
            once[0] = () -> {
                run.displayed = System.nanoTime();
                run.displayedMillis = System.currentTimeMillis();
                scene.removePostLayoutPulseListener(once[0]);
            };
            scene.addPostLayoutPulseListener(once[0]);
            Platform.requestNextPulse();
        };
        // invalidation listeners: an equal prediction (the same photo again) fires no change event
        javafx.beans.InvalidationListener onClasses = obs -> {
            if (run.classes == 0) run.classes = System.nanoTime();
        };
        javafx.beans.InvalidationListener onRequest = obs -> {
            if (run.requested == 0) run.requested = System.nanoTime();
        };
        javafx.beans.InvalidationListener onSet = obs -> {
            if (run.panelSet == 0 && run.requested != 0) run.panelSet = System.nanoTime();
        };
        vm.explanation().panels().addListener(onPanels);
        vm.classes().predictionProperty().addListener(onClasses);
        vm.explanation().lastRequestProperty().addListener(onRequest);
        vm.explanation().panelSetProperty().addListener(onSet);
        run.detach = () -> {
            vm.explanation().panels().removeListener(onPanels);
            vm.classes().predictionProperty().removeListener(onClasses);
            vm.explanation().lastRequestProperty().removeListener(onRequest);
            vm.explanation().panelSetProperty().removeListener(onSet);
        };
        return run;
    }

    /** Waits for the open's panels on screen and nothing running, then stops watching. */
    private static void finish(Window1 w, Open run) throws Exception {
        MainViewModel vm = w.vm();
        waitUntil("the panels of the new image", () -> run.displayed != 0 && TourSupport.idleWithPanels(vm), 600_000);
        fxRun(run.detach);
        TourSupport.requireNoError(w);
        run.engine = fx(() -> vm.explanation().getPanelSet().timings());
        TourSupport.pulses(w.scene(), 2);
    }

    /**
     * One slider step: [synchronous FX-thread ms (the property change and its listeners: overlays
     * re-rendered and written to the images), ms of the pulse that follows (CSS and layout, from
     * its pre- to its post-layout listener), ms from the step to the end of that pulse].
     */
    private static double[] opacityStep(Scene scene, Slider slider, double value) throws Exception {
        long[] t = new long[4];
        fxRun(() -> {
            Runnable[] pre = new Runnable[1], post = new Runnable[1];
            pre[0] = () -> {
                t[2] = System.nanoTime();
                scene.removePreLayoutPulseListener(pre[0]);
            };
            post[0] = () -> {
                t[3] = System.nanoTime();
                scene.removePostLayoutPulseListener(post[0]);
            };
            scene.addPreLayoutPulseListener(pre[0]);
            scene.addPostLayoutPulseListener(post[0]);
            t[0] = System.nanoTime();
            slider.setValue(value);
            t[1] = System.nanoTime();
            Platform.requestNextPulse();
        });
        waitUntil("the pulse", () -> t[3] != 0, 10_000);
        Thread.sleep(60); // let the render thread draw the frame before the next step
        return new double[] {ms(t[1] - t[0]), ms(t[3] - t[2]), ms(t[3] - t[0])};
    }

    private static String engine(java.util.Map<String, Double> t) {
        StringBuilder b = new StringBuilder();
        new java.util.TreeMap<>(t).forEach((k, v) -> b.append(b.length() == 0 ? "" : ", ").append(k).append(' ')
                .append(String.format(Locale.ROOT, "%.0f", v)));
        return b.toString();
    }

    private static void row(String measure, String value, String target) {
        System.out.println("| " + measure.strip() + " | " + value + " | " + target + " |");
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    private static double median(double[] v) {
        return pct(v, 0.5);
    }

    private static double pct(double[] v, double q) {
        if (v.length == 0) return Double.NaN;
        double[] s = v.clone();
        Arrays.sort(s);
        return s[Math.min(s.length - 1, (int) Math.floor(q * (s.length - 1) + 0.5))];
    }

    private static double max(double[] v) {
        return Arrays.stream(v).max().orElse(Double.NaN);
    }

    static String machine() {
        String cpu = "?";
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    cpu = line.substring(line.indexOf(':') + 1).trim();
                    break;
                }
            }
        } catch (Exception ignored) {
            // not Linux
        }
        return String.format(Locale.ROOT, "%d CPU cores (%s), %s %s, Java %s, JavaFX %s", Runtime.getRuntime().availableProcessors(),
                cpu, System.getProperty("os.name"), System.getProperty("os.arch"), System.getProperty("java.version"),
                System.getProperty("javafx.runtime.version", "?"));
    }
}
