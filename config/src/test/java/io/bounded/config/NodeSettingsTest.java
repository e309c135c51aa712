package io.bounded.config;

import static io.bounded.config.TestConfigs.problemsOf;
import static io.bounded.config.TestConfigs.with;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NodeSettingsTest {

  @Test
  void host_nonLoopbackWithoutToken_isRefusedNamingTokenAndHost() {
    assertThat(
            problemsOf(() -> NodeSettings.fromConfig(with("bounded.node.http.host = \"0.0.0.0\""))))
        .containsExactly(
            "bounded.node.api.token must be set when bounded.node.http.host is not a loopback address"
                + " (host is \"0.0.0.0\"), but was empty");
  }

  @Test
  void host_nonLoopbackWithToken_isAccepted() {
    NodeSettings s =
        NodeSettings.fromConfig(
            with("bounded.node { http.host = \"0.0.0.0\", api.token = \"t0ken-value\" }"));
    assertThat(s.httpHost()).isEqualTo("0.0.0.0");
    assertThat(s.tokenRequired()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"127.0.0.1", "::1", "localhost", "127.0.0.2"})
  void host_loopbackWithoutToken_isAccepted(String host) {
    NodeSettings s = NodeSettings.fromConfig(with("bounded.node.http.host = \"" + host + "\""));
    assertThat(s.httpHost()).isEqualTo(host);
    assertThat(s.tokenRequired()).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"192.168.1.10", "::", "example.invalid", "127.0.0.1.nip.io"})
  void host_notALoopbackLiteral_needsAToken(String host) {
    assertThat(
            problemsOf(
                () -> NodeSettings.fromConfig(with("bounded.node.http.host = \"" + host + "\""))))
        .singleElement()
        .asString()
        .startsWith("bounded.node.api.token must be set")
        .contains("(host is \"" + host + "\")");
  }

  @Test
  void toString_withToken_masksIt() {
    NodeSettings s =
        NodeSettings.fromConfig(
            with("bounded.node { http.host = \"0.0.0.0\", api.token = \"t0ken-value\" }"));
    assertThat(s.toString()).doesNotContain("t0ken-value").contains("apiToken=****");
  }

  @Test
  void port_outOfRange_isRejectedWithPathRuleAndValue() {
    assertThat(problemsOf(() -> NodeSettings.fromConfig(with("bounded.node.http.port = 65536"))))
        .containsExactly("bounded.node.http.port must be <= 65535, but was 65536");
  }
}
