package io.bounded.actors.database;

import io.bounded.config.DatabaseSettings;
import io.bounded.protocols.database.DatabaseProtocol.Statement;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.apache.pekko.util.ByteString;

/**
 * The database's input rules in one place: the actor refuses what these name before anything
 * reaches the pool. Each method answers the reason a request would be refused, or {@code null} when
 * it is acceptable.
 */
public final class DatabaseRequests {
  /** Most parameters of one statement: PostgreSQL's wire protocol counts them in 16 bits. */
  public static final int MAX_PARAMS = 65_535;

  private static final Set<Class<?>> PARAM_TYPES =
      Set.of(
          String.class,
          Boolean.class,
          Byte.class,
          Short.class,
          Integer.class,
          Long.class,
          Float.class,
          Double.class,
          BigDecimal.class,
          BigInteger.class,
          UUID.class,
          LocalDate.class,
          LocalTime.class,
          LocalDateTime.class,
          OffsetDateTime.class,
          Instant.class);

  private DatabaseRequests() {}

  /** Why {@code statement} would be refused: blank SQL, too many or unsupported parameters. */
  public static String statementProblem(Statement statement) {
    if (statement.sql().isBlank()) {
      return "sql must not be blank";
    }
    List<Object> params = statement.params();
    if (params.size() > MAX_PARAMS) {
      return "a statement may bind at most " + MAX_PARAMS + " parameters, but had " + params.size();
    }
    for (int i = 0; i < params.size(); i++) {
      Object p = params.get(i);
      if (p != null && !PARAM_TYPES.contains(p.getClass()) && !(p instanceof ByteString)) {
        return "parameter "
            + (i + 1)
            + " has unsupported type "
            + p.getClass().getName()
            + " (use a string, number, boolean, UUID, ByteString, java.time value or null)";
      }
    }
    return null;
  }

  /**
   * Why a transaction would be refused: no statements, more than {@code
   * bounded.database.max-transaction-statements}, or a bad statement (named by its position).
   */
  public static String transactionProblem(DatabaseSettings settings, List<Statement> statements) {
    if (statements.isEmpty()) {
      return "a transaction needs at least one statement";
    }
    if (statements.size() > settings.maxTransactionStatements()) {
      return "a transaction of "
          + statements.size()
          + " statements is longer than bounded.database.max-transaction-statements ("
          + settings.maxTransactionStatements()
          + ")";
    }
    for (int i = 0; i < statements.size(); i++) {
      String problem = statementProblem(statements.get(i));
      if (problem != null) {
        return "statement " + (i + 1) + ": " + problem;
      }
    }
    return null;
  }
}
