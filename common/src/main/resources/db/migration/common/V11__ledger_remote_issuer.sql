-- Off-us cards post to the link they were routed to (account kind REMOTE_ISSUER, ref = the link's name, up to
-- 32 characters as host.links[].name allows) instead of a cardholder account per PAN: the acquirer's book has
-- no deposit of another bank's cardholder, and one account per card ever read grew without bound.
ALTER TABLE ledger_balance ALTER COLUMN account_ref SET DATA TYPE VARCHAR(32);
