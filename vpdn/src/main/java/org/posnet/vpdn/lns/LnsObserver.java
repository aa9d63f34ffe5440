package org.posnet.vpdn.lns;

import java.net.Inet4Address;
import org.posnet.vpdn.l2tp.codec.ResultCode;

/**
 * What happens on the LNS, for the event bus, the console's trace and tests. Called on the LNS's
 * event loop: keep it quick.
 */
public interface LnsObserver {
  default void tunnelUp(String lacHostName, int tunnelId) {}

  default void tunnelDown(String lacHostName, int tunnelId, ResultCode reason) {}

  default void callOnline(String user, Inet4Address address, String acctSessionId) {}

  /** {@code terminateCause}: the Acct-Terminate-Cause of its Stop (0 when it never came online). */
  default void callDown(String user, String acctSessionId, ResultCode reason, int terminateCause) {}
}
