package org.posnet.app;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import org.posnet.common.db.Database;
import org.posnet.common.metrics.Metrics;

/**
 * {@code /metrics} (Prometheus) and {@code /health} until the console brings the full HTTP API.
 * JDK's own server: nothing to add for two read-only routes.
 */
final class StatusHttp implements AutoCloseable {
  private final HttpServer server;

  StatusHttp(String bind, int port, Metrics metrics, Database db) throws IOException {
    server = HttpServer.create(new InetSocketAddress(bind, port), 64);
    server.createContext("/metrics", ex -> reply(ex, 200, "text/plain; version=0.0.4; charset=utf-8", metrics.scrape()));
    server.createContext("/health", ex -> {
      boolean dbUp = databaseUp(db);
      reply(ex, dbUp ? 200 : 503, "application/json", "{\"status\":\"" + (dbUp ? "UP" : "DOWN") + "\",\"database\":\"" + (dbUp ? "UP" : "DOWN") + "\"}");
    });
    server.createContext("/", ex -> reply(ex, 404, "text/plain", "not found\n"));
    server.setExecutor(Executors.newFixedThreadPool(2, r -> {
      Thread t = new Thread(r, "http");
      t.setDaemon(true);
      return t;
    }));
    server.start();
  }

  int port() {
    return server.getAddress().getPort();
  }

  private static boolean databaseUp(Database db) {
    try {
      return db.jdbi().withHandle(h -> h.createQuery("SELECT 1").mapTo(Integer.class).one()) == 1;
    } catch (RuntimeException e) {
      return false;
    }
  }

  private static void reply(HttpExchange ex, int status, String type, String body) throws IOException {
    try (ex) {
      if (!ex.getRequestMethod().equals("GET") && !ex.getRequestMethod().equals("HEAD")) {
        ex.sendResponseHeaders(405, -1);
        return;
      }
      byte[] b = body.getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().set("Content-Type", type);
      ex.getResponseHeaders().set("Cache-Control", "no-store");
      ex.sendResponseHeaders(status, b.length);
      try (OutputStream o = ex.getResponseBody()) {
        o.write(b);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
