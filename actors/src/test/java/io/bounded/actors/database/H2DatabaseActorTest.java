package io.bounded.actors.database;

/** The database contract on an embedded H2 database (always runs). */
class H2DatabaseActorTest extends DatabaseActorContract {
  private final TestDatabase db = TestDatabase.h2();

  @Override
  TestDatabase database() {
    return db;
  }
}
