package org.posnet.vpdn.lac;

/** What the LAC tells about one call as it goes; called on the LAC's event loop. */
public interface CallObserver {
  void carrierAnswer(CarrierAnswer answer);

  /** {@code ok} false: this endpoint failed; the LAC tries the next one if there is one. */
  void tunnel(boolean ok, String detail);

  void session(boolean ok, String detail);

  /** The LNS spoke in the session for the first time: the bank AAA accepted the proxy credentials. */
  void lnsSpoke();

  /** The call is over on the LAC's side. */
  void ended(String reason);

  static CallObserver silent() {
    return new CallObserver() {
      @Override
      public void carrierAnswer(CarrierAnswer answer) {}

      @Override
      public void tunnel(boolean ok, String detail) {}

      @Override
      public void session(boolean ok, String detail) {}

      @Override
      public void lnsSpoke() {}

      @Override
      public void ended(String reason) {}
    };
  }
}
