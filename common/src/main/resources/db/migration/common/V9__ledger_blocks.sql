-- The ledger stores its transactions in blocks: one ledger_block row holds a run of transactions, the
-- journal seqs first_seq..last_seq (with gaps where entries posted nothing), each with its legs as
-- posted, in a compact binary form (LedgerBlock; the format is the body's first byte). One row per
-- transaction was the ledger's largest cost left (a B-tree row, undo entry and page write each).
-- ledger_balance is unchanged and still written in the same transaction as the blocks and the cursor.
-- Exactly once: a save moves the cursor only if it is below the save's first seq, in the same
-- transaction, so no seq can be stored twice. Rows a ledger stored in ledger_txn (and, before V8, in
-- ledger_posting) are moved into blocks by the host on its first start (LedgerStore#upgrade); until
-- then LedgerStore reads them as before. Never a PIN or key: account refs are PANs, as before.
CREATE TABLE ledger_block (
  first_seq  BIGINT  NOT NULL PRIMARY KEY,
  last_seq   BIGINT  NOT NULL,
  txns       INTEGER NOT NULL,
  body       BYTEA   NOT NULL,
  CONSTRAINT ledger_block_range_ck CHECK (first_seq > 0 AND last_seq >= first_seq AND txns > 0)
);
-- finds the block holding a seq (last_seq >= seq, the lowest)
CREATE UNIQUE INDEX ledger_block_last_ix ON ledger_block (last_seq);

-- How many transactions the ledger holds, moved with the cursor: a start reads it instead of counting
-- every block. Rows still in ledger_txn count (they move into blocks, they are not new).
ALTER TABLE ledger_cursor ADD COLUMN txns BIGINT NOT NULL DEFAULT 0;
UPDATE ledger_cursor SET txns = (SELECT COUNT(*) FROM ledger_txn) WHERE id = 1;
