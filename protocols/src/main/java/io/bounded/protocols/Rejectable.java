package io.bounded.protocols;

/**
 * A request that can be answered with its component's {@code Rejected} reply without reaching the
 * component. The runtime uses it when the component's bounded inbox is full, so a sender is always
 * answered.
 */
public interface Rejectable {
  /**
   * Sends the component's {@code Rejected(reason)} to the request's {@code replyTo}, if it has one.
   *
   * @param reason why the request was not processed
   */
  void reject(String reason);
}
