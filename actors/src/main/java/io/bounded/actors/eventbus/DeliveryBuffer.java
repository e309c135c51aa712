package io.bounded.actors.eventbus;

import io.bounded.protocols.eventbus.EventBusProtocol.Event;
import io.bounded.protocols.eventbus.EventBusProtocol.OverflowPolicy;
import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.Outlet;
import org.apache.pekko.stream.SourceShape;
import org.apache.pekko.stream.stage.AbstractOutHandler;
import org.apache.pekko.stream.stage.AsyncCallback;
import org.apache.pekko.stream.stage.GraphStage;
import org.apache.pekko.stream.stage.GraphStageLogic;

/**
 * One subscription's delivery buffer: at most {@code capacity} events, filled by the event bus
 * actor and drained by the subscription's stream through {@link #source()}.
 *
 * <p>Why not {@code Source.queue}: its synchronous {@code BoundedSourceQueue} only drops the newest
 * element, and the variant that drops the oldest answers asynchronously, so neither lets the bus
 * apply all four overflow policies and count every drop exactly at the moment of the publish. Here
 * {@link #offer} applies the policy under a lock and answers at once; the stream side takes one
 * event per pull and parks (costing nothing) while the buffer is empty, woken by an async callback.
 *
 * <p>Thread-safety: {@link #offer} and {@link #end} run on the bus actor's thread, the stage on the
 * stream's; both go through this object's monitor, held for a few field writes only.
 */
final class DeliveryBuffer {

  /** What {@link #offer} did. */
  enum Offer {
    ENQUEUED,
    /** Enqueued after dropping the oldest buffered event. */
    DROPPED_OLDEST,
    /** Not enqueued; the event was dropped. */
    DROPPED_NEWEST,
    /** Not enqueued, nothing dropped: the buffer is full (backpressure and fail policies). */
    FULL,
    /** The subscription's stream has ended. */
    CLOSED
  }

  /** The reason a subscription ended, carried by the stream failure to the subscriber. */
  static final class Ended extends RuntimeException {
    Ended(String reason) {
      super(reason, null, false, false);
    }
  }

  private final int capacity;
  private final Event[] ring;
  private final Runnable onStopped;
  private int head;
  private int size;
  private long taken;
  private long lastTakenOffset = -1;
  private long drops;
  private boolean closed;
  private String endReason;
  private boolean waiting;
  private Runnable wakeup;
  private boolean stoppedReported;

  /**
   * @param capacity most events held ({@code bounded.event-bus.buffer-size})
   * @param onStopped run once, on the stream's thread, when the stream stops for any reason
   */
  DeliveryBuffer(int capacity, Runnable onStopped) {
    this.capacity = capacity;
    this.ring = new Event[capacity];
    this.onStopped = onStopped;
  }

  /** Offers one event under {@code policy}; never blocks, never holds more than the capacity. */
  Offer offer(Event e, OverflowPolicy policy) {
    Runnable wake;
    Offer result = Offer.ENQUEUED;
    synchronized (this) {
      if (closed) {
        return Offer.CLOSED;
      }
      if (size == capacity) {
        switch (policy) {
          case DROP_NEWEST:
            drops++;
            return Offer.DROPPED_NEWEST;
          case DROP_OLDEST:
            ring[head] = null;
            head = (head + 1) % capacity;
            size--;
            drops++;
            result = Offer.DROPPED_OLDEST;
            break;
          default:
            return Offer.FULL;
        }
      }
      ring[(head + size) % capacity] = e;
      size++;
      if (!waiting) {
        return result;
      }
      waiting = false;
      wake = wakeup;
    }
    if (wake != null) {
      wake.run();
    }
    return result;
  }

  /** Ends the subscription now: buffered events are discarded and the stream fails with reason. */
  void end(String reason) {
    Runnable wake;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      endReason = reason;
      clear();
      wake = wakeup;
    }
    if (wake != null) {
      wake.run();
    }
  }

  synchronized int size() {
    return size;
  }

  synchronized int free() {
    return capacity - size;
  }

  synchronized long taken() {
    return taken;
  }

  synchronized long drops() {
    return drops;
  }

  /** The offset of the last event the stream took, or -1. */
  synchronized long lastTakenOffset() {
    return lastTakenOffset;
  }

  synchronized boolean isClosed() {
    return closed;
  }

  /** A source of the buffered events; materialise it once. */
  GraphStage<SourceShape<Event>> source() {
    return new Stage();
  }

  // ---- stream side

  private synchronized void attach(Runnable wake) {
    this.wakeup = wake;
  }

  /**
   * The next event, or {@code null} when none (then the stage is woken by the next offer). Called
   * by the stage; package-private for tests.
   */
  synchronized Event poll() {
    if (closed) {
      return null;
    }
    if (size == 0) {
      waiting = true;
      return null;
    }
    Event e = ring[head];
    ring[head] = null;
    head = (head + 1) % capacity;
    size--;
    taken++;
    lastTakenOffset = e.offset();
    return e;
  }

  private synchronized String endReason() {
    return closed ? endReason : null;
  }

  private void stageStopped() {
    synchronized (this) {
      if (stoppedReported) {
        return;
      }
      stoppedReported = true;
      if (!closed) {
        closed = true;
        endReason = "the consumer went away";
        clear();
      }
    }
    onStopped.run();
  }

  private void clear() {
    java.util.Arrays.fill(ring, null);
    head = 0;
    size = 0;
  }

  private final class Stage extends GraphStage<SourceShape<Event>> {
    private final Outlet<Event> out = Outlet.create("DeliveryBuffer.out");
    private final SourceShape<Event> shape = SourceShape.of(out);

    @Override
    public SourceShape<Event> shape() {
      return shape;
    }

    @Override
    public GraphStageLogic createLogic(Attributes inheritedAttributes) {
      return new GraphStageLogic(shape) {
        {
          setHandler(
              out,
              new AbstractOutHandler() {
                @Override
                public void onPull() {
                  deliver();
                }
              });
        }

        @Override
        public void preStart() {
          AsyncCallback<Object> woken = createAsyncCallback(ignored -> onWake());
          attach(() -> woken.invoke(Boolean.TRUE));
          onWake();
        }

        private void onWake() {
          String reason = endReason();
          if (reason != null) {
            failStage(new Ended(reason));
          } else if (isAvailable(out)) {
            deliver();
          }
        }

        private void deliver() {
          Event e = poll();
          if (e != null) {
            push(out, e);
          } else {
            String reason = endReason();
            if (reason != null) {
              failStage(new Ended(reason));
            }
          }
        }

        @Override
        public void postStop() {
          stageStopped();
        }
      };
    }
  }
}
