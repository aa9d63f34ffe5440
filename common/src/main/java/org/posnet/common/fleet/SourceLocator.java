package org.posnet.common.fleet;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.Reader;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.posnet.common.yaml.Mark;
import org.posnet.common.yaml.YamlTree;

/**
 * Finds where paths like {@code terminals[2].sim.imsi} sit in a YAML text, by a second streaming
 * pass. Keeping a position for every value of a million-terminal file would cost gigabytes; errors
 * are few, so positions are looked up only for them. A path that is absent (a missing key) resolves
 * to its nearest present parent.
 */
final class SourceLocator {
  private SourceLocator() {}

  static Map<String, Mark> locate(String source, Reader text, Collection<String> paths) {
    Set<String> wanted = new HashSet<>();
    for (String path : paths) {
      for (String p = path; p != null; p = parent(p)) {
        wanted.add(p);
      }
    }
    Map<String, Mark> found = new HashMap<>();
    try (JsonParser p = YamlTree.parser(text)) {
      JsonToken token;
      while ((token = p.nextToken()) != null) {
        if (token == JsonToken.FIELD_NAME || token == JsonToken.END_OBJECT || token == JsonToken.END_ARRAY) {
          continue;
        }
        JsonStreamContext ctx = p.getParsingContext();
        String path = elementPath(token.isStructStart() ? ctx.getParent() : ctx);
        if (wanted.contains(path)) {
          found.putIfAbsent(path, YamlTree.mark(p, source));
        }
      }
    } catch (IOException e) {
      // The text parsed once already; if it cannot be re-read, errors fall back to the file name.
    }
    Map<String, Mark> out = new HashMap<>();
    for (String path : paths) {
      Mark mark = null;
      for (String p = path; p != null && mark == null; p = parent(p)) {
        mark = found.get(p);
      }
      out.put(path, mark == null ? new Mark(source, 1, 1) : mark);
    }
    return out;
  }

  /** {@code a.b[2].c} → {@code a.b[2]} → {@code a.b} → {@code a} → {@code ""} → null. */
  static String parent(String path) {
    if (path.isEmpty()) {
      return null;
    }
    int cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
    return cut < 0 ? "" : path.substring(0, cut);
  }

  /** The path of the element a container context currently points at. */
  private static String elementPath(JsonStreamContext ctx) {
    if (ctx == null || ctx.inRoot()) {
      return "";
    }
    String container = elementPath(ctx.getParent());
    if (ctx.inArray()) {
      return container + "[" + Math.max(0, ctx.getCurrentIndex()) + "]";
    }
    String name = ctx.getCurrentName();
    return container.isEmpty() ? name : container + "." + name;
  }
}
