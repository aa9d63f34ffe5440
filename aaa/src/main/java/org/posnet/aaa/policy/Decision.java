package org.posnet.aaa.policy;

import java.util.List;
import org.posnet.aaa.codec.RadiusAttribute;

/** What the policy answers to an Access-Request. */
public sealed interface Decision {
  /** Accept with these reply attributes (signing, Message-Authenticator and Proxy-State come later). */
  record Accept(List<RadiusAttribute> attributes, Subscriber subscriber, int framedIp) implements Decision {}

  /**
   * Reject. {@code replyMessage} goes to the NAS; {@code reason} to our log (more precise, never a
   * password).
   */
  record Reject(String replyMessage, String reason) implements Decision {}
}
