package org.posnet.vpdn.dataplane;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;

/** The few libc calls the data plane needs; errors come back as {@link LastErrorException} (errno). */
final class LibC {
  static final int O_RDWR = 2;
  static final int O_RDONLY = 0;
  static final int O_CLOEXEC = 0x80000;
  static final long TUNSETIFF = 0x400454caL;
  static final short IFF_TUN = 0x0001;
  static final short IFF_NO_PI = 0x1000;
  static final int IFNAMSIZ = 16;
  static final int CLONE_NEWNET = 0x40000000;
  static final short POLLIN = 0x1;
  static final int EINTR = 4;
  static final int EAGAIN = 11;

  static {
    Native.register(LibC.class, "c");
  }

  private LibC() {}

  static native int open(String path, int flags) throws LastErrorException;

  static native int close(int fd) throws LastErrorException;

  /** {@code ifreq} is passed as 40 raw bytes: name[16] then the flags short (x86-64 and arm64 are little endian). */
  static native int ioctl(int fd, NativeLong request, byte[] ifreq) throws LastErrorException;

  static native NativeLong read(int fd, byte[] buffer, NativeLong count) throws LastErrorException;

  static native NativeLong write(int fd, byte[] buffer, NativeLong count) throws LastErrorException;

  /** {@code struct pollfd} as two ints: fd, then events (low half) | revents (high half). */
  static native int poll(int[] pollfd, NativeLong count, int timeoutMillis) throws LastErrorException;

  static native int setns(int fd, int nstype) throws LastErrorException;
}
