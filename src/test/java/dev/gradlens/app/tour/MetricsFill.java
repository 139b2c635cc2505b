package dev.gradlens.app.tour;

import dev.gradlens.imaging.ImageLoader;
import dev.gradlens.inference.Device;
import dev.gradlens.metrics.FaithfulnessScorer;
import dev.gradlens.metrics.Metric;
import dev.gradlens.metrics.MetricValue;
import dev.gradlens.metrics.SaliencyMap;
import dev.gradlens.run.RunDatabase;
import dev.gradlens.run.browse.FailureFilter;
import dev.gradlens.run.browse.ImageRow;
import dev.gradlens.run.browse.RunQueries;
import dev.gradlens.run.browse.RunSummary;
import dev.gradlens.run.browse.StoredMap;
import dev.gradlens.service.ModelSession;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Fills a run's {@code metrics} table (docs/run-database.md) from its stored maps, for the
 * screenshots only, where {@code gradlens run --metrics} is not available in this build: each image's
 * maps of its predicted class scored with {@link FaithfulnessScorer} (drop, increase, deletion and
 * insertion AUC with their curves). {@code MetricsFill --model M.onnx --run RUN.duckdb}.
 */
public final class MetricsFill {
    private MetricsFill() {
    }

    public static void main(String[] args) throws Exception {
        TourSupport.Options o = TourSupport.Options.parse(args);
        Path run = Path.of(o.rest.get(o.rest.indexOf("--run") + 1));
        Set<Metric> metrics = EnumSet.of(Metric.MASKED_SCORE, Metric.AVERAGE_DROP, Metric.INCREASE, Metric.DELETION_AUC, Metric.INSERTION_AUC);
        record Work(int id, int cls, Path file, List<StoredMap> maps) {
        }
        List<Work> work = new ArrayList<>();
        try (RunQueries q = RunQueries.open(run)) {
            RunSummary s = q.summary();
            for (ImageRow r : q.rows(FailureFilter.all())) {
                if (r.predictedClass() == null) continue;
                List<StoredMap> maps = new ArrayList<>();
                for (StoredMap m : q.maps(r.imageId())) if (m.classIndex() == r.predictedClass() && !m.counterfactual()) maps.add(m);
                work.add(new Work(r.imageId(), r.predictedClass(), q.imageFile(r, s), maps));
            }
        }
        long t0 = System.nanoTime();
        try (ModelSession session = ModelSession.open(o.model, null, null, Device.CPU);
             RunDatabase db = RunDatabase.openForWriting(run);
             PreparedStatement del = db.connection().prepareStatement("DELETE FROM metrics");
             PreparedStatement ins = db.connection().prepareStatement("INSERT INTO metrics VALUES (?, ?, ?, false, ?, ?, ?)")) {
            del.execute();
            FaithfulnessScorer scorer = new FaithfulnessScorer(session.explainable(), session.preprocessing());
            ImageLoader loader = new ImageLoader();
            int done = 0;
            for (Work w : work) {
                if (done++ % 50 == 0) System.out.printf("metrics: %d of %d images%n", done - 1, work.size());
                float[] x = session.prepare(loader.load(w.file()).image()).tensor().data();
                List<SaliencyMap> maps = new ArrayList<>();
                for (StoredMap m : w.maps()) maps.add(SaliencyMap.of(m.tensor()));
                FaithfulnessScorer.Scores sc = scorer.score(x, w.cls(), maps, metrics);
                for (int i = 0; i < maps.size(); i++) {
                    for (Map.Entry<String, MetricValue> e : sc.perMap().get(i).entrySet()) {
                        ins.setInt(1, w.id());
                        ins.setString(2, w.maps().get(i).method());
                        ins.setInt(3, w.cls());
                        ins.setString(4, e.getKey());
                        ins.setObject(5, e.getValue().value());
                        ins.setBytes(6, e.getValue().curve() == null ? null : floats(e.getValue().curve()));
                        ins.execute();
                    }
                }
            }
        }
        System.out.printf("scored %d images in %.1f s%n", work.size(), (System.nanoTime() - t0) / 1e9);
    }

    private static byte[] floats(float[] v) {
        ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : v) b.putFloat(f);
        return b.array();
    }
}
