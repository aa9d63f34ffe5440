package org.posnet.common.yaml;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads YAML into {@link YamlNode}s with Jackson's streaming parser, keeping token positions.
 *
 * <p>Large documents (a fleet of a million terminals) are read one list item at a time with {@link
 * #readNode}, so only the item being converted is ever held as a tree.
 */
public final class YamlTree {
  private static final YAMLFactory FACTORY = YAMLFactory.builder().build();

  private YamlTree() {}

  public static JsonParser parser(Reader reader) throws IOException {
    return FACTORY.createParser(reader);
  }

  /** The whole document as a tree; an empty document is an empty mapping (every key optional). */
  public static YamlNode parse(String source, String text) throws YamlSyntaxException {
    try (JsonParser p = parser(new StringReader(text))) {
      JsonToken first = p.nextToken();
      if (first == null) {
        return new YamlNode.Mapping(Map.of(), new Mark(source, 1, 1));
      }
      return readNode(p, source);
    } catch (JsonProcessingException e) {
      throw syntaxError(source, e);
    } catch (IOException e) {
      throw new YamlSyntaxException(Mark.of(source), "cannot read: " + e.getMessage());
    }
  }

  /** Reads the node starting at the parser's current token and leaves the parser on its last token. */
  public static YamlNode readNode(JsonParser p, String source) throws IOException, YamlSyntaxException {
    Mark mark = mark(p, source);
    JsonToken token = p.currentToken();
    switch (token) {
      case START_OBJECT -> {
        Map<String, YamlNode.Entry> entries = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String key = p.currentName();
          Mark keyMark = mark(p, source);
          p.nextToken();
          YamlNode value = readNode(p, source);
          if (entries.putIfAbsent(key, new YamlNode.Entry(key, keyMark, value)) != null) {
            throw new YamlSyntaxException(keyMark, "duplicate key '" + key + "'");
          }
        }
        return new YamlNode.Mapping(entries, mark);
      }
      case START_ARRAY -> {
        List<YamlNode> items = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
          items.add(readNode(p, source));
        }
        return new YamlNode.Sequence(items, mark);
      }
      case VALUE_STRING -> {
        return new YamlNode.Scalar(p.getText(), YamlNode.ScalarType.STRING, mark);
      }
      case VALUE_NUMBER_INT -> {
        return new YamlNode.Scalar(p.getText(), YamlNode.ScalarType.INTEGER, mark);
      }
      case VALUE_NUMBER_FLOAT -> {
        return new YamlNode.Scalar(p.getText(), YamlNode.ScalarType.DECIMAL, mark);
      }
      case VALUE_TRUE, VALUE_FALSE -> {
        return new YamlNode.Scalar(p.getText(), YamlNode.ScalarType.BOOLEAN, mark);
      }
      case VALUE_NULL -> {
        return new YamlNode.Scalar("", YamlNode.ScalarType.NULL, mark);
      }
      default -> throw new YamlSyntaxException(mark, "unsupported YAML construct " + token);
    }
  }

  public static Mark mark(JsonParser p, String source) {
    JsonLocation at = p.currentTokenLocation();
    return new Mark(source, Math.max(1, at.getLineNr()), Math.max(1, at.getColumnNr()));
  }

  public static YamlSyntaxException syntaxError(String source, JsonProcessingException e) {
    JsonLocation at = e.getLocation();
    Mark mark = at == null ? Mark.of(source) : new Mark(source, Math.max(1, at.getLineNr()), Math.max(1, at.getColumnNr()));
    String message = e.getOriginalMessage();
    // SnakeYAML messages span several lines with a caret picture; an operator needs the first.
    int newline = message.indexOf('\n');
    return new YamlSyntaxException(mark, "not valid YAML: " + (newline < 0 ? message : message.substring(0, newline)).trim());
  }
}
