package io.bounded.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.bounded.actors.database.DatabaseClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The database inside a node: its default file, and its stats and metrics over HTTP. */
class DatabaseNodeIT {
  static NodeFixture fx;

  @BeforeAll
  static void start() {
    fx = NodeFixture.start("database", Map.of());
  }

  @AfterAll
  static void stop() {
    fx.close();
  }

  @Test
  void database_default_isAnH2FileInTheDataDirWhoseStatsAndMetricsAreServed() throws Exception {
    DatabaseClient db = fx.node.runtime().databaseClient();
    db.update("create table if not exists node_it (id int primary key, v varchar(20))")
        .toCompletableFuture()
        .get(20, TimeUnit.SECONDS);
    db.update("delete from node_it").toCompletableFuture().get(20, TimeUnit.SECONDS);
    assertThat(
            db.write("insert into node_it (id, v) values (?, ?)", 1, "one")
                .toCompletableFuture()
                .get(20, TimeUnit.SECONDS))
        .isEqualTo(1);
    List<String> values =
        db.query(row -> (String) row.get("V"), "select v from node_it")
            .toCompletableFuture()
            .get(20, TimeUnit.SECONDS);
    assertThat(values).containsExactly("one");
    assertThat(Files.exists(Path.of("target/it-data/database/bounded-db.mv.db"))).isTrue();

    HttpResponse<String> stats = fx.get("/stats");
    assertThat(stats.statusCode()).isEqualTo(200);
    JsonNode database = NodeFixture.json(stats).path("database");
    assertThat(database.path("name").asText()).isEqualTo("database");
    JsonNode gauges = database.path("gauges");
    assertThat(gauges.path("batches").asLong()).isGreaterThanOrEqualTo(1);
    assertThat(gauges.path("connections-created").asLong()).isBetween(1L, 8L);
    assertThat(gauges.has("pool-active")).isTrue();
    assertThat(gauges.has("acquire-wait-p99-micros")).isTrue();

    String metrics = fx.get("/metrics").body();
    assertThat(metrics)
        .contains("bounded_component_pool_active{component=\"database\"}")
        .contains("bounded_component_batches{component=\"database\"}")
        .contains("bounded_component_rejections_total{component=\"database\"}");
  }
}
