package org.posnet.common.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MasterKeyTest {
  private static final byte[] KEY = new byte[32];
  private static final byte[] OTHER = new byte[32];

  static {
    Arrays.fill(KEY, (byte) 7);
    Arrays.fill(OTHER, (byte) 9);
  }

  @Test
  void seal_thenOpen_roundTrips() {
    MasterKey lmk = MasterKey.ofBytes(KEY);
    String sealed = lmk.seal("tunnel-secret 隧道");
    assertThat(sealed).startsWith("lmk1:").doesNotContain("tunnel-secret");
    assertThat(lmk.open(sealed)).isEqualTo("tunnel-secret 隧道");
    byte[] bytes = {0, 1, 2, (byte) 255};
    assertThat(lmk.openBytes(lmk.seal(bytes))).containsExactly(bytes);
    assertThat(lmk.open(lmk.seal(""))).isEmpty();
  }

  @Test
  void seal_usesAFreshIvEachTime() {
    MasterKey lmk = MasterKey.ofBytes(KEY);
    String a = lmk.seal("same");
    String b = lmk.seal("same");
    assertThat(a).isNotEqualTo(b);
    byte[] raw = Base64.getDecoder().decode(a.substring(5));
    assertThat(raw).hasSize(12 + 4 + 16); // IV | ciphertext | tag
  }

  @Test
  void open_tamperedTextIsRefusedWithoutSecrets() {
    MasterKey lmk = MasterKey.ofBytes(KEY);
    byte[] raw = Base64.getDecoder().decode(lmk.seal("pin-123456").substring(5));
    raw[raw.length - 20] ^= 1;
    String tampered = "lmk1:" + Base64.getEncoder().encodeToString(raw);
    assertThatThrownBy(() -> lmk.open(tampered))
        .isInstanceOf(SealException.class)
        .hasMessageContaining("tampered, or sealed under another master key")
        .hasMessageNotContaining("pin-123456")
        .hasMessageNotContaining(tampered.substring(5, 20))
        .hasMessageNotContaining(HexFormat.of().formatHex(KEY));
  }

  @Test
  void open_foreignKeyIsRefused() {
    String sealed = MasterKey.ofBytes(OTHER).seal("lns-secret");
    assertThatThrownBy(() -> MasterKey.ofBytes(KEY).open(sealed))
        .isInstanceOf(SealException.class)
        .hasMessageContaining("check value is " + MasterKey.ofBytes(KEY).checkValue());
  }

  @Test
  void open_malformedTextIsRefused() {
    MasterKey lmk = MasterKey.ofBytes(KEY);
    assertThatThrownBy(() -> lmk.open("clear-password")).isInstanceOf(SealException.class).hasMessageContaining("lmk1:");
    assertThatThrownBy(() -> lmk.open("lmk1:@@@")).isInstanceOf(SealException.class).hasMessageContaining("base64");
    assertThatThrownBy(() -> lmk.open("lmk1:AAAA")).isInstanceOf(SealException.class).hasMessageContaining("too short");
  }

  @Test
  void toString_showsOnlyTheCheckValue() {
    MasterKey lmk = MasterKey.ofBytes(KEY);
    assertThat(lmk.toString()).isEqualTo("MasterKey[kcv=" + lmk.checkValue() + "]");
    assertThat(lmk.checkValue()).matches("[0-9A-F]{6}");
    assertThat(lmk.toString()).doesNotContain(HexFormat.of().formatHex(KEY)).doesNotContain("0707");
    assertThat(MasterKey.ofBytes(OTHER).checkValue()).isNotEqualTo(lmk.checkValue());
  }

  @Test
  void ofBytes_refusesWrongLengthAndCopiesTheArray() {
    assertThatThrownBy(() -> MasterKey.ofBytes(new byte[16])).hasMessageContaining("32 bytes");
    byte[] key = KEY.clone();
    MasterKey lmk = MasterKey.ofBytes(key);
    String sealed = lmk.seal("x");
    Arrays.fill(key, (byte) 0);
    assertThat(lmk.open(sealed)).isEqualTo("x");
  }

  @Test
  void loadOrCreate_createsAPrivateFileOnceAndLoadsItAfter(@TempDir Path dir) throws Exception {
    Path data = dir.resolve("nested/data");
    MasterKey first = MasterKey.loadOrCreate(data);
    Path file = data.resolve("lmk");
    assertThat(Files.size(file)).isEqualTo(32);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    assertThat(Files.list(data)).containsExactly(file); // no temp file left behind
    MasterKey again = MasterKey.loadOrCreate(data);
    assertThat(again.checkValue()).isEqualTo(first.checkValue());
    assertThat(again.open(first.seal("s3cret"))).isEqualTo("s3cret");
  }

  @Test
  void loadOrCreate_refusesADamagedFile(@TempDir Path dir) throws Exception {
    Files.write(dir.resolve("lmk"), "short".getBytes(StandardCharsets.US_ASCII));
    assertThatThrownBy(() -> MasterKey.loadOrCreate(dir))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("holds 5 bytes, expected 32")
        .hasMessageContaining("restore it from backup");
  }
}
