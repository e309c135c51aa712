package io.bounded.actors.database;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import io.bounded.actors.TestClock;
import io.bounded.config.DatabaseSettings;
import io.bounded.protocols.database.DatabaseProtocol.*;
import java.time.Duration;
import java.util.UUID;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.h2.tools.Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * A database server that goes away and comes back: requests fail with a clear reason while it is
 * down, and succeed again once it is back, with no restart of the component. H2's TCP server plays
 * the database server (stopping a system PostgreSQL from a test is not possible on every machine).
 */
class DatabaseDownTest {
  private static final ActorTestKit testKit =
      ActorTestKit.create("DatabaseDownTest", ConfigFactory.defaultReference());
  private static final Duration WAIT = Duration.ofSeconds(30);

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  @Test
  void request_databaseDown_failsClearly_thenRecoversWhenItReturns() throws Exception {
    Server server = Server.createTcpServer("-tcpPort", "0", "-ifNotExists").start();
    int port = server.getPort();
    String url =
        "jdbc:h2:tcp://127.0.0.1:" + port + "/mem:down-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    DatabaseSettings settings =
        DatabaseSettings.fromConfig(
            ConfigFactory.parseString(
                    "bounded.database { url = \""
                        + url
                        + "\", maximum-pool-size = 2, minimum-idle = 0,"
                        + " connection-timeout = 2s }")
                .withFallback(ConfigFactory.defaultReference()));
    ActorRef<Command> db = testKit.spawn(DatabaseActor.create(settings, new TestClock()));
    TestProbe<Reply> probe = testKit.createTestProbe(Reply.class);
    try {
      db.tell(new Query(Statement.of("select 1 as one"), probe.ref().narrow()));
      Reply up = probe.receiveMessage(WAIT);
      assertThat(up).as(up.toString()).isInstanceOf(Rows.class);

      server.stop();
      db.tell(new Query(Statement.of("select 1 as one"), probe.ref().narrow()));
      Reply down = probe.receiveMessage(WAIT);
      assertThat(down).as(down.toString()).isInstanceOf(Failed.class);
      assertThat(((Failed) down).reason()).startsWith("database unavailable");
      db.tell(new Write(Statement.of("select 1"), probe.ref().narrow()));
      Reply writeDown = probe.receiveMessage(WAIT);
      assertThat(writeDown).isInstanceOf(Failed.class);
      assertThat(((Failed) writeDown).reason()).startsWith("database unavailable");

      server = Server.createTcpServer("-tcpPort", Integer.toString(port), "-ifNotExists").start();
      probe.awaitAssert(
          WAIT,
          Duration.ofMillis(100),
          () -> {
            db.tell(new Query(Statement.of("select 1 as one"), probe.ref().narrow()));
            Reply back = probe.receiveMessage(WAIT);
            assertThat(back).as(back.toString()).isInstanceOf(Rows.class);
            return null;
          });
    } finally {
      testKit.stop(db);
      server.stop();
    }
  }
}
