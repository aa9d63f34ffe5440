-- The acquiring host's journal (owned by the host module). Every answer the host gives that changes
-- or records state (sign-on with its sealed working keys, sign-off, each financial request approved or
-- declined after its MAC was verified, settlement, batch upload) is one row, written by a group-commit
-- writer before the reply leaves. On start the host replays the rows in seq order to rebuild sessions,
-- balances, holds, PIN tries and the answers it must repeat; nothing else is stored.
-- Working keys in detail are sealed under the LMK (never clear); there is no PIN or PIN block here.

CREATE TABLE host_journal (
  seq            BIGINT       NOT NULL PRIMARY KEY,
  at             TIMESTAMP WITH TIME ZONE NOT NULL,
  txn_type       VARCHAR(20)  NOT NULL,
  reason         VARCHAR(24)  NOT NULL,
  response_code  VARCHAR(2)   NOT NULL,
  terminal_id    VARCHAR(8)   NOT NULL,
  merchant_id    VARCHAR(15)  NOT NULL,
  mti            VARCHAR(4)   NOT NULL,
  batch          VARCHAR(6)   NOT NULL,
  trace          VARCHAR(6)   NOT NULL,
  pan            VARCHAR(19),
  amount_fen     BIGINT       NOT NULL,
  rrn            VARCHAR(12),
  auth_code      VARCHAR(6),
  original_seq   BIGINT       NOT NULL,
  pin_tries      INTEGER      NOT NULL,
  fingerprint    VARCHAR(64),
  detail         VARCHAR(4000)
);
CREATE INDEX host_journal_batch_ix ON host_journal (terminal_id, batch);
