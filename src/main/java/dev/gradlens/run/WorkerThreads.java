package dev.gradlens.run;

import java.util.concurrent.ThreadFactory;

/** Named daemon threads for a run's decode and write workers (a run never keeps the JVM alive). */
final class WorkerThreads {
    private WorkerThreads() {
    }

    static ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
