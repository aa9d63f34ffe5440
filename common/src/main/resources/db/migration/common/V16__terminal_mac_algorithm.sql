-- A 3DES terminal may use another MAC algorithm than the host's policy.mac (fleet file keys.mac): UnionPay ECB,
-- ANSI X9.9 or X9.19. NULL: the host's. SM4 terminals always use the SM4 MAC (the validator refuses a mac for them).
ALTER TABLE terminal ADD COLUMN mac_algorithm VARCHAR(16);
ALTER TABLE terminal ADD CONSTRAINT terminal_mac_algorithm_ck CHECK (mac_algorithm IN ('UNIONPAY_ECB', 'X9_9', 'X9_19'));
