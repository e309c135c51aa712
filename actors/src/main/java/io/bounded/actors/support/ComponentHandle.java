package io.bounded.actors.support;

import io.bounded.protocols.ComponentStats;
import java.util.Objects;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * A component the runtime started: its name, its actor, and how to ask it for stats. The node
 * iterates these for {@code /health}, {@code /stats} and {@code /metrics}.
 *
 * @param name the component's name, e.g. {@code cache}
 * @param ref the component's actor
 * @param statsRequest builds the component's {@code GetStats} message
 * @param <C> the component's command type
 */
public record ComponentHandle<C>(
    String name, ActorRef<C> ref, Function<ActorRef<ComponentStats>, C> statsRequest) {
  public ComponentHandle {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(ref, "ref");
    Objects.requireNonNull(statsRequest, "statsRequest");
  }
}
