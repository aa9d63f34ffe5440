package org.posnet.common.yaml;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML document as a small tree that keeps the {@link Mark} of every node and key. Jackson's own
 * tree forgets positions, and an operator needs "line 41" to fix a fleet file of 10,000 terminals.
 */
public sealed interface YamlNode permits YamlNode.Scalar, YamlNode.Mapping, YamlNode.Sequence {

  Mark mark();

  /** What the node is, for "expected a mapping, got a list" messages. */
  String describe();

  /** How YAML typed a plain scalar; the original text is always kept, so "5000.00" stays exact. */
  enum ScalarType {
    STRING, INTEGER, DECIMAL, BOOLEAN, NULL
  }

  record Scalar(String text, ScalarType type, Mark mark) implements YamlNode {
    @Override
    public String describe() {
      return switch (type) {
        case NULL -> "null";
        case INTEGER -> "integer " + text;
        case DECIMAL -> "number " + text;
        case BOOLEAN -> "boolean " + text;
        case STRING -> "text";
      };
    }
  }

  /** A key of a mapping with its own mark, so "unknown key" points at the key, not the value. */
  record Entry(String key, Mark keyMark, YamlNode value) {}

  record Mapping(Map<String, Entry> entries, Mark mark) implements YamlNode {
    public Mapping {
      entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
    }

    @Override
    public String describe() {
      return "a mapping";
    }
  }

  record Sequence(List<YamlNode> items, Mark mark) implements YamlNode {
    public Sequence {
      items = List.copyOf(items);
    }

    @Override
    public String describe() {
      return "a list";
    }
  }
}
