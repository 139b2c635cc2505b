package dev.gradlens.audit;

import dev.gradlens.GradLensException;
import dev.gradlens.explain.Cancellation;
import dev.gradlens.explain.MethodId;
import dev.gradlens.imaging.ImageRegion;
import dev.gradlens.run.RunDatabase;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Energy share and pointing game of every stored map of a run, in every region slot. DuckDB streams the
 * maps in image order (joined to their images' sizes); this thread decodes the regions and hands chunks
 * of images to worker threads, which place each map on its image (pull-backs shared by all maps of an
 * image) and keep only the measures, so memory does not grow with the maps.
 */
public final class MapMeasurements {
    /** A (method, counterfactual) pair: the unit a table row is about. */
    public record MethodKey(String method, boolean counterfactual) {
        public String title() {
            String t;
            try {
                t = MethodId.parse(method).title();
            } catch (GradLensException e) {
                t = method;
            }
            boolean variant = method.toLowerCase(java.util.Locale.ROOT).contains("counterfactual");
            return counterfactual && !variant ? "Counterfactual " + t : t;
        }
    }

    /** One map's measures: image position, method, class, and per region slot share/hit/area. */
    public record Row(int pos, int method, int cls, double[] share, double[] hit, double[] area, int peak) {
    }

    final List<MethodKey> methods = new ArrayList<>();
    final List<Row> rows = new ArrayList<>();
    final RegionNames names;

    private MapMeasurements(RegionNames names) {
        this.names = names;
    }

    private record RawRegion(String name, Integer cls, int x0, int y0, int x1, int y1, byte[] mask) {
    }

    private record RawMap(int method, int cls, int h, int w, byte[] data) {
    }

    public static MapMeasurements measure(RunDatabase db, RunInfo info, RunImages images, boolean counterfactual,
                                          RegionDecoder.Shape shape, int threads, Notes notes) {
        return measure(db, info, images, counterfactual, shape, threads, notes, Cancellation.NONE);
    }

    /** As above, polling {@code cancel} for every map read and every image measured (a CancellationException). */
    public static MapMeasurements measure(RunDatabase db, RunInfo info, RunImages images, boolean counterfactual,
                                          RegionDecoder.Shape shape, int threads, Notes notes, Cancellation cancel) {
        try (Statement s = db.connection().createStatement()) {
            boolean objects;
            List<String> named = new ArrayList<>();
            try (ResultSet r = s.executeQuery("SELECT DISTINCT name FROM regions ORDER BY name")) {
                objects = false;
                while (r.next()) {
                    String n = r.getString(1);
                    if (n.equals(Region.OBJECT)) objects = true;
                    else named.add(n);
                }
            }
            MapMeasurements out = new MapMeasurements(new RegionNames(objects, named));
            List<List<RawRegion>> regions = new ArrayList<>(images.size());
            for (int i = 0; i < images.size(); i++) regions.add(new ArrayList<>());
            try (ResultSet r = s.executeQuery("SELECT image_id, name, class, x0, y0, x1, y1, mask FROM regions ORDER BY image_id")) {
                while (r.next()) {
                    Integer p = images.position.get(r.getInt(1));
                    if (p == null) continue;
                    int c = r.getInt(3);
                    Integer cls = r.wasNull() ? null : c;
                    regions.get(p).add(new RawRegion(r.getString(2), cls, r.getInt(4), r.getInt(5), r.getInt(6), r.getInt(7), r.getBytes(8)));
                }
            }
            Map<MethodKey, Integer> methodIndex = new LinkedHashMap<>();
            ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads), r -> {
                Thread t = new Thread(r, "audit-maps");
                t.setDaemon(true);
                return t;
            });
            Map<String, Placement> placements = new ConcurrentHashMap<>();
            List<Future<List<Row>>> futures = new ArrayList<>();
            String where = counterfactual ? "" : " AND NOT m.counterfactual AND m.method NOT ILIKE '%counterfactual%'";
            try (ResultSet r = s.executeQuery("SELECT m.image_id, m.method, m.counterfactual, m.class, m.channels, m.height, m.width, m.data"
                    + " FROM maps m JOIN images i ON i.image_id = m.image_id WHERE i.status = 'ok'" + where + " ORDER BY m.image_id")) {
                Map<Integer, List<RawMap>> chunk = new LinkedHashMap<>();
                int chunkMaps = 0;
                while (r.next()) {
                    cancel.check();
                    Integer p = images.position.get(r.getInt(1));
                    if (p == null) continue;
                    String method = r.getString(2);
                    boolean cf = r.getBoolean(3) || method.toLowerCase(java.util.Locale.ROOT).contains("counterfactual");
                    int channels = r.getInt(5), h = r.getInt(6), w = r.getInt(7);
                    if (channels != 1) {
                        notes.add("pixel-space maps left out (the audit measures single-channel maps)", method + " has " + channels + " channels");
                        continue;
                    }
                    byte[] data = r.getBytes(8);
                    if (h <= 0 || w <= 0 || data == null || data.length != 4L * h * w) {
                        notes.add("maps with a size that does not match their data left out",
                                "image " + images.id(p) + " " + method + " is " + h + "x" + w + " with " + (data == null ? 0 : data.length) + " bytes");
                        continue;
                    }
                    int mi = methodIndex.computeIfAbsent(new MethodKey(method, cf), k -> methodIndex.size());
                    chunk.computeIfAbsent(p, k -> new ArrayList<>()).add(new RawMap(mi, r.getInt(4), h, w, data));
                    if (++chunkMaps >= 512) {
                        futures.add(pool.submit(work(chunk, regions, images, info, out.names, shape, placements, notes, cancel)));
                        chunk = new LinkedHashMap<>();
                        chunkMaps = 0;
                    }
                }
                if (!chunk.isEmpty()) futures.add(pool.submit(work(chunk, regions, images, info, out.names, shape, placements, notes, cancel)));
            }
            try {
                for (Future<List<Row>> f : futures) out.rows.addAll(f.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new GradLensException("The audit was interrupted");
            } catch (java.util.concurrent.ExecutionException e) {
                Throwable c = e.getCause();
                if (c instanceof GradLensException g) throw g;
                if (c instanceof java.util.concurrent.CancellationException ce) throw ce;
                throw new IllegalStateException(c);
            } finally {
                pool.shutdownNow();
            }
            out.methods.addAll(methodIndex.keySet());
            return out;
        } catch (SQLException e) {
            throw new GradLensException("Cannot read the maps of " + db.location() + ": " + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    private static java.util.concurrent.Callable<List<Row>> work(Map<Integer, List<RawMap>> chunk, List<List<RawRegion>> regions,
                                                                RunImages images, RunInfo info, RegionNames names,
                                                                RegionDecoder.Shape shape, Map<String, Placement> placements, Notes notes,
                                                                Cancellation cancel) {
        return () -> {
            List<Row> rows = new ArrayList<>();
            for (Map.Entry<Integer, List<RawMap>> e : chunk.entrySet()) {
                cancel.check();
                int p = e.getKey();
                int W = images.width[p], H = images.height[p];
                String where = "image " + images.id(p) + " (" + images.path(p) + ")";
                List<Region> decoded = new ArrayList<>();
                for (RawRegion g : regions.get(p)) {
                    PixelSet set = RegionDecoder.decode(g.name(), g.x0(), g.y0(), g.x1(), g.y1(), g.mask(), W, H, shape, notes, where);
                    if (set != null) decoded.add(new Region(g.name(), g.cls(), set));
                }
                Map<String, ImageRegions> bySize = new HashMap<>();
                for (RawMap m : e.getValue()) {
                    ImageRegions ir = bySize.computeIfAbsent(m.h() + "x" + m.w(), k -> {
                        ImageRegion seen = info.seen(W, H);
                        Placement pl = placements.computeIfAbsent(m.w() + "," + m.h() + "," + W + "," + H + "," + seen,
                                kk -> seen.coversAll(W, H) ? Placement.whole(m.w(), m.h(), W, H)
                                        : Placement.over(m.w(), m.h(), W, H, seen.x(), seen.y(), seen.width(), seen.height()));
                        return new ImageRegions(pl, names, decoded, images.trueClass[p] >= 0 ? images.trueClass[p] : null);
                    });
                    float[] map = new float[m.h() * m.w()];
                    ByteBuffer.wrap(m.data()).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(map);
                    ImageRegions.MapMeasure mm = ir.measure(m.cls(), map);
                    if (mm.peak() < 0) notes.add("flat maps (no peak: left out of the pointing game)", where + " class " + m.cls());
                    rows.add(new Row(p, m.method(), m.cls(), mm.share(), mm.hit(), mm.area(), mm.peak()));
                }
            }
            return rows;
        };
    }

    /**
     * The maps of the images at the given positions, repeats allowed, renumbered as {@link RunImages#sample}
     * renumbers the images; {@code byPosition} lists each position's rows (see {@link #rowsByPosition}).
     */
    MapMeasurements sample(int[] positions, List<List<Row>> byPosition) {
        MapMeasurements s = new MapMeasurements(names);
        s.methods.addAll(methods);
        for (int k = 0; k < positions.length; k++) {
            for (Row r : byPosition.get(positions[k])) s.rows.add(new Row(k, r.method(), r.cls(), r.share(), r.hit(), r.area(), r.peak()));
        }
        return s;
    }

    /** The rows of each image position, for {@link #sample}. */
    List<List<Row>> rowsByPosition(int images) {
        List<List<Row>> out = new ArrayList<>(images);
        for (int i = 0; i < images; i++) out.add(new ArrayList<>());
        for (Row r : rows) out.get(r.pos()).add(r);
        return out;
    }

    public List<MethodKey> methods() {
        return methods;
    }

    public List<Row> rows() {
        return rows;
    }

    public RegionNames names() {
        return names;
    }
}
