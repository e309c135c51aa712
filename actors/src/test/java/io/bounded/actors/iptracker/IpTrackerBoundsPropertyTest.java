package io.bounded.actors.iptracker;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import io.bounded.actors.TestClock;
import io.bounded.config.IpTrackerSettings;
import io.bounded.protocols.ComponentStats;
import io.bounded.protocols.iptracker.IpTrackerProtocol.Check;
import io.bounded.protocols.iptracker.IpTrackerProtocol.CheckReply;
import io.bounded.protocols.iptracker.IpTrackerProtocol.Command;
import io.bounded.protocols.iptracker.IpTrackerProtocol.GetStats;
import io.bounded.protocols.iptracker.IpTrackerProtocol.RecordFailure;
import java.time.Duration;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.apache.pekko.actor.testkit.typed.javadsl.BehaviorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestInbox;

/** Random checks and failures from many addresses: after every step, size <= max-addresses. */
class IpTrackerBoundsPropertyTest {

  @Property(tries = 50)
  void anySequence_sizeNeverAboveMaxAddresses(
      @ForAll @IntRange(min = 1, max = 8) int maxAddresses, @ForAll("steps") List<Integer> steps) {
    IpTrackerSettings s =
        IpTrackerSettings.fromConfig(
            ConfigFactory.parseString("bounded.ip-tracker.max-addresses = " + maxAddresses)
                .withFallback(ConfigFactory.defaultReference()));
    TestClock clock = new TestClock();
    BehaviorTestKit<Command> kit = BehaviorTestKit.create(IpTrackerActor.create(s, clock));
    TestInbox<CheckReply> replies = TestInbox.create();
    TestInbox<ComponentStats> stats = TestInbox.create();
    for (int step : steps) {
      String address = "203.0.113." + (step % 40);
      if (step % 3 == 0) {
        kit.run(new RecordFailure(address, null));
      } else if (step % 7 == 0) {
        clock.advance(Duration.ofSeconds(step));
      } else {
        kit.run(new Check(address, null, replies.getRef()));
      }
      kit.run(new GetStats(stats.getRef()));
      ComponentStats st = stats.receiveMessage();
      assertThat(st.size()).isLessThanOrEqualTo(maxAddresses);
    }
  }

  @net.jqwik.api.Provide
  net.jqwik.api.Arbitrary<List<Integer>> steps() {
    return Arbitraries.integers().between(0, 1000).list().ofMaxSize(200);
  }
}
