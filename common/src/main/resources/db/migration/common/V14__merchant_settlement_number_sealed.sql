-- A merchant's settlement bank account number is sealed under the LMK like the fleet's other secrets
-- (settlement_number_sealed, "lmk1:..."): it is personal financial information (a bank account), and the T+1
-- settlement file is the only place that needs it in clear. The numbers rows already hold are sealed in Java on
-- the first start after this (FleetStore#sealSettlementNumbers), which empties settlement_number; nothing
-- writes that column any more.
ALTER TABLE merchant ADD COLUMN settlement_number_sealed VARCHAR(512);
