package io.bounded.actors.database;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import io.bounded.actors.runtime.BoundedRuntime;
import io.bounded.protocols.database.DatabaseProtocol.Statement;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The README's database example, run as written. */
class DatabaseExampleTest {
  @Test
  void readmeExample_runsAsWritten() {
    String url = "jdbc:h2:mem:example-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    try (BoundedRuntime runtime =
        BoundedRuntime.start(ConfigFactory.parseString("bounded.database.url = \"" + url + "\""))) {
      // README: begin
      DatabaseClient db = runtime.databaseClient();
      db.update("create table notes (id int primary key, body varchar(200))")
          .toCompletableFuture()
          .join();
      // batched: answered once the transaction holding it has committed
      db.write("insert into notes (id, body) values (?, ?)", 1, "hello")
          .toCompletableFuture()
          .join();
      List<String> bodies =
          db.query(row -> (String) row.get("BODY"), "select body from notes where id = ?", 1)
              .toCompletableFuture()
              .join();
      db.transact(
              List.of(
                  Statement.of("update notes set body = ? where id = ?", "bye", 1),
                  Statement.of("insert into notes (id, body) values (?, ?)", 2, "again")))
          .toCompletableFuture()
          .join();
      // README: end
      assertThat(bodies).containsExactly("hello");
      assertThat(
              db.query(row -> (String) row.get("BODY"), "select body from notes order by id")
                  .toCompletableFuture()
                  .join())
          .containsExactly("bye", "again");
    }
  }
}
