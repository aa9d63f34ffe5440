package org.posnet.common.fleet;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Counts per section ({@link #SECTIONS}) of one provisioning run. A second run of the same file
 * reports everything unchanged.
 */
public record ProvisionResult(Map<String, SectionCounts> sections) {
  public static final List<String> SECTIONS =
      List.of("institution", "domains", "nas", "merchants", "terminals", "sims", "cards", "zoneKeys");

  public ProvisionResult {
    sections = Collections.unmodifiableMap(new LinkedHashMap<>(sections));
  }

  /** Counts of one section; all zero when the file had none. */
  public SectionCounts section(String name) {
    return sections.getOrDefault(name, new SectionCounts(0, 0, 0));
  }

  /** Whether anything was inserted or updated. */
  public boolean changed() {
    return sections.values().stream().anyMatch(c -> c.inserted() + c.updated() > 0);
  }

  /** One line per section, for the CLI. */
  @Override
  public String toString() {
    return sections.entrySet().stream()
        .map(e -> e.getKey() + ": " + e.getValue())
        .collect(Collectors.joining("\n"));
  }
}
