package io.bounded.actors.runtime;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.MailboxSelector;

/**
 * The components' bounded inboxes. Pekko Typed's {@code MailboxSelector.bounded(n)} is the classic
 * {@code BoundedMailbox}, a {@code LinkedBlockingQueue}: every enqueue and dequeue takes a lock,
 * and an actor thread that meets a contended lock parks (BlockHound caught it). {@code
 * NonBlockingBoundedMailbox} is a lock-free bounded queue with the same overflow rule (a message
 * past the capacity goes to dead letters, where the runtime counts it), but it can only be chosen
 * by a config path. So the runtime adds one mailbox section per capacity its settings name before
 * the actor system starts, and {@link #selector} picks it; a capacity unknown at start (a memoizer
 * made later with its own settings) falls back to {@code MailboxSelector.bounded}.
 */
public final class Mailboxes {
  /** Where the generated mailbox sections live in the actor system's configuration. */
  static final String PATH = "bounded.internal.mailbox";

  private static final String NON_BLOCKING = "org.apache.pekko.dispatch.NonBlockingBoundedMailbox";

  private Mailboxes() {}

  /** Mailbox sections for each of {@code capacities}, to add to the system's configuration. */
  static Config forCapacities(Collection<Integer> capacities) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int capacity : new TreeSet<>(capacities)) {
      m.put(path(capacity) + ".mailbox-type", NON_BLOCKING);
      m.put(path(capacity) + ".mailbox-capacity", capacity);
    }
    return ConfigFactory.parseMap(m);
  }

  /** A bounded inbox of {@code capacity}: the lock-free one when the system has its section. */
  public static MailboxSelector selector(ActorSystem<?> system, int capacity) {
    String path = path(capacity);
    return system.settings().config().hasPath(path)
        ? MailboxSelector.fromConfig(path)
        : MailboxSelector.bounded(capacity);
  }

  private static String path(int capacity) {
    return PATH + ".capacity-" + capacity;
  }
}
