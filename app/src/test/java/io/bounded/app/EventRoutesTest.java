package io.bounded.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.bounded.protocols.eventbus.EventBusProtocol.Batch;
import io.bounded.protocols.eventbus.EventBusProtocol.Event;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.japi.function.Function;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.Test;

class EventRoutesTest {

  private static Event event(long offset, String payload) {
    return new Event("t", offset, Instant.EPOCH, ByteString.fromString(payload));
  }

  private static List<String> render(Function<Batch, Iterable<ByteString>> r, Batch b)
      throws Exception {
    List<String> out = new ArrayList<>();
    r.apply(b).forEach(bs -> out.add(bs.utf8String()));
    return out;
  }

  @Test
  void sse_dropsGrow_areReportedOnceAsACommentBeforeTheEvents() throws Exception {
    Function<Batch, Iterable<ByteString>> r = EventRoutes.sseRenderer();
    assertThat(render(r, new Batch(1, List.of(event(0, "a")), 0)))
        .containsExactly("id: 0\ndata: a\n\n");
    assertThat(render(r, new Batch(1, List.of(event(5, "b")), 4)))
        .containsExactly(
            ": dropped 4 (total 4) because this client read too slowly\n\n", "id: 5\ndata: b\n\n");
    assertThat(render(r, new Batch(1, List.of(event(6, "c")), 4)))
        .containsExactly("id: 6\ndata: c\n\n");
  }

  @Test
  void sse_multiLinePayload_isOneDataLinePerLine() throws Exception {
    assertThat(render(EventRoutes.sseRenderer(), new Batch(1, List.of(event(2, "x\ny")), 0)))
        .containsExactly("id: 2\ndata: x\ndata: y\n\n");
  }
}
