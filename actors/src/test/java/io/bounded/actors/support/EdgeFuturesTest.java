package io.bounded.actors.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Asks at the edge complete on the given executor, never on a thread started per reply. */
class EdgeFuturesTest {
  private static final ActorTestKit KIT =
      ActorTestKit.create("edge-futures", ConfigFactory.defaultReference());

  @AfterAll
  static void shutdown() {
    KIT.shutdownTestKit();
  }

  record Echo(String text, ActorRef<String> replyTo) {}

  @Test
  void ask_replyArrives_completesThroughTheGivenExecutor() throws Exception {
    ActorRef<Echo> echo =
        KIT.spawn(
            Behaviors.receiveMessage(
                (Echo e) -> {
                  e.replyTo().tell(e.text());
                  return Behaviors.same();
                }));
    AtomicInteger ran = new AtomicInteger();
    Executor counting =
        task -> {
          ran.incrementAndGet();
          task.run();
        };
    String reply =
        EdgeFutures.<Echo, String>ask(
                echo,
                r -> new Echo("hi", r),
                Duration.ofSeconds(5),
                KIT.system().scheduler(),
                counting)
            .get(5, TimeUnit.SECONDS);
    assertThat(reply).isEqualTo("hi");
    // the bridge from Pekko's future ran on the executor, not on a JDK default-executor thread
    assertThat(ran.get()).isGreaterThanOrEqualTo(1);
  }
}
