package io.bounded.testkit;

import io.bounded.actors.support.RejectedException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/** Helpers for contract subjects. */
final class ContractAnswers {
  private ContractAnswers() {}

  /**
   * Completes when the component answered, whatever it answered: a {@link RejectedException} (an
   * insert past the bound, refused) is an answer; a timeout or any other failure is not.
   */
  static CompletionStage<?> answered(CompletionStage<?> reply) {
    return reply.handle(
        (value, error) -> {
          Throwable cause = error instanceof CompletionException ? error.getCause() : error;
          if (cause == null || cause instanceof RejectedException) {
            return value;
          }
          throw new CompletionException(cause);
        });
  }
}
