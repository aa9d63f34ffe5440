-- Terminal parameters (参数下载) and status (状态上送), owned by the host until the TMS takes them over, and the
-- zone keys of the issuer links (provisioned from the fleet file, sealed like TMKs).

-- The stored parameter set of a terminal; a terminal without a row gets the host's defaults (version 0).
-- version grows by one on every change, so the host can tell a terminal that holds an older set to download.
-- merchant_name NULL = the fleet's merchant name. Lists are comma-separated (addresses ip:port, phone numbers).
CREATE TABLE terminal_parameter_set (
  terminal_id           VARCHAR(8)   NOT NULL PRIMARY KEY,
  version               BIGINT       NOT NULL,
  merchant_name         VARCHAR(100),
  txn_timeout_s         INTEGER      NOT NULL,
  dial_retries          INTEGER      NOT NULL,
  reversal_retries      INTEGER      NOT NULL,
  host_addresses        VARCHAR(200) NOT NULL,
  host_phones           VARCHAR(200) NOT NULL,
  management_phone      VARCHAR(20)  NOT NULL,
  tip_allowed           BOOLEAN      NOT NULL,
  tip_percent           INTEGER      NOT NULL,
  manual_entry_allowed  BOOLEAN      NOT NULL,
  auto_sign_off         BOOLEAN      NOT NULL,
  updated_at            TIMESTAMP WITH TIME ZONE NOT NULL,
  CONSTRAINT terminal_parameter_set_fk FOREIGN KEY (terminal_id) REFERENCES terminal (id),
  CONSTRAINT terminal_parameter_set_timeout_ck CHECK (txn_timeout_s BETWEEN 1 AND 99)
);

-- What a terminal last told the host: the parameter version it holds (download end 0800/361 or status
-- upload 0820/362) and its last status report (tag=value items, ';'-separated, values without ';').
CREATE TABLE terminal_status (
  terminal_id         VARCHAR(8)    NOT NULL PRIMARY KEY,
  parameter_version   BIGINT,
  version_at          TIMESTAMP WITH TIME ZONE,
  reported_at         TIMESTAMP WITH TIME ZONE,
  report              VARCHAR(2000),
  CONSTRAINT terminal_status_fk FOREIGN KEY (terminal_id) REFERENCES terminal (id)
);

-- Zone keys of issuer links (key ceremony → fleet file → here), referred to by name from posnet.yaml.
-- key_sealed is the clear hex sealed under the local master key ("lmk1:..."), never clear.
-- check_value: first 6 hex digits of E(key, zero block), for operators to compare with the ceremony record.
CREATE TABLE zone_key (
  name          VARCHAR(32)  NOT NULL PRIMARY KEY,
  scheme        VARCHAR(9)   NOT NULL,
  key_sealed    VARCHAR(512) NOT NULL,
  check_value   VARCHAR(6)   NOT NULL,
  updated_at    TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL,
  CONSTRAINT zone_key_scheme_ck CHECK (scheme IN ('TDES_2KEY', 'TDES_3KEY', 'SM4'))
);
