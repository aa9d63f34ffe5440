package org.posnet.common.fleet;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.posnet.common.crypto.MasterKey;
import org.posnet.common.crypto.PanTokens;
import org.posnet.common.money.Money;

/** Cards keyed by their token ({@link PanTokens}): the table never holds a card number. */
final class CardTable implements FleetTable<Card> {
  static final String COLUMNS = "pan_token, expiry, pin_sealed, balance_fen, currency, kind, status";
  private final MasterKey lmk;
  private final PanTokens tokens;

  CardTable(MasterKey lmk) {
    this.lmk = lmk;
    this.tokens = lmk.panTokens();
  }

  @Override
  public String section() {
    return "cards";
  }

  @Override
  public String tableName() {
    return "card";
  }

  @Override
  public String key(Card row) {
    return tokens.token(row.pan());
  }

  /** The stored cards by token; as no number is stored, each is read with its token where the number was. */
  @Override
  public Map<String, Card> load(Handle h, List<String> keys) {
    return h.createQuery("SELECT " + COLUMNS + " FROM card WHERE pan_token IN (<keys>)")
        .bindList("keys", keys)
        .map((rs, ctx) -> new Card(rs.getString("pan_token"), rs.getString("expiry"), lmk.open(rs.getString("pin_sealed")),
            rs.getLong("balance_fen"), CardKind.parse(rs.getString("kind")), CardStatus.parse(rs.getString("status"))))
        .list().stream()
        .collect(Collectors.toMap(Card::pan, c -> c));
  }

  @Override
  public boolean unchanged(Card stored, Card row) {
    return stored.equals(new Card(key(row), row.expiry(), row.pin(), row.balanceFen(), row.kind(), row.status()));
  }

  @Override
  public String insertSql() {
    return "INSERT INTO card (" + COLUMNS + ") VALUES (:token, :expiry, :pin, :balance, :currency, :kind, :status)";
  }

  @Override
  public String updateSql() {
    return "UPDATE card SET expiry = :expiry, pin_sealed = :pin, balance_fen = :balance, currency = :currency,"
        + " kind = :kind, status = :status, updated_at = CURRENT_TIMESTAMP WHERE pan_token = :token";
  }

  @Override
  public void bind(PreparedBatch batch, Card row) {
    batch.bind("token", key(row))
        .bind("expiry", row.expiry())
        .bind("pin", lmk.seal(row.pin()))
        .bind("balance", row.balanceFen())
        .bind("currency", Money.CNY)
        .bind("kind", row.kind().text())
        .bind("status", row.status().text());
  }
}
