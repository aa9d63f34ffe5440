package org.posnet.common.yaml;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Typed, path-aware access to one YAML mapping. Wrong shapes and unknown keys are reported to the
 * problem sink with the exact position and the value is treated as absent, so conversion goes on and
 * every mistake in a document is reported in one pass.
 */
public final class MappingReader {
  private final YamlNode.Mapping mapping;
  private final String path;
  private final Consumer<YamlProblem> problems;
  private final boolean present;

  private MappingReader(YamlNode.Mapping mapping, String path, Consumer<YamlProblem> problems, boolean present) {
    this.mapping = mapping;
    this.path = path;
    this.problems = problems;
    this.present = present;
  }

  /** A reader over {@code node}; anything but a mapping is reported and read as an empty mapping. */
  public static MappingReader of(YamlNode node, String path, Consumer<YamlProblem> problems) {
    if (node instanceof YamlNode.Mapping m) {
      return new MappingReader(m, path, problems, true);
    }
    if (!(node instanceof YamlNode.Scalar s && s.type() == YamlNode.ScalarType.NULL)) {
      problems.accept(new YamlProblem(node.mark(), path, YamlProblem.Kind.INVALID,
          "expected a mapping of keys, got " + node.describe()));
    }
    return new MappingReader(new YamlNode.Mapping(Map.of(), node.mark()), path, problems, false);
  }

  /** False when the mapping was absent, null or of the wrong shape. */
  public boolean present() {
    return present;
  }

  public String path() {
    return path;
  }

  public Mark mark() {
    return mapping.mark();
  }

  public String pathOf(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  /** The keys as written, in order: for mappings whose keys are data (an MCC), not names. */
  public List<String> keys() {
    return List.copyOf(mapping.entries().keySet());
  }

  public boolean has(String key) {
    YamlNode.Entry e = mapping.entries().get(key);
    return e != null && !(e.value() instanceof YamlNode.Scalar s && s.type() == YamlNode.ScalarType.NULL);
  }

  /** The value's mark, or the mapping's own mark when the key is absent. */
  public Mark markOf(String key) {
    YamlNode.Entry e = mapping.entries().get(key);
    return e == null ? mapping.mark() : e.value().mark();
  }

  /** Reports every key not in {@code known}, pointing at the key itself. */
  public void rejectUnknown(List<String> known) {
    for (YamlNode.Entry e : mapping.entries().values()) {
      if (!known.contains(e.key())) {
        problems.accept(new YamlProblem(e.keyMark(), pathOf(e.key()), YamlProblem.Kind.UNKNOWN_KEY,
            "known: " + String.join(", ", known)));
      }
    }
  }

  /** Reports a rule broken by the value of {@code key}. */
  public void invalid(String key, String message) {
    problems.accept(new YamlProblem(markOf(key), pathOf(key), YamlProblem.Kind.INVALID, message));
  }

  /** Any scalar as its text (YAML's "5812" and 5812 are the same id to an operator); null when absent. */
  public String text(String key) {
    YamlNode node = value(key);
    if (node == null) {
      return null;
    }
    if (node instanceof YamlNode.Scalar s) {
      return s.text();
    }
    invalid(key, "expected a single value, got " + node.describe());
    return null;
  }

  public String text(String key, String absent) {
    String t = text(key);
    return t == null ? absent : t;
  }

  public Integer integer(String key) {
    YamlNode node = value(key);
    if (node == null) {
      return null;
    }
    if (node instanceof YamlNode.Scalar s) {
      try {
        return Integer.parseInt(s.text().trim());
      } catch (NumberFormatException e) {
        // fall through to the report below
      }
    }
    invalid(key, "expected an integer, got " + quote(node));
    return null;
  }

  public int integer(String key, int absent) {
    Integer i = integer(key);
    return i == null ? absent : i;
  }

  public Boolean bool(String key) {
    YamlNode node = value(key);
    if (node == null) {
      return null;
    }
    if (node instanceof YamlNode.Scalar s) {
      String t = s.text().trim();
      if (t.equalsIgnoreCase("true")) {
        return Boolean.TRUE;
      }
      if (t.equalsIgnoreCase("false")) {
        return Boolean.FALSE;
      }
    }
    invalid(key, "expected true or false, got " + quote(node));
    return null;
  }

  public boolean bool(String key, boolean absent) {
    Boolean b = bool(key);
    return b == null ? absent : b;
  }

  /** A list of scalars; a single scalar is accepted as a list of one. Null when absent. */
  public List<String> texts(String key) {
    YamlNode node = value(key);
    if (node == null) {
      return null;
    }
    if (node instanceof YamlNode.Scalar s) {
      return List.of(s.text());
    }
    if (node instanceof YamlNode.Sequence seq) {
      List<String> out = new ArrayList<>(seq.items().size());
      for (int i = 0; i < seq.items().size(); i++) {
        YamlNode item = seq.items().get(i);
        if (item instanceof YamlNode.Scalar s && s.type() != YamlNode.ScalarType.NULL) {
          out.add(s.text());
        } else {
          problems.accept(new YamlProblem(item.mark(), pathOf(key) + "[" + i + "]", YamlProblem.Kind.INVALID,
              "expected a single value, got " + item.describe()));
        }
      }
      return out;
    }
    invalid(key, "expected a list, got " + node.describe());
    return null;
  }

  public List<String> texts(String key, List<String> absent) {
    List<String> t = texts(key);
    return t == null ? absent : t;
  }

  /** The nested mapping under {@code key}; an empty, not-{@link #present()} reader when absent. */
  public MappingReader mapping(String key) {
    YamlNode.Entry e = mapping.entries().get(key);
    if (e == null) {
      return new MappingReader(new YamlNode.Mapping(Map.of(), mapping.mark()), pathOf(key), problems, false);
    }
    return of(e.value(), pathOf(key), problems);
  }

  /** The items of the list under {@code key}; empty when absent or not a list (reported). */
  public List<YamlNode> items(String key) {
    YamlNode node = value(key);
    if (node == null) {
      return List.of();
    }
    if (node instanceof YamlNode.Sequence seq) {
      return seq.items();
    }
    invalid(key, "expected a list, got " + node.describe());
    return List.of();
  }

  private YamlNode value(String key) {
    YamlNode.Entry e = mapping.entries().get(key);
    if (e == null || (e.value() instanceof YamlNode.Scalar s && s.type() == YamlNode.ScalarType.NULL)) {
      return null;
    }
    return e.value();
  }

  private static String quote(YamlNode node) {
    return node instanceof YamlNode.Scalar s ? "\"" + s.text() + "\"" : node.describe();
  }
}
