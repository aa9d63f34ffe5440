-- A card of the on-us issuer can now be stopped: a lost (挂失), stolen or blocked card is kept (its balance,
-- journal and ledger history stay) but no longer honoured; only active cards trade. Cards provisioned
-- before this change stay active. Written by `posnet provision` from the fleet file's optional `status`.
ALTER TABLE card ADD COLUMN status VARCHAR(8) DEFAULT 'active' NOT NULL;
ALTER TABLE card ADD CONSTRAINT card_status_ck CHECK (status IN ('active', 'lost', 'stolen', 'blocked'));
