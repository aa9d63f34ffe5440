-- Whether the ledger's cardholder accounts are all keyed by card tokens (V12): set by the first start that
-- converted the card numbers an older version stored (or found none), so later starts do not scan the day
-- balances for them again (LedgerStore#tokenizeCardholders).
ALTER TABLE ledger_cursor ADD COLUMN cardholders_tokenized BOOLEAN DEFAULT FALSE NOT NULL;
