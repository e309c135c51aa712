package io.bounded.actors.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import org.apache.pekko.actor.typed.MailboxSelector;
import org.junit.jupiter.api.Test;

class MailboxesTest {
  @Test
  void selector_aCapacityTheSettingsName_isTheLockFreeMailbox_anyOtherTheBoundedOne() {
    try (BoundedRuntime runtime =
        BoundedRuntime.start(ConfigFactory.parseString("bounded.cache.mailbox-capacity = 16"))) {
      String path = Mailboxes.PATH + ".capacity-16";
      assertThat(runtime.system().settings().config().getString(path + ".mailbox-type"))
          .isEqualTo("org.apache.pekko.dispatch.NonBlockingBoundedMailbox");
      assertThat(runtime.system().settings().config().getInt(path + ".mailbox-capacity"))
          .isEqualTo(16);
      assertThat(Mailboxes.selector(runtime.system(), 16))
          .isEqualTo(MailboxSelector.fromConfig(path));
      assertThat(Mailboxes.selector(runtime.system(), 12_345))
          .isEqualTo(MailboxSelector.bounded(12_345));
    }
  }
}
