package io.bounded.actors.database;

/**
 * The database contract on a real PostgreSQL, named by {@code BOUNDED_TEST_PG_URL} ({@code .ci/run}
 * installs, starts and exports it). Without one, every test is reported skipped with the reason.
 */
class PostgresDatabaseActorTest extends DatabaseActorContract {
  private static final TestDatabase DB = TestDatabase.postgres();

  @Override
  TestDatabase database() {
    return DB;
  }
}
