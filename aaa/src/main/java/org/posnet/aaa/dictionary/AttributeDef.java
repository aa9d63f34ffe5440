package org.posnet.aaa.dictionary;

import java.util.Map;

/**
 * One dictionary attribute. {@code encrypt} is FreeRADIUS's: 1 User-Password, 2 Tunnel-Password,
 * 3 Ascend secret; 0 none.
 */
public record AttributeDef(String name, int vendor, int type, AttributeType dataType, boolean hasTag, int encrypt, Map<Long, String> values) {
  public AttributeDef {
    values = Map.copyOf(values);
  }

  public boolean secret() {
    return encrypt != 0;
  }
}
