package org.posnet.common.crypto;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Set;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local master key (LMK): seals secrets at rest (RADIUS secrets, VPDN passwords, TMKs, PINs)
 * with AES-256-GCM. It lives in the file {@code <data>/lmk}, outside the database, so a copy of the
 * database alone discloses no secret.
 *
 * <p>Sealed text is {@code lmk1:} + base64(12-byte random IV | ciphertext | 16-byte tag). The
 * version prefix leaves room for rotating to another key or algorithm later.
 */
public final class MasterKey {
  public static final String FILE_NAME = "lmk";
  private static final String PREFIX = "lmk1:";
  private static final int KEY_BYTES = 32;
  private static final int IV_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final Logger log = LoggerFactory.getLogger(MasterKey.class);
  /**
   * IVs come from an in-process DRBG: the platform default (NativePRNG) reads /dev/urandom under a
   * global lock on every call, which made sealing a million SIM passwords take minutes.
   */
  private static final SecureRandom RANDOM = drbg();
  /** Cipher lookup costs more than sealing a short secret; each thread keeps one. */
  private static final ThreadLocal<Cipher> CIPHERS = ThreadLocal.withInitial(MasterKey::newCipher);

  private final SecretKeySpec key;
  private final String checkValue;
  /** Made on first use; two threads making it at once make equal ones. */
  private volatile PanTokens tokens;

  private MasterKey(byte[] keyBytes) {
    if (keyBytes.length != KEY_BYTES) {
      throw new IllegalArgumentException("a master key is " + KEY_BYTES + " bytes, got " + keyBytes.length);
    }
    this.key = new SecretKeySpec(keyBytes.clone(), "AES");
    this.checkValue = computeCheckValue(keyBytes);
  }

  /** For tests and key ceremonies: a key from its 32 bytes (copied). */
  public static MasterKey ofBytes(byte[] keyBytes) {
    return new MasterKey(keyBytes);
  }

  /**
   * Loads {@code <dataDir>/lmk}, or creates it (32 random bytes, mode 0600) on first start. Two
   * processes starting at once agree on one key: the file appears atomically, and the loser reads
   * the winner's.
   */
  public static MasterKey loadOrCreate(Path dataDir) {
    Path file = dataDir.resolve(FILE_NAME);
    try {
      if (!Files.exists(file)) {
        create(dataDir, file);
      }
      return load(file);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read or create the master key " + file + ": " + e.getMessage(), e);
    }
  }

  private static void create(Path dataDir, Path file) throws IOException {
    Files.createDirectories(dataDir);
    byte[] bytes = new byte[KEY_BYTES];
    RANDOM.nextBytes(bytes);
    Path tmp = dataDir.resolve(FILE_NAME + ".tmp-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
    try {
      createPrivateFile(tmp);
      Files.write(tmp, bytes);
      try {
        // A hard link fails if the name exists, where a rename would silently replace a key
        // another process created a moment ago and already sealed secrets with.
        Files.createLink(file, tmp);
      } catch (FileAlreadyExistsException lostRace) {
        return;
      } catch (UnsupportedOperationException | IOException noLinks) {
        if (!Files.exists(file)) {
          Files.move(tmp, file);
        }
      }
      log.info("event=lmk.created file={}", file);
    } finally {
      Arrays.fill(bytes, (byte) 0);
      Files.deleteIfExists(tmp);
    }
  }

  private static void createPrivateFile(Path tmp) throws IOException {
    if (tmp.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      Files.createFile(tmp, PosixFilePermissions.asFileAttribute(
          Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE)));
    } else {
      Files.createFile(tmp);
    }
  }

  private static MasterKey load(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    try {
      if (bytes.length != KEY_BYTES) {
        throw new IllegalStateException("master key file " + file + " holds " + bytes.length + " bytes, expected "
            + KEY_BYTES + ": restore it from backup (deleting it makes every sealed secret unreadable)");
      }
      if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
        if (perms.stream().anyMatch(p -> p.name().startsWith("GROUP") || p.name().startsWith("OTHERS"))) {
          log.warn("event=lmk.permissions file={} mode={} advice=\"chmod 600 {}\"", file,
              PosixFilePermissions.toString(perms), file);
        }
      }
      return new MasterKey(bytes);
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }

  public String seal(String clear) {
    return seal(clear.getBytes(StandardCharsets.UTF_8));
  }

  public String seal(byte[] clear) {
    byte[] iv = new byte[IV_BYTES];
    RANDOM.nextBytes(iv);
    try {
      Cipher cipher = CIPHERS.get();
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
      byte[] out = new byte[IV_BYTES + cipher.getOutputSize(clear.length)];
      System.arraycopy(iv, 0, out, 0, IV_BYTES);
      cipher.doFinal(clear, 0, clear.length, out, IV_BYTES);
      return PREFIX + Base64.getEncoder().encodeToString(out);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM unavailable in this JVM", e);
    }
  }

  /** True when {@code text} has the form {@link #seal} gives (it may still fail to open: damaged, or another key's). */
  public static boolean isSealed(String text) {
    return text != null && text.startsWith(PREFIX);
  }

  public String open(String sealed) {
    return new String(openBytes(sealed), StandardCharsets.UTF_8);
  }

  public byte[] openBytes(String sealed) {
    if (sealed == null || !sealed.startsWith(PREFIX)) {
      throw new SealException("not a sealed value (expected the lmk1: prefix)");
    }
    byte[] raw;
    try {
      raw = Base64.getDecoder().decode(sealed.substring(PREFIX.length()));
    } catch (IllegalArgumentException e) {
      throw new SealException("sealed value is not valid base64: damaged");
    }
    if (raw.length < IV_BYTES + TAG_BITS / 8) {
      throw new SealException("sealed value is too short: truncated");
    }
    try {
      Cipher cipher = CIPHERS.get();
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, raw, 0, IV_BYTES));
      return cipher.doFinal(raw, IV_BYTES, raw.length - IV_BYTES);
    } catch (AEADBadTagException e) {
      throw new SealException("sealed value failed authentication: tampered, or sealed under another master key (this key's check value is "
          + checkValue + ")");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM unavailable in this JVM", e);
    }
  }

  /**
   * The card-number tokens of this LMK: an HMAC-SHA256 key derived from it under its own label, so a token
   * never discloses anything about the key that seals secrets, and a copy of the database without the
   * {@code lmk} file cannot be searched for a card number.
   */
  public PanTokens panTokens() {
    PanTokens t = tokens;
    if (t != null) {
      return t;
    }
    byte[] raw = key.getEncoded();
    byte[] derived = null;
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(raw, "HmacSHA256"));
      derived = mac.doFinal("posnet-pan-token-v1".getBytes(StandardCharsets.US_ASCII));
      t = new PanTokens(derived);
      tokens = t;
      return t;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable in this JVM", e);
    } finally {
      Arrays.fill(raw, (byte) 0);
      if (derived != null) {
        Arrays.fill(derived, (byte) 0);
      }
    }
  }

  /**
   * A short public fingerprint of the key (first 3 bytes of SHA-256 over a fixed label), so
   * operators can tell two keys apart without revealing either.
   */
  public String checkValue() {
    return checkValue;
  }

  @Override
  public String toString() {
    return "MasterKey[kcv=" + checkValue + "]";
  }

  private static Cipher newCipher() {
    try {
      return Cipher.getInstance("AES/GCM/NoPadding");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM unavailable in this JVM", e);
    }
  }

  private static SecureRandom drbg() {
    try {
      return SecureRandom.getInstance("DRBG");
    } catch (GeneralSecurityException e) {
      return new SecureRandom();
    }
  }

  private static String computeCheckValue(byte[] keyBytes) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update("posnet-lmk-check".getBytes(StandardCharsets.US_ASCII));
      byte[] digest = sha.digest(keyBytes);
      return HexFormat.of().withUpperCase().formatHex(digest, 0, 3);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 unavailable in this JVM", e);
    }
  }
}
