package org.posnet.vpdn.lac;

import java.util.List;

/** The carrier AAA's verdict on a terminal: accepted with its tunnel alternatives (best first), or rejected. */
public record CarrierAnswer(boolean accepted, String message, List<TunnelEndpoint> endpoints) {
  public CarrierAnswer {
    endpoints = List.copyOf(endpoints);
  }
}
