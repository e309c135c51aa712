package io.bounded.app.bench;

import io.bounded.protocols.ComponentStats;
import java.util.function.BooleanSupplier;

/**
 * A component under {@code bench --soak}: a driver of distinct keys and a way to read its stats.
 */
public interface SoakSubject {
  /** The component's name, as in {@code /stats}. */
  String name();

  /** Its configured capacity (entries). */
  long capacity();

  /** How many distinct keys the driver cycles through: 100 × capacity. */
  long distinctKeys();

  /**
   * Inserts distinct keys until {@code stop} is true, on the calling plain thread, never letting
   * more messages wait than the component's inbox holds.
   *
   * @return how many were inserted
   */
  long drive(BooleanSupplier stop) throws Exception;

  /** The component's stats, waiting at most the runtime's ask timeout. */
  ComponentStats stats() throws Exception;
}
