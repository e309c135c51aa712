package io.bounded.app;

import io.bounded.actors.runtime.BoundedRuntime;
import io.bounded.config.ApiGatewaySettings;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.settings.ServerSettings;

/**
 * The gateway's own listener, on {@code bounded.api-gateway.listen-host}/{@code listen-port}, apart
 * from the API so that proxied traffic and operator endpoints never share a port or a token. Each
 * request may take at most {@code bounded.api-gateway.request-timeout}, retries included. Public
 * for {@code bench --soak}, which puts the gateway's listener on its runtime.
 */
public final class GatewayServer {
  private GatewayServer() {}

  /**
   * Binds the listener and registers it with coordinated shutdown (it stops accepting first, and
   * in-flight requests get {@code shutdownDeadline}).
   *
   * @throws IllegalStateException naming the settings when the address cannot be bound
   */
  public static ServerBinding bind(BoundedRuntime runtime, Duration shutdownDeadline) {
    ApiGatewaySettings g = runtime.settings().apiGateway();
    ServerSettings defaults = ServerSettings.create(runtime.system().classicSystem());
    ServerSettings settings =
        defaults
            // the socket's address, never a header, identifies the client
            .withRemoteAddressAttribute(true)
            // a HEAD goes to the upstream as a HEAD, whatever the node's own listener does
            .withTransparentHeadRequests(false)
            .withTimeouts(
                defaults
                    .getTimeouts()
                    .withRequestTimeout(
                        scala.concurrent.duration.Duration.fromNanos(
                            g.requestTimeout().toNanos())));
    GatewayProxy proxy = new GatewayProxy(runtime);
    try {
      ServerBinding binding =
          Http.get(runtime.system())
              .newServerAt(g.listenHost(), g.listenPort())
              .withSettings(settings)
              .bind(proxy::handle)
              .toCompletableFuture()
              .get(runtime.settings().runtime().askTimeout().toMillis(), TimeUnit.MILLISECONDS);
      binding.addToCoordinatedShutdown(shutdownDeadline, runtime.system());
      return binding;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while binding the gateway listener", e);
    } catch (ExecutionException | TimeoutException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      throw new IllegalStateException(
          "cannot bind the gateway listener on "
              + g.listenHost()
              + ":"
              + g.listenPort()
              + " (bounded.api-gateway.listen-host/listen-port): "
              + cause.getMessage(),
          cause);
    }
  }
}
