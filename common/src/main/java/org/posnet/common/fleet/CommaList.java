package org.posnet.common.fleet;

import java.util.Arrays;
import java.util.List;

/** Short lists of addresses and host names as one column; their items never hold a comma. */
final class CommaList {
  private CommaList() {}

  static String join(List<String> items) {
    return String.join(",", items);
  }

  static List<String> split(String column) {
    return column == null || column.isEmpty() ? List.of() : Arrays.asList(column.split(","));
  }
}
