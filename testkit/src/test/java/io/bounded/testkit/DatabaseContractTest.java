package io.bounded.testkit;

import io.bounded.actors.database.DatabaseClient;
import io.bounded.protocols.ComponentStats;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The database passes the bound-conformance contract: an insert is a batched write; size counts
 * writes pending in the batch queue (bound max-pending); writes past the queue are in a batch
 * ({@code writes-in-batches}, at most 2 × batch-size), and a committed write has left because its
 * work is done ({@code writes-written}, {@code writes-failed}). Pending writes never expire.
 *
 * <p>Under ManualTime a partial batch waits for batch-delay (1h) until the test moves time, so
 * writes pile up and the flood presses on max-pending.
 */
class DatabaseContractTest implements BoundedComponentContract {

  @RegisterExtension
  final BoundedRuntimeExtension bounded =
      BoundedRuntimeExtension.withConfig(
          "bounded.database { url = \"jdbc:h2:mem:contract-"
              + UUID.randomUUID()
              + ";DB_CLOSE_DELAY=-1\", max-pending = 20, batch-size = 50, batch-delay = 1h }");

  private CompletionStage<?> table;

  @Override
  public BoundedRuntimeExtension bounded() {
    return bounded;
  }

  @Override
  public ContractSubject subject() {
    DatabaseClient db = bounded.runtime().databaseClient();
    if (table == null) {
      table = db.update("CREATE TABLE IF NOT EXISTS contract (id INT PRIMARY KEY, v VARCHAR(64))");
    }
    CompletionStage<?> created = table;
    return new ContractSubject() {
      public CompletionStage<?> insert(int i) {
        // a write answers only once committed: the stats asked after it are the answer that it
        // was queued or refused, so writes pile up in the batch queue
        return created.thenCompose(
            x -> {
              db.write("INSERT INTO contract (id, v) VALUES (?, ?)", i, "value-" + i);
              return db.stats();
            });
      }

      public CompletionStage<ComponentStats> stats() {
        return created.thenCompose(x -> db.stats());
      }

      public Duration expiry() {
        throw new UnsupportedOperationException("pending writes never expire");
      }

      public Duration cleanupInterval() {
        throw new UnsupportedOperationException("the database has no cleanup tick");
      }

      public boolean expires() {
        return false;
      }

      public long completed(ComponentStats stats) {
        // written or failed: their work is done; in batches: past the queue, being written
        return stats.gauge("writes-written")
            + stats.gauge("writes-failed")
            + stats.gauge("writes-in-batches");
      }
    };
  }
}
