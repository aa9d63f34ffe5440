package org.posnet.common.fleet;

/** A provisioned zone key as the host reads it: the key stays sealed ({@code lmk1:…}) until the HSM opens it. */
public record StoredZoneKey(String name, String scheme, String keySealed, String checkValue) {
  @Override
  public String toString() {
    return "StoredZoneKey[" + name + " " + scheme + " kcv=" + checkValue + "]";
  }
}
