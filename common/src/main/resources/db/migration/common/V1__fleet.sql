-- The fleet: what `posnet provision` writes and the AAA, LNS and host read.
-- SQL that H2 (MODE=PostgreSQL) and PostgreSQL both run: no RETURNING, no ON CONFLICT DO UPDATE,
-- no arrays. Short lists (tunnel endpoints, LAC names, DNS servers) are comma-separated text: their
-- items are IPv4 addresses and host names, which never hold a comma.
-- Columns ending in _sealed hold "lmk1:..." text sealed under the local master key, never clear.

CREATE TABLE institution (
  code        VARCHAR(8)   NOT NULL PRIMARY KEY,
  name        VARCHAR(200) NOT NULL,
  updated_at  TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL
);

CREATE TABLE vpdn_domain (
  name                    VARCHAR(253)  NOT NULL PRIMARY KEY,
  endpoints               VARCHAR(1000) NOT NULL,
  tunnel_password_sealed  VARCHAR(512)  NOT NULL,
  lacs                    VARCHAR(2000) NOT NULL,
  pool                    VARCHAR(18)   NOT NULL,
  dns                     VARCHAR(1000) NOT NULL,
  updated_at              TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL
);

CREATE TABLE nas_client (
  name           VARCHAR(64)  NOT NULL PRIMARY KEY,
  address        VARCHAR(18)  NOT NULL,
  secret_sealed  VARCHAR(512) NOT NULL,
  role           VARCHAR(3)   NOT NULL,
  updated_at     TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL,
  CONSTRAINT nas_client_role_ck CHECK (role IN ('lac', 'lns')),
  CONSTRAINT nas_client_address_uq UNIQUE (address)
);

CREATE TABLE merchant (
  id                  VARCHAR(15)  NOT NULL PRIMARY KEY,
  name                VARCHAR(200) NOT NULL,
  mcc                 VARCHAR(4)   NOT NULL,
  licence             VARCHAR(18),
  legal_person        VARCHAR(100),
  address             VARCHAR(500),
  area                VARCHAR(6),
  geo_lat             DOUBLE PRECISION,
  geo_lon             DOUBLE PRECISION,
  geo_radius_m        INTEGER,
  settlement_number   VARCHAR(32),
  settlement_holder   VARCHAR(200),
  updated_at          TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL
);

CREATE TABLE terminal (
  id           VARCHAR(8)   NOT NULL PRIMARY KEY,
  merchant_id  VARCHAR(15)  NOT NULL,
  serial       VARCHAR(64),
  model        VARCHAR(64),
  key_scheme   VARCHAR(4)   NOT NULL,
  tmk_sealed   VARCHAR(512) NOT NULL,
  status       VARCHAR(16)  NOT NULL,
  updated_at   TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL,
  CONSTRAINT terminal_merchant_fk FOREIGN KEY (merchant_id) REFERENCES merchant (id),
  CONSTRAINT terminal_key_scheme_ck CHECK (key_scheme IN ('3DES', 'SM4')),
  CONSTRAINT terminal_status_ck CHECK (status IN ('active', 'suspended', 'disabled'))
);
CREATE INDEX terminal_merchant_ix ON terminal (merchant_id);

-- One SIM per terminal; the VPDN user (user@domain) and IMSI are unique across the fleet.
CREATE TABLE sim (
  terminal_id      VARCHAR(8)   NOT NULL PRIMARY KEY,
  imsi             VARCHAR(15)  NOT NULL,
  msisdn           VARCHAR(16)  NOT NULL,
  vpdn_user        VARCHAR(255) NOT NULL,
  domain           VARCHAR(253) NOT NULL,
  password_sealed  VARCHAR(512) NOT NULL,
  status           VARCHAR(16)  NOT NULL,
  updated_at       TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL,
  CONSTRAINT sim_terminal_fk FOREIGN KEY (terminal_id) REFERENCES terminal (id),
  CONSTRAINT sim_domain_fk FOREIGN KEY (domain) REFERENCES vpdn_domain (name),
  CONSTRAINT sim_imsi_uq UNIQUE (imsi),
  CONSTRAINT sim_vpdn_user_uq UNIQUE (vpdn_user),
  CONSTRAINT sim_status_ck CHECK (status IN ('active', 'suspended', 'disabled'))
);

-- Accounts of the on-us issuer. balance_fen is the provisioned balance in fen (minor units).
CREATE TABLE card (
  pan          VARCHAR(19)  NOT NULL PRIMARY KEY,
  expiry       VARCHAR(4)   NOT NULL,
  pin_sealed   VARCHAR(512) NOT NULL,
  balance_fen  BIGINT       NOT NULL,
  currency     VARCHAR(3)   DEFAULT '156' NOT NULL,
  kind         VARCHAR(6)   NOT NULL,
  updated_at   TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL,
  CONSTRAINT card_kind_ck CHECK (kind IN ('debit', 'credit'))
);
