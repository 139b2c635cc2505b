package dev.gradlens.metrics;

/**
 * Win % between two methods (Grad-CAM++ §6.1, Table 1 "Win %"): over the images where both drops are
 * defined, the share on which method A's Average Drop is smaller than B's; ties (equal drops, most
 * often both 0) are counted and reported separately instead of being given to either side.
 */
public record WinPercent(int wins, int ties, int losses) {
    public int compared() {
        return wins + ties + losses;
    }

    /** 100 · wins / compared, or null when no image has both drops defined. */
    public Double winPercent() {
        return compared() == 0 ? null : 100.0 * wins / compared();
    }

    public Double tiePercent() {
        return compared() == 0 ? null : 100.0 * ties / compared();
    }

    /** Pairs (dropA[i], dropB[i]); a null on either side leaves the image out. */
    public static WinPercent of(Double[] dropA, Double[] dropB) {
        if (dropA.length != dropB.length) throw new IllegalArgumentException("drops of different image counts");
        int w = 0, t = 0, l = 0;
        for (int i = 0; i < dropA.length; i++) {
            if (dropA[i] == null || dropB[i] == null) continue;
            int c = Double.compare(dropA[i], dropB[i]);
            if (c < 0) w++;
            else if (c == 0) t++;
            else l++;
        }
        return new WinPercent(w, t, l);
    }
}
