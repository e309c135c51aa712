package io.bounded.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CidrTest {

  private static InetAddress ip(String literal) throws Exception {
    return InetAddress.getByName(literal); // test input is always a literal: no lookup
  }

  @ParameterizedTest
  @CsvSource({
    "10.0.0.0/8, 10.0.0.0/8",
    "192.168.1.7, 192.168.1.7/32",
    "0.0.0.0/0, 0.0.0.0/0",
    "::1/128, 0:0:0:0:0:0:0:1/128",
    "::1, 0:0:0:0:0:0:0:1/128",
    "2001:db8::/32, 2001:db8:0:0:0:0:0:0/32",
    "::/0, 0:0:0:0:0:0:0:0/0",
    "::ffff:10.0.0.0/104, 10.0.0.0/8",
    "' 10.1.0.0/16 ', 10.1.0.0/16"
  })
  void parse_validBlock_isReadInCidrNotation(String text, String expected) {
    assertThat(Cidr.parse(text)).hasToString(expected);
  }

  @Test
  void parse_bareAddress_isABlockOfOne() {
    assertThat(Cidr.parse("192.0.2.1").prefixLength()).isEqualTo(32);
    assertThat(Cidr.parse("2001:db8::1").prefixLength()).isEqualTo(128);
    assertThat(Cidr.parse("2001:db8::1").isIpv4()).isFalse();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        " ",
        "example.com",
        "localhost",
        "abc",
        "10.0.0/8",
        "010.0.0.1",
        "256.0.0.0",
        "1",
        "1.2.3.4.5",
        "0x0a.0.0.1",
        "10.0.0.0/",
        "10.0.0.0/-1",
        "10.0.0.0/33",
        "10.0.0.0/8/8",
        "10.0.0.0/ 8",
        "::1/129",
        "[::1]",
        "fe80::1%eth0",
        "1:2:3",
        "::ffff:10.0.0.0/8",
        "::ffff:1.2.3/120"
      })
  void parse_notACidrLiteral_isRefused(String text) {
    assertThatThrownBy(() -> Cidr.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("an IPv4 or IPv6 address or CIDR block");
  }

  @Test
  void parse_hostName_isRefusedEvenWhenItWouldResolve() {
    // localhost resolves on every machine; a lookup would have made it 127.0.0.1/32
    assertThatThrownBy(() -> Cidr.parse("localhost"))
        .hasMessage(
            "an IPv4 or IPv6 address or CIDR block such as 10.0.0.0/8 or ::1/128 (no host names)");
  }

  @Test
  void parse_bitsSetAfterPrefix_isRefusedSuggestingTheNetwork() {
    assertThatThrownBy(() -> Cidr.parse("10.1.2.3/8"))
        .hasMessage(
            "a CIDR block with no bits set after the prefix length (did you mean 10.0.0.0/8?)");
    assertThatThrownBy(() -> Cidr.parse("2001:db8::1/32"))
        .hasMessageContaining("did you mean 2001:db8:0:0:0:0:0:0/32?");
  }

  @Test
  void contains_addressInsideAndAtTheEdges_isTrue() throws Exception {
    Cidr block = Cidr.parse("10.0.0.0/8");
    assertThat(block.contains(ip("10.0.0.0"))).isTrue();
    assertThat(block.contains(ip("10.1.2.3"))).isTrue();
    assertThat(block.contains(ip("10.255.255.255"))).isTrue();
  }

  @Test
  void contains_addressOutside_isFalse() throws Exception {
    Cidr block = Cidr.parse("10.0.0.0/8");
    assertThat(block.contains(ip("11.0.0.0"))).isFalse();
    assertThat(block.contains(ip("9.255.255.255"))).isFalse();
    assertThat(Cidr.parse("192.168.0.0/23").contains(ip("192.168.1.200"))).isTrue();
    assertThat(Cidr.parse("192.168.0.0/23").contains(ip("192.168.2.0"))).isFalse();
  }

  @Test
  void contains_otherFamily_isFalse() throws Exception {
    assertThat(Cidr.parse("0.0.0.0/0").contains(ip("::1"))).isFalse();
    assertThat(Cidr.parse("::/0").contains(ip("127.0.0.1"))).isFalse();
  }

  @Test
  void contains_ipv6_respectsThePrefix() throws Exception {
    Cidr block = Cidr.parse("2001:db8::/32");
    assertThat(block.contains(ip("2001:db8:ffff::1"))).isTrue();
    assertThat(block.contains(ip("2001:db9::1"))).isFalse();
    assertThat(Cidr.parse("::1").contains(ip("::1"))).isTrue();
    assertThat(Cidr.parse("::1").contains(ip("::2"))).isFalse();
  }

  @Test
  void contains_ipv4MappedBlock_matchesTheIpv4Address() throws Exception {
    assertThat(Cidr.parse("::ffff:10.0.0.0/104").contains(ip("10.9.8.7"))).isTrue();
  }

  @Test
  void equals_sameBlockWrittenDifferently_isEqual() {
    assertThat(Cidr.parse("2001:DB8:0::/32")).isEqualTo(Cidr.parse("2001:db8::/32"));
    assertThat(Cidr.parse("2001:DB8:0::/32").hashCode())
        .isEqualTo(Cidr.parse("2001:db8::/32").hashCode());
    assertThat(Cidr.parse("10.0.0.0/8")).isNotEqualTo(Cidr.parse("10.0.0.0/9"));
  }
}
