package io.bounded.actors.support;

/**
 * A component refused a request sent through a {@code CompletionStage} client; the message says why
 * (the field or bound at fault). Nothing changed in the component.
 */
public final class RejectedException extends RuntimeException {
  public RejectedException(String component, String reason) {
    super(component + " rejected the request: " + reason);
  }
}
