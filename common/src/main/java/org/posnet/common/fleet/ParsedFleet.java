package org.posnet.common.fleet;

import java.io.Reader;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.posnet.common.yaml.Mark;

/**
 * A fleet file as parsed: the records, the problems the parser already found (with positions), and
 * a way back to the text to place later errors precisely.
 */
public final class ParsedFleet {
  private final FleetFile fleet;
  private final String source;
  private final List<FleetError> problems;
  private final Supplier<Reader> text;

  ParsedFleet(FleetFile fleet, String source, List<FleetError> problems, Supplier<Reader> text) {
    this.fleet = fleet;
    this.source = source;
    this.problems = List.copyOf(problems);
    this.text = text;
  }

  /** A fleet built in code (tests, generators, the API): errors carry paths but no line numbers. */
  public static ParsedFleet of(FleetFile fleet) {
    return new ParsedFleet(fleet, "fleet", List.of(), null);
  }

  public FleetFile fleet() {
    return fleet;
  }

  public String source() {
    return source;
  }

  /** Shape and type errors found while parsing; {@link FleetValidator} adds the rest. */
  public List<FleetError> problems() {
    return problems;
  }

  Map<String, Mark> locate(Collection<String> paths) {
    if (text == null || paths.isEmpty()) {
      Map<String, Mark> none = new HashMap<>();
      paths.forEach(p -> none.put(p, Mark.of(source)));
      return none;
    }
    return SourceLocator.locate(source, text.get(), new ArrayList<>(paths));
  }
}
