-- The ledger stores each transaction's legs with the transaction (ledger_txn.legs: one line per leg,
-- "D|C KIND REF FEN" joined by ';') and keeps account balances per business day in ledger_balance,
-- updated in the same transaction as the rows and the cursor. One row per transaction instead of one
-- per leg (five for a sale) was the difference between the host keeping up with its terminals or not.
-- ledger_posting is no longer written; rows a ledger wrote before this change are moved into legs and
-- balances by the host on its first start (LedgerStore#upgrade), then the table is left empty.
ALTER TABLE ledger_txn ADD COLUMN legs VARCHAR(1000);

CREATE TABLE ledger_balance (
  business_date  DATE        NOT NULL,
  account_kind   VARCHAR(20) NOT NULL,
  account_ref    VARCHAR(19) NOT NULL,
  debit_fen      BIGINT      NOT NULL,
  credit_fen     BIGINT      NOT NULL,
  legs           BIGINT      NOT NULL,
  CONSTRAINT ledger_balance_pk PRIMARY KEY (business_date, account_kind, account_ref)
);
CREATE INDEX ledger_balance_account_ix ON ledger_balance (account_kind, account_ref);

-- Settlement reads a day as the journal-seq range between two cutovers (LedgerStore#day), so the date
-- index is not needed, and each posting no longer pays for it.
DROP INDEX ledger_txn_date_ix;
