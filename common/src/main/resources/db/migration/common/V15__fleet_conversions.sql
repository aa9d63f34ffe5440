-- One row per conversion of stored fleet data that needs the LMK and so runs in Java (FleetStore): card numbers
-- to tokens (V12), settlement numbers sealed (V14). Written in the transaction that finished it, so a process
-- opening the fleet later does not scan the card and merchant tables for clear values again.
CREATE TABLE fleet_conversion (
  name     VARCHAR(64)  NOT NULL PRIMARY KEY,
  done_at  TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL
);
