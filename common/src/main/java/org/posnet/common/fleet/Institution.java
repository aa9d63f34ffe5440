package org.posnet.common.fleet;

/** The acquiring institution; {@code code} is its 8-digit identification code (ISO 8583 field 32). */
public record Institution(String code, String name) {}
