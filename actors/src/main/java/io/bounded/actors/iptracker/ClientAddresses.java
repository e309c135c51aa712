package io.bounded.actors.iptracker;

import io.bounded.config.Cidr;
import java.net.InetAddress;
import java.util.List;

/**
 * Address literals and the client-address rule. Parsing never looks a name up: only IPv4 and IPv6
 * literals are accepted (a zone such as {@code %eth0} is dropped).
 */
public final class ClientAddresses {
  private ClientAddresses() {}

  /** The address of an IPv4 or IPv6 literal, or {@code null} for anything else. */
  public static InetAddress parse(String text) {
    if (text == null) {
      return null;
    }
    String s = text.strip();
    int zone = s.indexOf('%');
    if (zone >= 0) {
      s = s.substring(0, zone);
    }
    if (s.startsWith("[") && s.endsWith("]")) {
      s = s.substring(1, s.length() - 1);
    }
    if (s.isEmpty() || s.indexOf('/') >= 0 || s.length() > 45) {
      return null;
    }
    try {
      return Cidr.parse(s).network();
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /**
   * The client behind a request: the socket's peer, unless the peer is a trusted proxy; then the
   * rightmost {@code X-Forwarded-For} entry that is not itself a trusted proxy (as nginx's {@code
   * real_ip_recursive on}). A malformed entry stops the walk at the hop that wrote it. A client
   * outside the trusted blocks therefore cannot choose its own address.
   *
   * @return the client, or {@code null} when {@code peer} is not an address literal
   */
  public static InetAddress resolve(List<Cidr> trustedProxies, String peer, String forwardedFor) {
    InetAddress client = parse(peer);
    if (client == null || forwardedFor == null || !within(trustedProxies, client)) {
      return client;
    }
    String[] hops = forwardedFor.split(",");
    for (int i = hops.length - 1; i >= 0; i--) {
      InetAddress hop = parse(hops[i]);
      if (hop == null) {
        return client;
      }
      client = hop;
      if (!within(trustedProxies, hop)) {
        return hop;
      }
    }
    return client;
  }

  /** True when {@code address} is in one of {@code blocks}. */
  public static boolean within(List<Cidr> blocks, InetAddress address) {
    for (Cidr block : blocks) {
      if (block.contains(address)) {
        return true;
      }
    }
    return false;
  }
}
