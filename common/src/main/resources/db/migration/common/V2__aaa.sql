-- Accounting sessions of the AAA (RADIUS Accounting, RFC 2866), one row per NAS and Acct-Session-Id.
-- Written by the AAA's group-commit writer before the NAS gets its Accounting-Response.
CREATE TABLE aaa_session (
  nas                 VARCHAR(64)   NOT NULL,
  session_id          VARCHAR(253)  NOT NULL,
  nas_address         VARCHAR(45)   NOT NULL,
  user_name           VARCHAR(253)  NOT NULL,
  terminal_id         VARCHAR(8),
  calling_station_id  VARCHAR(64),
  imsi                VARCHAR(15),
  framed_ip           VARCHAR(15),
  location            VARCHAR(253),
  state               VARCHAR(8)    NOT NULL,
  started_at          TIMESTAMP WITH TIME ZONE NOT NULL,
  updated_at          TIMESTAMP WITH TIME ZONE NOT NULL,
  stopped_at          TIMESTAMP WITH TIME ZONE,
  input_octets        BIGINT        NOT NULL,
  output_octets       BIGINT        NOT NULL,
  session_time        BIGINT        NOT NULL,
  terminate_cause     INTEGER       NOT NULL,
  CONSTRAINT aaa_session_pk PRIMARY KEY (nas, session_id),
  CONSTRAINT aaa_session_state_ck CHECK (state IN ('ACTIVE', 'STOPPED', 'EXPIRED'))
);
CREATE INDEX aaa_session_state_ix ON aaa_session (state);
CREATE INDEX aaa_session_user_ix ON aaa_session (user_name, updated_at);
