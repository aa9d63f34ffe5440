-- Merchant payouts the bank confirmed: one row per merchant and settled business day, the transfer of that day's
-- PAY line (its due_amount) to the merchant's settlement account. Each row is the posting Dr MERCHANT_PAYABLE
-- (merchant) / Cr RESERVE_CUSTODY of amount_fen: the reserve account paid the merchant (rules.md RES-LINK: the
-- debit of reserve funds names the settlement line it pays and the bank's transfer reference). Kept apart from
-- ledger_balance, which holds only what the journal posted and is rebuilt from it; a rebuild keeps this table.
CREATE TABLE ledger_payout (
  business_date  DATE         NOT NULL,
  merchant_id    VARCHAR(15)  NOT NULL,
  amount_fen     BIGINT       NOT NULL,
  reference      VARCHAR(64)  NOT NULL,
  confirmed_at   TIMESTAMP WITH TIME ZONE NOT NULL,
  PRIMARY KEY (business_date, merchant_id),
  CONSTRAINT ledger_payout_amount_ck CHECK (amount_fen > 0)
);
