/**
 * The GradLens window (MVVM, views built in code).
 *
 * <ul>
 *   <li>{@code app.task}: {@link dev.gradlens.app.task.TaskExecutor} — all engine and file work runs
 *       off the FX thread ({@link dev.gradlens.app.task.FxTaskExecutor}: one daemon worker, so engine
 *       calls never overlap and run in submission order; callbacks on the FX thread).
 *       {@link dev.gradlens.app.task.ImmediateTaskExecutor} runs inline for tests.</li>
 *   <li>{@code app.viewmodel}: final classes of JavaFX properties, FX thread only.
 *       {@code MainViewModel} wires {@code ModelViewModel}, {@code ClassesViewModel},
 *       {@code ExplanationViewModel} (latest request wins: request counter + Cancellation) and
 *       {@code StatusViewModel} (notifications, progress, cancel).</li>
 *   <li>{@code app.view}: controls built in code; they bind to view models and forward events.</li>
 *   <li>{@code app.render}: toolkit-free pixels (heat-map overlay, figure composition, PNG with tEXt).</li>
 * </ul>
 *
 * <p>Merge points (parallel branches):
 * {@link dev.gradlens.app.ServiceFactory} loads {@code dev.gradlens.service.LocalExplanationService}
 * reflectively — replace with the constructor call; {@link dev.gradlens.app.ImageIoImageSource} —
 * back {@link dev.gradlens.app.ImageSource#load} with {@code dev.gradlens.imaging.ImageLoader};
 * {@link dev.gradlens.app.view.ColormapChoice} — delegate to {@code dev.gradlens.imaging.Colormap};
 * {@link dev.gradlens.app.NpyWriter} — keep or replace with the engine's writer if one appears.
 */
package dev.gradlens.app;
