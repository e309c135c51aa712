package io.bounded.actors.iptracker;

import static org.assertj.core.api.Assertions.assertThat;

import io.bounded.config.Cidr;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClientAddressesTest {
  private static final List<Cidr> TRUSTED = List.of(Cidr.parse("10.0.0.0/8"));

  private static String resolve(String peer, String xff) {
    InetAddress a = ClientAddresses.resolve(TRUSTED, peer, xff);
    return a == null ? null : a.getHostAddress();
  }

  @Test
  void parse_literals_acceptedAndNamesRefused() {
    assertThat(ClientAddresses.parse("192.0.2.7").getHostAddress()).isEqualTo("192.0.2.7");
    assertThat(ClientAddresses.parse("::1").getHostAddress()).isEqualTo("0:0:0:0:0:0:0:1");
    assertThat(ClientAddresses.parse("[2001:db8::1]")).isNotNull();
    assertThat(ClientAddresses.parse("fe80::1%eth0")).isNotNull();
    assertThat(ClientAddresses.parse("localhost")).isNull();
    assertThat(ClientAddresses.parse("300.1.1.1")).isNull();
    assertThat(ClientAddresses.parse("10.0.0.0/8")).isNull();
    assertThat(ClientAddresses.parse("")).isNull();
  }

  @Test
  void resolve_untrustedPeer_ignoresForwardedFor() {
    assertThat(resolve("192.0.2.7", "203.0.113.9")).isEqualTo("192.0.2.7");
  }

  @Test
  void resolve_trustedPeer_takesRightmostUntrustedHop() {
    assertThat(resolve("10.0.0.1", "198.51.100.1, 203.0.113.9, 10.0.0.2")).isEqualTo("203.0.113.9");
  }

  @Test
  void resolve_trustedPeerWithoutHeader_isTheClient() {
    assertThat(resolve("10.0.0.1", null)).isEqualTo("10.0.0.1");
  }

  @Test
  void resolve_malformedHop_stopsAtTheHopThatWroteIt() {
    assertThat(resolve("10.0.0.1", "203.0.113.9, garbage")).isEqualTo("10.0.0.1");
  }

  @Test
  void resolve_malformedPeer_isNull() {
    assertThat(resolve("not-an-ip", null)).isNull();
  }
}
