package io.bounded.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * A block of IPv4 or IPv6 addresses in CIDR notation, such as {@code 10.0.0.0/8} or {@code
 * ::1/128}. A bare address is a block of one ({@code /32} or {@code /128}). Only address literals
 * are accepted: parsing never looks a name up in DNS, and a host name is refused. IPv4-mapped IPv6
 * blocks ({@code ::ffff:10.0.0.0/104}) are read as the IPv4 block they map ({@code 10.0.0.0/8}), as
 * the JDK reads such addresses.
 *
 * <p>Immutable; equal when address family, network and prefix length are equal.
 */
public final class Cidr {
  private static final String RULE =
      "an IPv4 or IPv6 address or CIDR block such as 10.0.0.0/8 or ::1/128";

  private final byte[] network;
  private final int prefixLength;

  private Cidr(byte[] network, int prefixLength) {
    this.network = network;
    this.prefixLength = prefixLength;
  }

  /**
   * Parses {@code address} or {@code address/prefix-length}.
   *
   * @throws IllegalArgumentException when the text is not an address literal with a prefix length
   *     in range (0..32 for IPv4, 0..128 for IPv6) and no bits set after the prefix; the message is
   *     the rule broken, worded to follow "must be"
   */
  public static Cidr parse(String text) {
    if (text == null) {
      throw new IllegalArgumentException(RULE);
    }
    String s = text.strip();
    int slash = s.indexOf('/');
    String addressPart = slash < 0 ? s : s.substring(0, slash);
    InetAddress address = parseAddress(addressPart);
    if (address == null) {
      throw new IllegalArgumentException(RULE + " (no host names)");
    }
    boolean writtenAsIpv6 = addressPart.indexOf(':') >= 0;
    int writtenMax = writtenAsIpv6 ? 128 : 32;
    int prefix = writtenMax;
    if (slash >= 0) {
      String p = s.substring(slash + 1);
      if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9')) {
        throw new IllegalArgumentException(RULE + " (prefix length 0.." + writtenMax + ")");
      }
      prefix = Integer.parseInt(p);
      if (prefix > writtenMax) {
        throw new IllegalArgumentException(RULE + " (prefix length 0.." + writtenMax + ")");
      }
    }
    byte[] bytes = address.getAddress();
    if (writtenAsIpv6 && bytes.length == 4) {
      // an IPv4-mapped address: the JDK hands it over as IPv4, so its block must be IPv4 too
      if (prefix < 96) {
        throw new IllegalArgumentException(
            RULE + " (an IPv4-mapped block needs a prefix length of 96..128)");
      }
      prefix -= 96;
    }
    byte[] network = mask(bytes, prefix);
    if (!Arrays.equals(network, bytes)) {
      throw new IllegalArgumentException(
          "a CIDR block with no bits set after the prefix length (did you mean "
              + render(network, prefix)
              + "?)");
    }
    return new Cidr(network, prefix);
  }

  /** True when {@code address} is in this block; false for an address of the other family. */
  public boolean contains(InetAddress address) {
    byte[] bytes = address.getAddress();
    return bytes.length == network.length && Arrays.equals(mask(bytes, prefixLength), network);
  }

  /** The first address of the block. */
  public InetAddress network() {
    try {
      return InetAddress.getByAddress(network.clone());
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e); // cannot happen: 4 or 16 bytes
    }
  }

  /** Leading bits shared by every address of the block: 0..32 for IPv4, 0..128 for IPv6. */
  public int prefixLength() {
    return prefixLength;
  }

  /** True for an IPv4 block. */
  public boolean isIpv4() {
    return network.length == 4;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Cidr c
        && c.prefixLength == prefixLength
        && Arrays.equals(c.network, network);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(network) + prefixLength;
  }

  /** The block in CIDR notation, e.g. {@code 10.0.0.0/8} or {@code 0:0:0:0:0:0:0:1/128}. */
  @Override
  public String toString() {
    return render(network, prefixLength);
  }

  /**
   * An IPv4 literal (four decimal parts 0..255, no leading zeros) or an IPv6 literal (no zone, no
   * brackets), or {@code null}. Never a DNS lookup: a string that is not a literal is refused
   * before the JDK sees it.
   */
  static InetAddress parseAddress(String s) {
    if (s == null || s.isEmpty()) {
      return null;
    }
    if (s.indexOf(':') < 0) {
      byte[] v4 = parseIpv4(s);
      if (v4 == null) {
        return null;
      }
      try {
        return InetAddress.getByAddress(v4);
      } catch (UnknownHostException e) {
        return null;
      }
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
      if (!ok && c != ':' && c != '.') {
        return null;
      }
    }
    if (s.indexOf('.') >= 0 && parseIpv4(s.substring(s.lastIndexOf(':') + 1)) == null) {
      return null; // the JDK accepts legacy IPv4 forms in the tail; we do not
    }
    try {
      // Contains ':' and only hex digits, ':' and '.': the JDK parses it as an IPv6 literal or
      // throws,
      // and never falls through to a lookup.
      return InetAddress.getByName(s);
    } catch (UnknownHostException e) {
      return null;
    }
  }

  private static byte[] parseIpv4(String s) {
    String[] parts = s.split("\\.", -1);
    if (parts.length != 4) {
      return null;
    }
    byte[] out = new byte[4];
    for (int i = 0; i < 4; i++) {
      String p = parts[i];
      if (p.isEmpty() || p.length() > 3 || (p.length() > 1 && p.charAt(0) == '0')) {
        return null;
      }
      int v = 0;
      for (int j = 0; j < p.length(); j++) {
        char c = p.charAt(j);
        if (c < '0' || c > '9') {
          return null;
        }
        v = v * 10 + (c - '0');
      }
      if (v > 255) {
        return null;
      }
      out[i] = (byte) v;
    }
    return out;
  }

  private static byte[] mask(byte[] bytes, int prefix) {
    byte[] out = bytes.clone();
    for (int i = 0; i < out.length; i++) {
      int bitsHere = Math.max(0, Math.min(8, prefix - 8 * i));
      out[i] = (byte) (out[i] & (0xFF << (8 - bitsHere)));
    }
    return out;
  }

  private static String render(byte[] network, int prefix) {
    try {
      // getHostAddress formats the literal; it never resolves a name
      return InetAddress.getByAddress(network).getHostAddress() + "/" + prefix;
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }
}
