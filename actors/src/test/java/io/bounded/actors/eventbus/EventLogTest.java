package io.bounded.actors.eventbus;

import static org.assertj.core.api.Assertions.assertThat;

import io.bounded.protocols.eventbus.EventBusProtocol.Event;
import java.time.Instant;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.Test;

class EventLogTest {

  private static Event at(long offset, long millis) {
    return new Event("t", offset, Instant.ofEpochMilli(millis), ByteString.emptyByteString());
  }

  @Test
  void addAndRemove_manyEvents_growsAndShrinksWithWhatItHolds() {
    EventLog log = new EventLog();
    for (int i = 0; i < 1000; i++) {
      log.add(at(i, i));
    }
    assertThat(log.slots()).isEqualTo(1024);
    for (int i = 0; i < 995; i++) {
      assertThat(log.removeFirst().offset()).isEqualTo(i);
    }
    assertThat(log.size()).isEqualTo(5);
    assertThat(log.slots()).isLessThanOrEqualTo(32);
    assertThat(log.get(0).offset()).isEqualTo(995);
    assertThat(log.get(4).offset()).isEqualTo(999);
  }

  @Test
  void indexOf_offsetsOutsideTheLog_areClamped() {
    EventLog log = new EventLog();
    for (int i = 10; i < 15; i++) {
      log.add(at(i, i));
    }
    assertThat(log.indexOf(0)).isZero();
    assertThat(log.indexOf(12)).isEqualTo(2);
    assertThat(log.indexOf(99)).isEqualTo(5);
  }

  @Test
  void indexAtOrAfter_time_findsFirstEventNotBeforeIt() {
    EventLog log = new EventLog();
    log.add(at(0, 100));
    log.add(at(1, 100));
    log.add(at(2, 200));
    log.add(at(3, 300));
    assertThat(log.indexAtOrAfter(Instant.ofEpochMilli(50))).isZero();
    assertThat(log.indexAtOrAfter(Instant.ofEpochMilli(100))).isZero();
    assertThat(log.indexAtOrAfter(Instant.ofEpochMilli(150))).isEqualTo(2);
    assertThat(log.indexAtOrAfter(Instant.ofEpochMilli(301))).isEqualTo(4);
  }
}
