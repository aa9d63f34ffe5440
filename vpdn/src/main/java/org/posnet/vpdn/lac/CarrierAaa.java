package org.posnet.vpdn.lac;

import java.util.concurrent.CompletableFuture;
import org.posnet.vpdn.ppp.AuthRequest;

/** Step 2–3 of the call flow: the LAC asks the carrier AAA about a terminal's CHAP answer and IMSI. */
@FunctionalInterface
public interface CarrierAaa {
  CompletableFuture<CarrierAnswer> authorize(AuthRequest credentials, String imsi);
}
