package io.sopflow.reliability.faults;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A minimal SMTP server for fault runs: accepts every message, remembers its Message-ID, recipients and arrival time,
 * and can be stopped (port closed: "SMTP down") and started again on the same port. Not a mail server: no relaying,
 * no authentication, no TLS.
 */
public final class SmtpSink implements AutoCloseable {

  /** One accepted message. */
  public record Delivery(long receivedAtMillis, String messageId, List<String> recipients) {}

  private final int port;
  private final Queue<Delivery> deliveries = new ConcurrentLinkedQueue<>();
  private final Writer log;
  private volatile ServerSocket server;
  private ExecutorService connections;

  public SmtpSink(int port, Path logFile) throws IOException {
    this.port = port;
    this.log = Files.newBufferedWriter(logFile, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
  }

  public int port() {
    return port;
  }

  public synchronized void start() throws IOException {
    if (server != null) {
      return;
    }
    ServerSocket socket = new ServerSocket();
    socket.setReuseAddress(true);
    socket.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
    server = socket;
    connections = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "smtp-sink");
      t.setDaemon(true);
      return t;
    });
    Thread acceptor = new Thread(() -> accept(socket), "smtp-sink-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** Closes the port and drops open connections: clients get "connection refused" until {@link #start()}. */
  public synchronized void stop() throws IOException {
    if (server == null) {
      return;
    }
    server.close();
    server = null;
    connections.shutdownNow();
  }

  public boolean running() {
    return server != null;
  }

  public List<Delivery> deliveries() {
    return new ArrayList<>(deliveries);
  }

  @Override
  public void close() throws IOException {
    stop();
    log.close();
  }

  private void accept(ServerSocket socket) {
    while (!socket.isClosed()) {
      try {
        Socket client = socket.accept();
        connections.submit(() -> session(client));
      } catch (SocketException closed) {
        return;
      } catch (IOException | java.util.concurrent.RejectedExecutionException e) {
        return;
      }
    }
  }

  private void session(Socket client) {
    try (client;
        BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8));
        OutputStream raw = client.getOutputStream();
        PrintWriter out = new PrintWriter(new java.io.OutputStreamWriter(raw, StandardCharsets.UTF_8), false)) {
      reply(out, "220 sopflow-fault-sink ESMTP");
      List<String> recipients = new ArrayList<>();
      String line;
      while ((line = in.readLine()) != null) {
        String command = line.toUpperCase(Locale.ROOT);
        if (command.startsWith("EHLO")) {
          out.print("250-sopflow-fault-sink\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n");
          out.flush();
        } else if (command.startsWith("HELO")) {
          reply(out, "250 sopflow-fault-sink");
        } else if (command.startsWith("MAIL FROM")) {
          recipients.clear();
          reply(out, "250 OK");
        } else if (command.startsWith("RCPT TO")) {
          recipients.add(line.substring(line.indexOf(':') + 1).trim().replaceAll("[<>]", ""));
          reply(out, "250 OK");
        } else if (command.equals("DATA")) {
          reply(out, "354 End data with <CR><LF>.<CR><LF>");
          String messageId = "";
          String data;
          boolean headers = true;
          while ((data = in.readLine()) != null && !data.equals(".")) {
            if (headers && data.isEmpty()) {
              headers = false;
            } else if (headers && data.toLowerCase(Locale.ROOT).startsWith("message-id:")) {
              messageId = data.substring("message-id:".length()).trim();
            }
          }
          record(new Delivery(System.currentTimeMillis(), messageId, List.copyOf(recipients)));
          reply(out, "250 OK queued");
        } else if (command.startsWith("RSET")) {
          recipients.clear();
          reply(out, "250 OK");
        } else if (command.startsWith("NOOP")) {
          reply(out, "250 OK");
        } else if (command.startsWith("QUIT")) {
          reply(out, "221 Bye");
          return;
        } else {
          reply(out, "502 Command not implemented");
        }
      }
    } catch (IOException e) {
      // The client went away or the sink was stopped: nothing to record.
    }
  }

  private void record(Delivery delivery) {
    deliveries.add(delivery);
    synchronized (log) {
      try {
        log.write(delivery.receivedAtMillis() + "\t" + delivery.messageId() + "\t" + String.join(",",
            delivery.recipients()) + "\n");
        log.flush();
      } catch (IOException e) {
        // The in-memory record is what the run counts; the file is for people.
      }
    }
  }

  private static void reply(PrintWriter out, String line) {
    out.print(line + "\r\n");
    out.flush();
  }
}
