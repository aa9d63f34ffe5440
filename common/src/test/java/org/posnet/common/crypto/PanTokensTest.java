package org.posnet.common.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class PanTokensTest {
  private static final byte[] LMK = new byte[32];

  static {
    for (int i = 0; i < LMK.length; i++) {
      LMK[i] = (byte) (i * 7 + 1);
    }
  }

  private final PanTokens tokens = MasterKey.ofBytes(LMK).panTokens();

  @Test
  void token_isSixStarFourMarkThenTheKeyedHash_computedApartFromTheCode() throws Exception {
    String pan = "6228480000000000018";
    // written from the description: HMAC-SHA256(HMAC-SHA256(lmk, label), pan), first 8 bytes in hex
    Mac derive = Mac.getInstance("HmacSHA256");
    derive.init(new SecretKeySpec(LMK, "HmacSHA256"));
    byte[] key = derive.doFinal("posnet-pan-token-v1".getBytes(StandardCharsets.US_ASCII));
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key, "HmacSHA256"));
    String hash = HexFormat.of().formatHex(mac.doFinal(pan.getBytes(StandardCharsets.US_ASCII))).substring(0, 16);

    assertThat(tokens.token(pan)).isEqualTo("622848*0018#" + hash);
    assertThat(tokens.token(pan)).hasSizeLessThanOrEqualTo(PanTokens.MAX_LENGTH);
    assertThat(tokens.token(pan)).doesNotContain("622848000000");
    assertThat(PanTokens.isToken(tokens.token(pan))).isTrue();
    assertThat(PanTokens.isToken(pan)).isFalse();
  }

  @Test
  void sameCardSameToken_evenFromAnotherInstanceOfTheKey_butAnotherLmkGivesAnother() {
    String pan = "6228480000000000018";
    assertThat(MasterKey.ofBytes(LMK).panTokens().token(pan)).isEqualTo(tokens.token(pan));
    assertThat(tokens.token(pan)).isSameAs(tokens.token(pan)); // from the recent slot
    byte[] other = LMK.clone();
    other[0] ^= 1;
    assertThat(MasterKey.ofBytes(other).panTokens().token(pan)).isNotEqualTo(tokens.token(pan))
        .startsWith("622848*0018#");
  }

  @Test
  void cardsSharingFirstSixAndLastFour_getDistinctTokens_andSlotsSharedByTwoCardsNeverMixThemUp() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 20_000; i++) {
      String pan = "622848" + String.format("%09d", i) + "0018";
      String t = tokens.token(pan);
      assertThat(t).startsWith("622848*0018#");
      assertThat(seen.add(t)).as("token of %s", Redaction.pan(pan)).isTrue();
      assertThat(tokens.token(pan)).isEqualTo(t);
    }
    // 20,000 cards through 4,096 slots: every earlier card still gets its own token back
    for (int i = 0; i < 20_000; i += 997) {
      assertThat(seen).contains(tokens.token("622848" + String.format("%09d", i) + "0018"));
    }
  }

  @Test
  void shortNumbers_showNoDigits_andNothingIsNoCard() {
    assertThat(tokens.token("1234567890")).matches("\\*#[0-9a-f]{16}");
    assertThatThrownBy(() -> tokens.token("")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> tokens.token(null)).isInstanceOf(IllegalArgumentException.class);
    assertThat(tokens.toString()).doesNotContain(HexFormat.of().formatHex(LMK));
  }
}
