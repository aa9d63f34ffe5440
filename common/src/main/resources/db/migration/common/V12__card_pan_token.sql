-- The card table no longer holds card numbers (PCI DSS 3.5.1). A card is keyed by its token: its first six
-- and last four digits and a keyed hash of the whole number (PanTokens, key derived from the LMK), e.g.
-- 622848*0018#5f0c2a9e41d7b3c8. The column is renamed and widened here; the numbers rows already hold are
-- replaced by their tokens in Java (FleetStore#tokenizeCards, on the first start after this), since the
-- hash needs the LMK. A value without '#' is a number from before this change.
ALTER TABLE card RENAME COLUMN pan TO pan_token;
ALTER TABLE card ALTER COLUMN pan_token SET DATA TYPE VARCHAR(32);
