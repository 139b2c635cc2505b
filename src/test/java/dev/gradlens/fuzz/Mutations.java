package dev.gradlens.fuzz;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Seeded mutations of a file's bytes: bit flips, truncations, and changed length fields (protobuf
 * length prefixes, PNG chunk lengths, JPEG segment lengths), one to three per case.
 */
final class Mutations {
    enum Format { PROTOBUF, PNG, JPEG, RAW }

    private Mutations() {
    }

    static byte[] mutate(byte[] original, Random rnd, Format format) {
        byte[] b = original.clone();
        int n = 1 + rnd.nextInt(3);
        for (int i = 0; i < n && b.length > 0; i++) {
            switch (rnd.nextInt(3)) {
                case 0 -> flipBits(b, rnd);
                case 1 -> b = Arrays.copyOf(b, rnd.nextInt(b.length));
                default -> changeLength(b, rnd, format);
            }
        }
        return b;
    }

    private static void flipBits(byte[] b, Random rnd) {
        int flips = 1 + rnd.nextInt(8);
        for (int i = 0; i < flips; i++) {
            int at = rnd.nextInt(b.length);
            b[at] ^= (byte) (1 << rnd.nextInt(8));
        }
    }

    /** Rewrites one length field with a nearby, zero, or huge value. */
    private static void changeLength(byte[] b, Random rnd, Format format) {
        List<int[]> fields = lengthFields(b, format); // {offset, width}
        if (fields.isEmpty()) {
            flipBits(b, rnd);
            return;
        }
        int[] f = fields.get(rnd.nextInt(fields.size()));
        long value = switch (rnd.nextInt(4)) {
            case 0 -> 0;
            case 1 -> 0xFFFFFFFFL;
            case 2 -> rnd.nextInt(256);
            default -> rnd.nextInt(1 << 16);
        };
        if (format == Format.PROTOBUF) {
            // a one-byte varint length: keep it one byte (the rest of the file stays aligned)
            b[f[0]] = (byte) (value & 0x7F);
        } else {
            for (int i = 0; i < f[1]; i++) b[f[0] + i] = (byte) (value >>> (8 * (f[1] - 1 - i)));
        }
    }

    private static List<int[]> lengthFields(byte[] b, Format format) {
        List<int[]> out = new ArrayList<>();
        switch (format) {
            case PNG -> {
                for (int at = 8; at + 8 <= b.length; ) {
                    out.add(new int[] {at, 4});
                    long len = ((b[at] & 0xFFL) << 24) | ((b[at + 1] & 0xFF) << 16) | ((b[at + 2] & 0xFF) << 8) | (b[at + 3] & 0xFF);
                    if (len > b.length) break;
                    at += 12 + (int) len;
                }
            }
            case JPEG -> {
                for (int at = 2; at + 4 <= b.length; ) {
                    if ((b[at] & 0xFF) != 0xFF) break;
                    int marker = b[at + 1] & 0xFF;
                    if (marker == 0xD9 || marker == 0xDA) {
                        if (marker == 0xDA) out.add(new int[] {at + 2, 2});
                        break;
                    }
                    out.add(new int[] {at + 2, 2});
                    at += 2 + (((b[at + 2] & 0xFF) << 8) | (b[at + 3] & 0xFF));
                }
            }
            case PROTOBUF -> {
                // a length-delimited field's tag (wire type 2, field 1..15: one byte) followed by a one-byte length
                for (int at = 0; at + 1 < b.length; at++) {
                    int tag = b[at] & 0xFF;
                    if ((tag & 7) == 2 && tag >> 3 >= 1 && tag >> 3 <= 15 && (b[at + 1] & 0x80) == 0) out.add(new int[] {at + 1, 1});
                }
            }
            default -> { }
        }
        return out;
    }
}
