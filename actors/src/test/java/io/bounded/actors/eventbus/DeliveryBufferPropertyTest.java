package io.bounded.actors.eventbus;

import static org.assertj.core.api.Assertions.assertThat;

import io.bounded.protocols.eventbus.EventBusProtocol.Event;
import io.bounded.protocols.eventbus.EventBusProtocol.OverflowPolicy;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.apache.pekko.util.ByteString;

/**
 * Random offer/poll sequences against a {@link DeliveryBuffer}, checked against a model: after
 * every step it holds at most its capacity, keeps exactly the events the policy says, in order, and
 * counts every drop.
 */
class DeliveryBufferPropertyTest {

  @Property(tries = 300)
  void anySequence_anyPolicy_staysWithinCapacityAndCountsEveryDrop(
      @ForAll @IntRange(min = 1, max = 8) int capacity,
      @ForAll OverflowPolicy policy,
      @ForAll("steps") List<Boolean> offers) {
    DeliveryBuffer buffer = new DeliveryBuffer(capacity, () -> {});
    ArrayDeque<Long> model = new ArrayDeque<>();
    long drops = 0;
    long offset = 0;
    for (boolean offer : offers) {
      if (offer) {
        Event e = new Event("t", offset++, Instant.EPOCH, ByteString.emptyByteString());
        DeliveryBuffer.Offer result = buffer.offer(e, policy);
        if (model.size() < capacity) {
          assertThat(result).isEqualTo(DeliveryBuffer.Offer.ENQUEUED);
          model.addLast(e.offset());
        } else {
          switch (policy) {
            case DROP_OLDEST -> {
              assertThat(result).isEqualTo(DeliveryBuffer.Offer.DROPPED_OLDEST);
              model.pollFirst();
              model.addLast(e.offset());
              drops++;
            }
            case DROP_NEWEST -> {
              assertThat(result).isEqualTo(DeliveryBuffer.Offer.DROPPED_NEWEST);
              drops++;
            }
            default -> assertThat(result).isEqualTo(DeliveryBuffer.Offer.FULL);
          }
        }
      } else {
        Event e = buffer.poll();
        Long expected = model.pollFirst();
        assertThat(e == null ? null : e.offset()).isEqualTo(expected);
      }
      assertThat(buffer.size()).isEqualTo(model.size()).isLessThanOrEqualTo(capacity);
      assertThat(buffer.drops()).isEqualTo(drops);
    }
  }

  @Property(tries = 50)
  void end_anyState_discardsEverythingAndRefusesFurtherOffers(
      @ForAll @IntRange(min = 1, max = 8) int capacity, @ForAll @IntRange(max = 10) int n) {
    DeliveryBuffer buffer = new DeliveryBuffer(capacity, () -> {});
    for (int i = 0; i < n; i++) {
      buffer.offer(
          new Event("t", i, Instant.EPOCH, ByteString.emptyByteString()),
          OverflowPolicy.DROP_OLDEST);
    }
    buffer.end("test");
    assertThat(buffer.size()).isZero();
    assertThat(
            buffer.offer(
                new Event("t", n, Instant.EPOCH, ByteString.emptyByteString()),
                OverflowPolicy.DROP_OLDEST))
        .isEqualTo(DeliveryBuffer.Offer.CLOSED);
  }

  @Provide
  Arbitrary<List<Boolean>> steps() {
    return Arbitraries.of(true, true, false).list().ofMaxSize(60);
  }
}
