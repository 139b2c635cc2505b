package dev.gradlens.inference;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gradlens.GradLensException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Class names by index, and finding a class from what a user types ("285", "tabby", "egyptian").
 * Text files: one label per line, line i = class i; a leading WordNet id ("n01440764 tench,
 * Tinca tinca") is dropped, as are the quotes of the common Python-dict listing
 * ({0: 'tench, Tinca tinca', ...}). JSON files: an array of names, or an object from index to a
 * name or to [wnid, name] (Keras' imagenet_class_index.json).
 */
public final class Labels {
    public static final Labels NONE = new Labels(List.of());

    private static final Pattern WORDNET = Pattern.compile("^n\\d{8}[\\s,:;]+(.*)$");
    private static final Pattern PY_DICT = Pattern.compile("^\\{?\\s*(\\d+)\\s*:\\s*(['\"])(.*)\\2\\s*,?\\s*}?$");
    private static final int MAX_CANDIDATES_SHOWN = 5;

    private final List<String> names;

    private Labels(List<String> names) {
        this.names = List.copyOf(names);
    }

    public static Labels of(List<String> names) {
        return new Labels(names);
    }

    public static Labels load(Path file) {
        String name = String.valueOf(file.getFileName());
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new GradLensException("Cannot read labels '" + name + "': file not found", e);
        } catch (java.nio.charset.MalformedInputException e) {
            try {
                text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1); // old Windows-1252 lists
            } catch (IOException e2) {
                throw new GradLensException("Cannot read labels '" + name + "': " + e2.getMessage(), e2);
            }
        } catch (IOException e) {
            throw new GradLensException("Cannot read labels '" + name + "': " + e.getMessage(), e);
        }
        Labels labels = parse(text, name);
        if (labels.size() == 0) throw new GradLensException("Labels file '" + name + "' is empty");
        return labels;
    }

    /** Parses a label listing (text or JSON); {@code name} is used in error messages. */
    public static Labels parse(String text, String name) {
        if (!text.isEmpty() && text.charAt(0) == '\uFEFF') text = text.substring(1);
        String trimmed = text.strip();
        if (trimmed.startsWith("[") || trimmed.startsWith("{\"") || trimmed.startsWith("{ \"")) return parseJson(trimmed, name);
        List<String> out = new ArrayList<>();
        for (String line : trimmed.isEmpty() ? new String[0] : text.split("\\r?\\n|\\r", -1)) out.add(cleanLine(line));
        while (!out.isEmpty() && out.get(out.size() - 1).isEmpty()) out.remove(out.size() - 1); // trailing blank lines
        return new Labels(out);
    }

    static String cleanLine(String line) {
        String s = line.strip();
        Matcher py = PY_DICT.matcher(s);
        if (py.matches()) s = py.group(3).strip();
        Matcher wn = WORDNET.matcher(s);
        if (wn.matches()) s = wn.group(1).strip();
        return s;
    }

    private static Labels parseJson(String text, String name) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(text);
        } catch (JsonProcessingException e) {
            throw new GradLensException("Labels file '" + name + "' is not valid JSON: " + e.getOriginalMessage(), e);
        }
        List<String> out = new ArrayList<>();
        if (root.isArray()) {
            for (JsonNode n : root) out.add(labelOf(n, name));
        } else if (root.isObject()) {
            TreeMap<Integer, String> byIndex = new TreeMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                try {
                    byIndex.put(Integer.parseInt(e.getKey().trim()), labelOf(e.getValue(), name));
                } catch (NumberFormatException ex) {
                    throw new GradLensException("Labels file '" + name + "': key '" + e.getKey() + "' is not a class index");
                }
            }
            if (!byIndex.isEmpty() && (byIndex.firstKey() != 0 || byIndex.lastKey() != byIndex.size() - 1))
                throw new GradLensException("Labels file '" + name + "': class indices must run 0.." + (byIndex.size() - 1));
            out.addAll(byIndex.values());
        }
        return new Labels(out);
    }

    private static String labelOf(JsonNode n, String name) {
        if (n.isTextual()) return cleanLine(n.asText());
        if (n.isArray() && n.size() > 0) return n.get(n.size() - 1).asText().strip(); // [wnid, name]
        throw new GradLensException("Labels file '" + name + "': unexpected entry " + n);
    }

    public int size() {
        return names.size();
    }

    public List<String> names() {
        return names;
    }

    /** The label of class {@code index}, or "class N" when there is none. */
    public String name(int index) {
        if (index >= 0 && index < names.size() && !names.get(index).isEmpty()) return names.get(index);
        return "class " + index;
    }

    /** "285 Egyptian cat", the form used in lists and messages. */
    public String display(int index) {
        return index + " " + name(index);
    }

    /**
     * The class a user means: a number (optionally "#285") is an index; otherwise the text is
     * matched case-insensitively against each label and its comma-separated synonyms: exact
     * matches first, then prefixes (of the label, a synonym or any word in it), then substrings.
     * Empty when nothing matches.
     *
     * @throws GradLensException for an index outside the labels, or when the best matching tier
     *                           holds several classes (listing a few, so the user can pick one)
     */
    public OptionalInt find(String indexOrLabel) {
        if (indexOrLabel == null) return OptionalInt.empty();
        String q = indexOrLabel.strip();
        if (q.startsWith("#")) q = q.substring(1).strip();
        if (q.isEmpty()) return OptionalInt.empty();
        if (q.chars().allMatch(Character::isDigit)) {
            int idx;
            try {
                idx = Integer.parseInt(q);
            } catch (NumberFormatException e) {
                throw new GradLensException("Class " + q + " is out of range");
            }
            if (!names.isEmpty() && idx >= names.size())
                throw new GradLensException("Class " + idx + " is out of range (0–" + (names.size() - 1) + ")");
            return OptionalInt.of(idx);
        }
        String lq = q.toLowerCase(Locale.ROOT);
        Set<Integer> exact = new LinkedHashSet<>(), prefix = new LinkedHashSet<>(), substring = new LinkedHashSet<>();
        for (int i = 0; i < names.size(); i++) {
            String full = names.get(i).toLowerCase(Locale.ROOT);
            if (full.isEmpty()) continue;
            List<String> forms = new ArrayList<>();
            forms.add(full);
            for (String part : full.split(",")) if (!part.isBlank()) forms.add(part.strip());
            for (String f : forms) {
                if (f.equals(lq)) exact.add(i);
                else if (f.startsWith(lq)) prefix.add(i);
            }
            // a word inside the name counts as a prefix too: "cat" should offer "tiger cat", not
            // silently pick "catamaran" as the only label that begins with it
            for (String word : full.split("[\\s,\\-/()']+")) if (!word.isEmpty() && word.startsWith(lq)) prefix.add(i);
            if (full.contains(lq)) substring.add(i);
        }
        for (Set<Integer> tier : List.of(exact, prefix, substring)) {
            if (tier.size() == 1) return OptionalInt.of(tier.iterator().next());
            if (tier.size() > 1) throw ambiguous(q, tier);
        }
        return OptionalInt.empty();
    }

    private GradLensException ambiguous(String q, Set<Integer> matches) {
        StringBuilder sb = new StringBuilder("'" + q + "' matches " + matches.size() + " classes: ");
        int shown = 0;
        for (int i : matches) {
            if (shown == MAX_CANDIDATES_SHOWN) break;
            if (shown++ > 0) sb.append(", ");
            sb.append(display(i));
        }
        if (matches.size() > MAX_CANDIDATES_SHOWN) sb.append(", … (").append(matches.size() - MAX_CANDIDATES_SHOWN).append(" more)");
        sb.append("; type the class number or more of the name");
        return new GradLensException(sb.toString());
    }
}
