package org.posnet.common.fleet;

/**
 * A POS terminal (终端).
 *
 * @param id 8-character terminal id (ISO 8583 field 41)
 * @param merchant the id of the merchant it belongs to
 * @param sim may be null for a terminal without a wireless link
 */
public record Terminal(
    String id, String merchant, String serial, String model, TerminalKeys keys, Sim sim, Status status) {

  Terminal withoutSim() {
    return new Terminal(id, merchant, serial, model, keys, null, status);
  }
}
