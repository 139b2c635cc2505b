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
 *       {@code StatusViewModel} (notifications, progress, cancel). {@code CatalogViewModel} ("Models…")
 *       downloads catalog models through {@link dev.gradlens.app.ModelDownloads} (production:
 *       {@link dev.gradlens.app.CatalogDownloads#userCache()}) on a worker of its own, and opens them
 *       through {@code ModelViewModel}.</li>
 *   <li>{@code app.view}: controls built in code; they bind to view models and forward events.</li>
 *   <li>{@code app.render}: toolkit-free pixels (heat-map overlay, figure composition, PNG with tEXt).</li>
 * </ul>
 *
 * <p>Engine pieces the window uses: {@link dev.gradlens.app.ServiceFactory} creates
 * {@code service.LocalExplanationService}; {@link dev.gradlens.app.LoaderImageSource} reads photos
 * with {@code imaging.ImageLoader}; {@link dev.gradlens.app.render.ColormapChoice} offers
 * {@code imaging.Colormap}'s maps; raw maps are saved with {@code tensor.Npy}.
 */
package dev.gradlens.app;
