-- The host's double-entry ledger (owned by the host module), derived from host_journal: each journal
-- entry that moves money becomes one ledger_txn and its ledger_posting legs, keyed by the journal seq so
-- a transaction is posted exactly once however often the journal is replayed. ledger_cursor says how far
-- the journal has been posted (declines and sign-ons post nothing but still advance it); it is updated in
-- the same transaction as the postings, so a restart resumes exactly where the last commit ended.
-- ledger_cutover closes business days: postings made after a cutover never land on a closed day.
-- PANs appear as cardholder account refs (as in host_journal and card); never a PIN or key.

CREATE TABLE ledger_txn (
  journal_seq    BIGINT      NOT NULL PRIMARY KEY,
  business_date  DATE        NOT NULL,
  txn_type       VARCHAR(20) NOT NULL,
  merchant_id    VARCHAR(15) NOT NULL,
  terminal_id    VARCHAR(8)  NOT NULL,
  original_seq   BIGINT      NOT NULL,
  gross_fen      BIGINT      NOT NULL,
  fee_fen        BIGINT      NOT NULL,
  mdr_bps        INTEGER     NOT NULL
);
CREATE INDEX ledger_txn_date_ix ON ledger_txn (business_date, merchant_id);

CREATE TABLE ledger_posting (
  journal_seq   BIGINT      NOT NULL,
  leg           INTEGER     NOT NULL,
  account_kind  VARCHAR(20) NOT NULL,
  account_ref   VARCHAR(19) NOT NULL,
  debit_fen     BIGINT      NOT NULL,
  credit_fen    BIGINT      NOT NULL,
  CONSTRAINT ledger_posting_pk PRIMARY KEY (journal_seq, leg),
  CONSTRAINT ledger_posting_txn_fk FOREIGN KEY (journal_seq) REFERENCES ledger_txn (journal_seq),
  CONSTRAINT ledger_posting_side_ck CHECK (debit_fen >= 0 AND credit_fen >= 0 AND (debit_fen = 0 OR credit_fen = 0))
);
CREATE INDEX ledger_posting_account_ix ON ledger_posting (account_kind, account_ref);

CREATE TABLE ledger_cursor (
  id           INTEGER NOT NULL PRIMARY KEY,
  through_seq  BIGINT  NOT NULL
);
INSERT INTO ledger_cursor (id, through_seq) VALUES (1, 0);

CREATE TABLE ledger_cutover (
  business_date  DATE   NOT NULL PRIMARY KEY,
  through_seq    BIGINT NOT NULL,
  closed_at      TIMESTAMP WITH TIME ZONE NOT NULL
);
