package org.posnet.aaa.policy;

import org.posnet.aaa.codec.SharedSecret;

/** A configured RADIUS client (NAS): where it sends from, its secret, and its role. */
public record Nas(String name, Cidr network, SharedSecret secret, NasRole role) {}
